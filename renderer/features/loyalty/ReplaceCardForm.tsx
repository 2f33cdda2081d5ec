import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerDetail } from '../../../shared/types';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf, type Message } from '../../api/errors';

/**
 * A manager replaces a lost card (issue 17 point 6): the old number is blocked as lost, the new one is issued to the
 * same customer, whose points and tier stay.
 */
export function ReplaceCardForm({ customer, onReplaced }: { customer: CustomerDetail; onReplaced: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const active = customer.cards.filter((c) => c.status === 'active');
  const [open, setOpen] = useState(false);
  const [cardNo, setCardNo] = useState(active[0]?.cardNo ?? '');
  const [newCardNo, setNewCardNo] = useState('');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: Message } | null>(null);
  const [busy, setBusy] = useState(false);
  if (active.length === 0) return null;
  if (!open)
    return (
      <button type="button" className="link-button" onClick={() => setOpen(true)}>
        {t('loyalty.replace.open')}
      </button>
    );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setMessage(null);
    try {
      const state = await api['loyalty.replaceCard']({ cardNo: cardNo || active[0]!.cardNo, newCardNo, reason: reason.trim() || t('loyalty.replace.defaultReason') });
      setMessage({ ok: true, text: { key: 'loyalty.replace.done', params: { cardNo: state.cardNo, replacedBy: state.replacedBy ?? newCardNo } } });
      setNewCardNo('');
      setReason('');
      onReplaced();
    } catch (error) {
      const shape = errorShapeOf(error);
      setMessage({ ok: false, text: { key: shape.messageKey, params: shape.params } });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="replace-card" onSubmit={submit} data-testid="replace-card-form" noValidate>
      <label className="settings-field">
        {t('loyalty.replace.oldCard')}
        <select value={cardNo} onChange={(e) => setCardNo(e.target.value)}>
          {active.map((c) => (
            <option key={c.id} value={c.cardNo}>
              {c.cardNo}
            </option>
          ))}
        </select>
      </label>
      <label className="settings-field">
        {t('loyalty.replace.newCard')}
        <input type="text" className="mono" value={newCardNo} onChange={(e) => setNewCardNo(e.target.value)} autoComplete="off" />
      </label>
      <label className="settings-field grow">
        {t('loyalty.replace.reason')}
        <input type="text" value={reason} placeholder={t('loyalty.replace.defaultReason')} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" className="button primary" disabled={busy}>
        {t('loyalty.replace.submit')}
      </button>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'field-error'}>
          {t(message.text.key, message.text.params)}
        </p>
      )}
    </form>
  );
}
