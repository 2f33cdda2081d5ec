import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ComplaintDetail, ComplaintStatus } from '../../../shared/care';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf, type Message } from '../../api/errors';
import { formatCalendarDate } from '../../i18n/format';
import { formatDateTime } from './careFormat';

const transitionKey: Record<ComplaintStatus, string> = {
  open: 'care.complaint.toOpen',
  in_progress: 'care.complaint.toInProgress',
  resolved: 'care.complaint.toResolved',
  closed: 'care.complaint.toClosed',
  reopened: 'care.complaint.toReopened',
};

/** One complaint: its due times, whether it is overdue, its history, and the moves it may make now. */
export function ComplaintDetailPanel({ complaintId, onChanged, onClose }: { complaintId: string; onChanged: () => void; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [complaint, setComplaint] = useState<ComplaintDetail | null>(null);
  const [note, setNote] = useState('');
  const [satisfaction, setSatisfaction] = useState('');
  const [error, setError] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let alive = true;
    setError(null);
    api['care.complaints.get']({ complaintId }).then(
      (c) => alive && setComplaint(c),
      (e) => {
        const shape = errorShapeOf(e);
        if (alive) setError({ key: shape.messageKey, params: shape.params });
      },
    );
    return () => {
      alive = false;
    };
  }, [api, complaintId]);

  const move = async (status: ComplaintStatus) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const updated = await api['care.complaints.transition']({
        complaintId,
        status,
        note: note.trim() || null,
        satisfaction: status === 'closed' && satisfaction ? Number(satisfaction) : null,
      });
      setComplaint(updated);
      setNote('');
      setSatisfaction('');
      onChanged();
    } catch (e) {
      const shape = errorShapeOf(e);
      const issue = shape.issues?.[0] ?? shape;
      const params = { ...issue.params };
      // The core names statuses by code: say them in the staff's language.
      for (const k of ['from', 'to', 'status'] as const) if (typeof params[k] === 'string') params[k] = t(`care.status.${params[k]}`);
      setError({ key: issue.messageKey, params });
    } finally {
      setBusy(false);
    }
  };

  const lang = i18n.language;
  if (!complaint)
    return (
      <section className="panel" aria-label={t('care.complaint.detail')}>
        {error ? <p role="alert">{t(error.key, error.params)}</p> : <p className="muted">{t('customer.loading')}</p>}
      </section>
    );
  const c = complaint;
  return (
    <section className={`panel complaint-detail${c.overdue ? ' overdue' : ''}`} aria-labelledby="complaint-detail-h">
      <h2 id="complaint-detail-h">
        {t('care.complaint.detail')}: {t(`care.category.${c.category}`)}{' '}
        <span className={`pill pill-complaint-${c.status}`} data-testid="complaint-status">
          {t(`care.status.${c.status}`)}
        </span>{' '}
        {c.overdue && <span className="pill pill-overdue">{t('care.complaint.overdue')}</span>}
        {c.escalated && <span className="pill pill-warn">{t('care.complaint.escalated')}</span>}
      </h2>
      <p>{c.description}</p>
      <dl className="complaint-facts">
        <div>
          <dt>{t('care.complaint.severity')}</dt>
          <dd>{t(`care.severity.${c.severity}`)}</dd>
        </div>
        <div>
          <dt>{t('care.complaint.invoice')}</dt>
          <dd>{c.invoiceNo ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('care.complaint.openedAt')}</dt>
          <dd>{formatDateTime(c.openedAt, lang)}</dd>
        </div>
        <div>
          <dt>{t('care.complaint.responseDue')}</dt>
          <dd>{c.firstResponseAt ? t('care.complaint.respondedAt', { at: formatDateTime(c.firstResponseAt, lang) }) : formatDateTime(c.firstResponseDueAt, lang)}</dd>
        </div>
        <div>
          <dt>{t('care.complaint.resolutionDue')}</dt>
          <dd>{c.resolvedAt ? t('care.complaint.resolvedAt', { at: formatDateTime(c.resolvedAt, lang) }) : formatDateTime(c.resolutionDueAt, lang)}</dd>
        </div>
        <div>
          <dt>{t('care.complaint.promisedAction')}</dt>
          <dd>
            {c.promisedAction ?? '—'}
            {c.promisedDate ? ` · ${formatCalendarDate(c.promisedDate, lang)}` : ''}
          </dd>
        </div>
        {c.satisfaction !== null && (
          <div>
            <dt>{t('care.complaint.satisfaction')}</dt>
            <dd data-testid="complaint-satisfaction">{c.satisfaction} / 5</dd>
          </div>
        )}
      </dl>

      {c.next.length > 0 && (
        <div className="complaint-actions">
          <label className="grow">
            <span>{t('care.complaint.note')}</span>
            <input type="text" value={note} maxLength={2000} onChange={(e) => setNote(e.target.value)} />
          </label>
          {c.next.includes('closed') && (
            <label>
              <span>{t('care.complaint.satisfaction')}</span>
              <select value={satisfaction} onChange={(e) => setSatisfaction(e.target.value)}>
                <option value="">—</option>
                {[1, 2, 3, 4, 5].map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
          )}
          {c.next.map((status) => (
            <button key={status} type="button" className={`button${status === 'resolved' || status === 'closed' ? ' primary' : ''}`} disabled={busy} onClick={() => void move(status)}>
              {t(transitionKey[status])}
            </button>
          ))}
        </div>
      )}
      {error && (
        <p role="alert" className="field-error">
          {t(error.key, error.params)}
        </p>
      )}

      <h3 className="small">{t('care.complaint.history')}</h3>
      <ol className="plain complaint-history">
        {c.history.map((h) => (
          <li key={h.id}>
            <span className="muted">{formatDateTime(h.at, lang)}</span> · {h.staff ?? h.outletCode ?? ''} ·{' '}
            {h.kind === 'transition' && h.toStatus ? t('care.complaint.movedTo', { status: t(`care.status.${h.toStatus}`) }) : t(`care.event.${h.kind}`)}
            {h.satisfaction !== null ? ` · ${t('care.complaint.satisfaction')}: ${h.satisfaction}/5` : ''}
            {h.note ? ` · ${h.note}` : ''}
          </li>
        ))}
      </ol>
      <button type="button" className="button small" onClick={onClose}>
        {t('care.complaint.hide')}
      </button>
    </section>
  );
}
