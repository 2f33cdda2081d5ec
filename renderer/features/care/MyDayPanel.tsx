import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { followUpKinds, type Complaint, type FollowUp, type FollowUpKind, type MyDay } from '../../../shared/care';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { formatCalendarDate } from '../../i18n/format';
import { followUpReason, formatDateTime } from './careFormat';
import { FollowUpItem } from './FollowUpItem';
import './care.css';

/** Rows shown per kind of follow-up at first, and how many more each "show more" adds. */
export const GROUP_PAGE = 5;
const MORE_PAGE = 10;

/**
 * "Hari ini": the outlet's follow-ups (closed right here, done or cancelled), complaints past their service level
 * and fresh ones still waiting for a first response, on the home screen. Never takes the focus on its own.
 */
export function MyDayPanel({ onOpen }: { onOpen: (customerId: string) => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [day, setDay] = useState<MyDay | null>(null);
  const [version, setVersion] = useState(0);
  const [announcement, setAnnouncement] = useState('');
  const [mine, setMine] = useState(false);
  /** How many rows each group shows, by `list:kind`; a group not listed shows GROUP_PAGE. */
  const [shown, setShown] = useState<Record<string, number>>({});
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let alive = true;
    api['care.myDay']({ mine }).then(
      (d) => alive && setDay(d),
      (e) => errorShapeOf(e),
    );
    return () => {
      alive = false;
    };
  }, [api, version, mine]);

  const onClosed = useCallback(
    (f: FollowUp, status: 'done' | 'cancelled') => {
      setAnnouncement(t(status === 'done' ? 'care.followUp.markedDone' : 'care.followUp.markedDropped', { name: f.customerName ?? '—' }));
      setVersion((v) => v + 1);
      // The row that had the focus is gone: the panel's heading takes it, next to the announcement.
      heading.current?.focus();
    },
    [t],
  );

  if (!day) return null;
  const lang = i18n.language;
  const more = (shown: number, total: number) =>
    total > shown ? <p className="muted small">{t('care.myDay.more', { count: total - shown })}</p> : null;

  const row = (f: FollowUp, kind: 'overdue' | 'due' | 'done') => {
    const open = (
      <button type="button" className="link-button" onClick={() => onOpen(f.customerId)}>
        <b>{f.customerName ?? '—'}</b> · {followUpReason(t, f)}
        {kind === 'overdue' ? ` · ${formatCalendarDate(f.dueDate, lang)}` : ''}
        {f.owner ? ` · ${f.owner}` : ''}
      </button>
    );
    return kind === 'done' ? (
      <li key={f.id}>{open}</li>
    ) : (
      <FollowUpItem key={f.id} followUp={f} onClosed={onClosed}>
        {open}
      </FollowUpItem>
    );
  };

  // Open follow-ups by kind (birthdays, after a purchase, not contacted for long…), each a short page at a time:
  // a fresh store's rule pass makes a hundred of them, and one long list is not read.
  const grouped = (id: string, items: FollowUp[], kind: 'overdue' | 'due') => {
    const byKind = new Map<FollowUpKind, FollowUp[]>();
    for (const f of items) byKind.set(f.kind, [...(byKind.get(f.kind) ?? []), f]);
    return followUpKinds
      .filter((k) => byKind.has(k))
      .map((k) => {
        const all = byKind.get(k)!;
        const key = `${id}:${k}`;
        const limit = shown[key] ?? GROUP_PAGE;
        const headingId = `${id}-${k}`;
        return (
          <div key={k} className="myday-kind">
            <h4 id={headingId}>
              {t(`care.followUp.kind.${k}`)} <span className="count">{all.length}</span>
            </h4>
            <ul className="plain" aria-labelledby={`${id} ${headingId}`}>
              {all.slice(0, limit).map((f) => row(f, kind))}
            </ul>
            {all.length > limit && (
              <button type="button" className="link-button small" onClick={() => setShown((s) => ({ ...s, [key]: limit + MORE_PAGE }))}>
                {t('care.myDay.showMore', { count: Math.min(MORE_PAGE, all.length - limit), left: all.length - limit })}
              </button>
            )}
          </div>
        );
      });
  };

  const followUps = (title: string, id: string, items: FollowUp[], total: number, kind: 'overdue' | 'due' | 'done') => (
    <div className={`myday-group ${kind === 'due' ? '' : kind}`}>
      <h3 id={id}>
        {title} <span className="count">{total}</span>
      </h3>
      {items.length === 0 ? (
        <p className="muted small">{t('care.myDay.none')}</p>
      ) : kind !== 'done' ? (
        grouped(id, items, kind)
      ) : (
        <ul className="plain" aria-labelledby={id}>
          {items.slice(0, shown[id] ?? GROUP_PAGE).map((f) => row(f, kind))}
        </ul>
      )}
      {kind === 'done' && items.length > (shown[id] ?? GROUP_PAGE) && (
        <button type="button" className="link-button small" onClick={() => setShown((s) => ({ ...s, [id]: (s[id] ?? GROUP_PAGE) + MORE_PAGE }))}>
          {t('care.myDay.showMore', { count: Math.min(MORE_PAGE, items.length - (shown[id] ?? GROUP_PAGE)), left: items.length - (shown[id] ?? GROUP_PAGE) })}
        </button>
      )}
      {more(items.length, total)}
    </div>
  );

  const complaint = (c: Complaint, overdue: boolean) => (
    <li key={c.id} className={overdue ? 'myday-complaint overdue' : 'myday-complaint'}>
      <button type="button" className="link-button" onClick={() => onOpen(c.customerId)}>
        <span className={overdue ? 'pill pill-overdue' : 'pill pill-warn'}>
          {t(overdue ? 'care.myDay.overdueBadge' : 'care.myDay.awaitingBadge')}
        </span>{' '}
        <b>{c.customerName ?? '—'}</b> · {t(`care.category.${c.category}`)} · {t(`care.severity.${c.severity}`)} ·{' '}
        {overdue
          ? t('care.myDay.dueAt', { at: formatDateTime(c.firstResponseAt ? c.resolutionDueAt : c.firstResponseDueAt, lang) })
          : t('care.myDay.respondBy', { at: formatDateTime(c.firstResponseDueAt, lang) })}
      </button>
    </li>
  );
  const complaintTotal = day.counts.overdueComplaints + day.awaitingResponseCount;

  return (
    <section className="panel myday" aria-labelledby="myday-h">
      <div className="myday-head">
        <h2 id="myday-h" ref={heading} tabIndex={-1}>
          {t('care.myDay.title')} <span className="muted small">{formatCalendarDate(day.date, lang)}</span>
        </h2>
        <div className="segmented" role="group" aria-label={t('care.myDay.scope')}>
          <button type="button" className="button small" aria-pressed={!mine} onClick={() => setMine(false)}>
            {t('care.myDay.scopeOutlet')}
          </button>
          <button type="button" className="button small" aria-pressed={mine} onClick={() => setMine(true)}>
            {t('care.myDay.scopeMine')}
          </button>
        </div>
      </div>
      <p className="sr-only" role="status">
        {announcement}
      </p>
      <div className="myday-grid">
        {followUps(t('care.myDay.overdue'), 'myday-overdue', day.overdue, day.counts.overdue, 'overdue')}
        <div className={`myday-group ${day.overdueComplaints.length ? 'overdue' : ''}`}>
          <h3 id="myday-complaints">
            {t('care.myDay.complaints')} <span className="count">{complaintTotal}</span>
          </h3>
          {complaintTotal === 0 ? (
            <p className="muted small">{t('care.myDay.none')}</p>
          ) : (
            <ul className="plain" aria-labelledby="myday-complaints">
              {day.overdueComplaints.map((c) => complaint(c, true))}
              {day.awaitingResponse.map((c) => complaint(c, false))}
            </ul>
          )}
          {more(day.overdueComplaints.length + day.awaitingResponse.length, complaintTotal)}
        </div>
        {followUps(t('care.myDay.dueToday'), 'myday-due', day.dueToday, day.counts.dueToday, 'due')}
        {followUps(t('care.myDay.doneToday'), 'myday-done', day.doneToday, day.counts.doneToday, 'done')}
      </div>
    </section>
  );
}
