import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerDetail } from '../../../shared/types';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { useCan } from '../../stores/session';
import '../auth/auth.css';

/**
 * The customer's rights under UU PDP that only managers act on: the access request (a JSON file of everything
 * held) and erasure. Consent per purpose is on the profile (ConsentField).
 */
export function PrivacyPanel({ customer, onSaved }: { customer: CustomerDetail; onSaved: (customer: CustomerDetail) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const isManager = useCan('manager');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [erasing, setErasing] = useState(false);
  const [confirmName, setConfirmName] = useState('');
  const [reason, setReason] = useState('');

  const fail = (e: unknown) => setMessage({ kind: 'error', text: t(errorShapeOf(e).messageKey) });

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

  if (!isManager) return null;
  return (
    <section className="panel privacy-panel" aria-labelledby="privacy-h">
      <h2 id="privacy-h">{t('privacy.title')}</h2>
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
      {erasing && (
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
