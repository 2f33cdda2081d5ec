import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Complaint, FollowUp, MyDay } from '../../../shared/care';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { formatCalendarDate } from '../../i18n/format';
import { followUpReason, formatDateTime } from './careFormat';
import { FollowUpItem } from './FollowUpItem';
import './care.css';

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
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let alive = true;
    api['care.myDay']({}).then(
      (d) => alive && setDay(d),
      (e) => errorShapeOf(e),
    );
    return () => {
      alive = false;
    };
  }, [api, version]);

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

  const followUps = (title: string, id: string, items: FollowUp[], total: number, kind: 'overdue' | 'due' | 'done') => (
    <div className={`myday-group ${kind === 'due' ? '' : kind}`}>
      <h3 id={id}>
        {title} <span className="count">{total}</span>
      </h3>
      {items.length === 0 ? (
        <p className="muted small">{t('care.myDay.none')}</p>
      ) : (
        <ul className="plain" aria-labelledby={id}>
          {items.map((f) => {
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
          })}
        </ul>
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
      <h2 id="myday-h" ref={heading} tabIndex={-1}>
        {t('care.myDay.title')} <span className="muted small">{formatCalendarDate(day.date, lang)}</span>
      </h2>
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
