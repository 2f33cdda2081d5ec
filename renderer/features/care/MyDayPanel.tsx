import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Complaint, FollowUp, MyDay } from '../../../shared/care';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { formatCalendarDate } from '../../i18n/format';
import { formatDateTime } from './careFormat';
import './care.css';

/** "Hari ini": the outlet's follow-ups and overdue complaints, on the home screen. Never takes the focus. */
export function MyDayPanel({ onOpen }: { onOpen: (customerId: string) => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [day, setDay] = useState<MyDay | null>(null);

  useEffect(() => {
    let alive = true;
    api['care.myDay']({}).then(
      (d) => alive && setDay(d),
      (e) => errorShapeOf(e),
    );
    return () => {
      alive = false;
    };
  }, [api]);

  if (!day) return null;
  const lang = i18n.language;
  const followUps = (title: string, id: string, items: FollowUp[], className = '') => (
    <div className={`myday-group ${className}`}>
      <h3 id={id}>
        {title} <span className="count">{items.length}</span>
      </h3>
      {items.length === 0 ? (
        <p className="muted small">{t('care.myDay.none')}</p>
      ) : (
        <ul className="plain" aria-labelledby={id}>
          {items.map((f) => (
            <li key={f.id}>
              <button type="button" className="link-button" onClick={() => onOpen(f.customerId)}>
                <b>{f.customerName ?? '—'}</b> · {f.reason}
                {className === 'overdue' ? ` · ${formatCalendarDate(f.dueDate, lang)}` : ''}
                {f.owner ? ` · ${f.owner}` : ''}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
  const complaints = (items: Complaint[]) => (
    <div className="myday-group overdue">
      <h3 id="myday-complaints">
        {t('care.myDay.overdueComplaints')} <span className="count">{items.length}</span>
      </h3>
      {items.length === 0 ? (
        <p className="muted small">{t('care.myDay.none')}</p>
      ) : (
        <ul className="plain" aria-labelledby="myday-complaints">
          {items.map((c) => (
            <li key={c.id}>
              <button type="button" className="link-button" onClick={() => onOpen(c.customerId)}>
                <span className="pill pill-overdue">{t(`care.status.${c.status}`)}</span> <b>{c.customerName ?? '—'}</b> · {t(`care.category.${c.category}`)} ·{' '}
                {t('care.myDay.dueAt', { at: formatDateTime(c.firstResponseAt ? c.resolutionDueAt : c.firstResponseDueAt, lang) })}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );

  return (
    <section className="panel myday" aria-labelledby="myday-h">
      <h2 id="myday-h">
        {t('care.myDay.title')} <span className="muted small">{formatCalendarDate(day.date, lang)}</span>
      </h2>
      <div className="myday-grid">
        {followUps(t('care.myDay.overdue'), 'myday-overdue', day.overdue, 'overdue')}
        {complaints(day.overdueComplaints)}
        {followUps(t('care.myDay.dueToday'), 'myday-due', day.dueToday)}
        {followUps(t('care.myDay.doneToday'), 'myday-done', day.doneToday, 'done')}
      </div>
    </section>
  );
}
