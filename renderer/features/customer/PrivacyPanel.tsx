import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { consentPurposes, type ConsentPurpose, type ConsentState } from '../../../shared/privacy';
import type { CustomerDetail } from '../../../shared/types';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { formatDate } from '../../i18n/format';
import { useCan } from '../../stores/session';
import '../auth/auth.css';

/**
 * The customer's rights under UU PDP on their page: consent per purpose (stamped with when and by whom, the
 * history kept), and for managers the access request (a JSON file of everything held) and erasure.
 */
export function PrivacyPanel({ customer, onSaved }: { customer: CustomerDetail; onSaved: (customer: CustomerDetail) => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const isManager = useCan('manager');
  const [state, setState] = useState<ConsentState | null>(null);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [erasing, setErasing] = useState(false);
  const [confirmName, setConfirmName] = useState('');
  const [reason, setReason] = useState('');

  useEffect(() => {
    api['privacy.consents']({ customerId: customer.id }).then(setState, (e: unknown) =>
      setMessage({ kind: 'error', text: t(errorShapeOf(e).messageKey) }),
    );
  }, [api, customer.id, customer.updatedAt, t]);

  const fail = (e: unknown) => setMessage({ kind: 'error', text: t(errorShapeOf(e).messageKey) });

  const toggle = async (purpose: ConsentPurpose, granted: boolean) => {
    setMessage(null);
    try {
      setState(await api['privacy.consent']({ customerId: customer.id, purpose, granted }));
      onSaved(await api['customers.get']({ customerId: customer.id }));
    } catch (e) {
      fail(e);
    }
  };

  const exportData = async () => {
    setMessage(null);
    try {
      const data = await api['privacy.exportCustomer']({ customerId: customer.id });
      setMessage({ kind: 'ok', text: t('privacy.exported', { file: data.file }) });
    } catch (e) {
      fail(e);
    }
  };

  const erase = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    try {
      const result = await api['privacy.eraseCustomer']({
        customerId: customer.id,
        confirmName,
        ...(reason.trim() && { reason: reason.trim() }),
      });
      setErasing(false);
      setMessage({ kind: 'ok', text: t('privacy.erased', { pseudonym: result.pseudonym }) });
      onSaved(await api['customers.get']({ customerId: customer.id }));
    } catch (e) {
      fail(e);
    }
  };

  const lang = i18n.language;
  return (
    <section className="panel privacy-panel" aria-labelledby="privacy-h">
      <h2 id="privacy-h">{t('privacy.title')}</h2>
      {state &&
        consentPurposes.map((purpose) => {
          const current = state.current[purpose];
          const id = `consent-${purpose}`;
          return (
            <div key={purpose} className="consent-row">
              <input
                id={id}
                type="checkbox"
                checked={current?.granted ?? false}
                onChange={(e) => void toggle(purpose, e.target.checked)}
                aria-describedby={`${id}-state`}
              />
              <div>
                <label htmlFor={id}>{t(`privacy.purpose_${purpose}`)}</label>
                <div id={`${id}-state`} className="muted small">
                  {current
                    ? t(current.granted ? 'privacy.grantedBy' : 'privacy.withdrawnBy', {
                        date: formatDate(current.at, lang) || '—',
                        staff: current.staffName ?? '—',
                      })
                    : t('privacy.never')}
                </div>
              </div>
            </div>
          );
        })}
      {state && state.history.length > 0 && (
        <details>
          <summary>{t('privacy.history')}</summary>
          <ul className="plain small">
            {state.history.map((h, i) => (
              <li key={i}>
                {formatDate(h.at, lang)} · {t(`privacy.purpose_${h.purpose}`)} ·{' '}
                {t(h.granted ? 'privacy.grantedBy' : 'privacy.withdrawnBy', { date: '', staff: h.staffName ?? '—' })}
                {h.outletCode ? ` · ${h.outletCode}` : ''}
              </li>
            ))}
          </ul>
        </details>
      )}
      {isManager && (
        <div className="privacy-actions">
          <button type="button" className="button" onClick={() => void exportData()}>
            {t('privacy.exportData')}
          </button>
          {!erasing && (
            <button type="button" className="button" onClick={() => setErasing(true)}>
              {t('privacy.erase')}
            </button>
          )}
        </div>
      )}
      {isManager && erasing && (
        <form className="stack" aria-labelledby="erase-h" onSubmit={(e) => void erase(e)}>
          <h3 id="erase-h">{t('privacy.eraseTitle')}</h3>
          <p className="small">{t('privacy.eraseBody')}</p>
          <div className="form-field">
            <label htmlFor="erase-confirm">{t('privacy.eraseConfirm')}</label>
            <input id="erase-confirm" autoComplete="off" value={confirmName} onChange={(e) => setConfirmName(e.target.value)} />
          </div>
          <div className="form-field">
            <label htmlFor="erase-reason">{t('privacy.eraseReason')}</label>
            <input id="erase-reason" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
          </div>
          <div className="privacy-actions">
            <button type="submit" className="button primary" disabled={!confirmName.trim()}>
              {t('privacy.eraseGo')}
            </button>
            <button type="button" className="button" onClick={() => setErasing(false)}>
              {t('privacy.cancel')}
            </button>
          </div>
        </form>
      )}
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'error' : 'notice'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
