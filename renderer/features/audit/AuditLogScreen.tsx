import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditEntryView, StaffCard } from '../../../shared/auth';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { formatDateTime } from './formatDateTime';
import { auditActions } from '../auth/strings';
import { actionKey, describeAction, describeDetails } from './describeAudit';
import '../auth/auth.css';

interface Filter {
  from: string;
  to: string;
  staffId: string;
  action: string;
  customer: string;
}

/** The day after `date` (YYYY-MM-DD), so "to" includes the whole day. */
const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
/** Dates the manager picks are Jakarta days (WIB, UTC+7); the trail is stamped in UTC. */
const wibStart = (date: string) => new Date(Date.parse(`${date}T00:00:00+07:00`)).toISOString();

/** The manager's view of the audit trail: who did what to which customer, filtered by date, staff, action, customer. */
export function AuditLogScreen() {
  const { t, i18n } = useTranslation();
  const exists = useCallback((key: string) => i18n.exists(key), [i18n]);
  const api = useApi();
  const [filter, setFilter] = useState<Filter>({ from: '', to: '', staffId: '', action: '', customer: '' });
  const [rows, setRows] = useState<AuditEntryView[] | null>(null);
  const [staff, setStaff] = useState<StaffCard[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(
    async (f: Filter) => {
      setError(null);
      try {
        setRows(
          await api['audit.list']({
            ...(f.from && { from: wibStart(f.from) }),
            ...(f.to && { to: wibStart(dayAfter(f.to)) }),
            ...(f.staffId && { staffId: f.staffId }),
            ...(f.action && { action: f.action }),
            ...(f.customer.trim() && { customer: f.customer.trim() }),
          }),
        );
      } catch (e) {
        setError(errorShapeOf(e).messageKey);
      }
    },
    [api],
  );

  useEffect(() => {
    void load({ from: '', to: '', staffId: '', action: '', customer: '' });
    // Deactivated staff stay in the history, so the filter offers them too (the staff screen's list has them).
    Promise.all([api['auth.staff']({}), api['auth.staffList']({})]).then(([active, directory]) => {
      const byId = new Map<string, StaffCard>([...active, ...directory.staff].map((s) => [s.id, s]));
      setStaff([...byId.values()].sort((a, b) => a.name.localeCompare(b.name)));
    }, errorShapeOf);
  }, [api, load]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void load(filter);
  };
  const set = (key: keyof Filter) => (e: { target: { value: string } }) => setFilter({ ...filter, [key]: e.target.value });

  return (
    <section className="panel audit-log" aria-labelledby="audit-title">
      <h1 id="audit-title">{t('audit.title')}</h1>
      <form className="audit-filters" onSubmit={submit} aria-label={t('audit.title')}>
        <div className="form-field">
          <label htmlFor="audit-from">{t('audit.from')}</label>
          <input id="audit-from" type="date" value={filter.from} onChange={set('from')} />
        </div>
        <div className="form-field">
          <label htmlFor="audit-to">{t('audit.to')}</label>
          <input id="audit-to" type="date" value={filter.to} onChange={set('to')} />
        </div>
        <div className="form-field">
          <label htmlFor="audit-staff">{t('audit.staff')}</label>
          <select id="audit-staff" value={filter.staffId} onChange={set('staffId')}>
            <option value="">{t('audit.all')}</option>
            {staff.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor="audit-action">{t('audit.action')}</label>
          <select id="audit-action" value={filter.action} onChange={set('action')}>
            <option value="">{t('audit.all')}</option>
            {auditActions.map((a) => (
              <option key={a} value={a}>
                {t(actionKey(a))}
              </option>
            ))}
          </select>
        </div>
        <div className="form-field">
          <label htmlFor="audit-customer">{t('audit.customerFilter')}</label>
          <input id="audit-customer" type="search" value={filter.customer} onChange={set('customer')} maxLength={100} />
        </div>
        <button type="submit" className="button primary">
          {t('audit.apply')}
        </button>
      </form>
      {error && (
        <p role="alert" className="error">
          {t(error)}
        </p>
      )}
      {rows && (
        <>
          <p className="muted small" role="status">
            {t('audit.count', { count: rows.length })}
          </p>
          {rows.length === 0 ? (
            <p>{t('audit.empty')}</p>
          ) : (
            <table className="table" aria-labelledby="audit-title">
              <thead>
                <tr>
                  <th scope="col">{t('audit.at')}</th>
                  <th scope="col">{t('audit.staff')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.customer')}</th>
                  <th scope="col">{t('audit.outcome')}</th>
                  <th scope="col">{t('audit.details')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.id}>
                    <td>{formatDateTime(r.at, i18n.language)}</td>
                    <td>{r.staffName ?? '—'}</td>
                    <td>{describeAction(t, exists, r.action)}</td>
                    <td>
                      {r.customer && (
                        <>
                          {r.customer.name}
                          {r.customer.erased ? (
                            <span className="muted small"> ({t('audit.erasedCustomer')})</span>
                          ) : (
                            r.customer.cardNo && <span className="muted small"> · {t('audit.card', { card: r.customer.cardNo })}</span>
                          )}
                        </>
                      )}
                    </td>
                    <td>{t(`audit.outcome_${r.outcome}`)}</td>
                    <td className="audit-details">{describeDetails(t, exists, r)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
