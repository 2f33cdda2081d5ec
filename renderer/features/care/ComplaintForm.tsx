import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { complaintCategories, complaintSeverities, type ComplaintCategory, type ComplaintDetail, type ComplaintSeverity } from '../../../shared/care';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf, fieldErrors, type Message } from '../../api/errors';

/** A new complaint: what, how bad, which invoice, and what the outlet promised by when. */
export function ComplaintForm({ customerId, onOpened, onCancel }: { customerId: string; onOpened: (c: ComplaintDetail) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [category, setCategory] = useState<ComplaintCategory>('product_defect');
  const [severity, setSeverity] = useState<ComplaintSeverity>('normal');
  const [invoiceNo, setInvoiceNo] = useState('');
  const [description, setDescription] = useState('');
  const [promisedAction, setPromisedAction] = useState('');
  const [promisedDate, setPromisedDate] = useState('');
  const [errors, setErrors] = useState<Record<string, Message>>({});
  const [error, setError] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLSelectElement>(null);

  useEffect(() => first.current?.focus(), []);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      const opened = await api['care.complaints.open']({
        customerId,
        category,
        severity,
        invoiceNo: invoiceNo || null,
        description,
        promisedAction: promisedAction || null,
        promisedDate: promisedDate || null,
      });
      onOpened(opened);
    } catch (e) {
      const shape = errorShapeOf(e);
      const byField = fieldErrors(shape);
      setErrors(byField);
      setError(Object.keys(byField).length ? null : { key: shape.messageKey, params: shape.params });
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (name: string) =>
    errors[name] && (
      <span className="field-error" id={`complaint-${name}-error`}>
        {t(errors[name].key, errors[name].params)}
      </span>
    );

  return (
    <form
      className="panel complaint-form"
      aria-labelledby="complaint-form-h"
      onSubmit={(e) => void onSubmit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
    >
      <h2 id="complaint-form-h">{t('care.complaint.new')}</h2>
      <div className="form-grid">
        <label>
          <span>{t('care.complaint.category')}</span>
          <select ref={first} value={category} onChange={(e) => setCategory(e.target.value as ComplaintCategory)}>
            {complaintCategories.map((c) => (
              <option key={c} value={c}>
                {t(`care.category.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('care.complaint.severity')}</span>
          <select value={severity} onChange={(e) => setSeverity(e.target.value as ComplaintSeverity)}>
            {complaintSeverities.map((s) => (
              <option key={s} value={s}>
                {t(`care.severity.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('care.complaint.invoice')}</span>
          <input type="text" value={invoiceNo} maxLength={60} onChange={(e) => setInvoiceNo(e.target.value)} aria-invalid={!!errors.invoiceNo} />
          {fieldError('invoiceNo')}
        </label>
        <label className="wide">
          <span>{t('care.complaint.description')}</span>
          <textarea
            value={description}
            rows={3}
            maxLength={2000}
            onChange={(e) => setDescription(e.target.value)}
            aria-invalid={!!errors.description}
            aria-describedby={errors.description ? 'complaint-description-error' : undefined}
          />
          {fieldError('description')}
        </label>
        <label className="wide">
          <span>{t('care.complaint.promisedAction')}</span>
          <input type="text" value={promisedAction} maxLength={500} onChange={(e) => setPromisedAction(e.target.value)} aria-invalid={!!errors.promisedAction} />
          {fieldError('promisedAction')}
        </label>
        <label>
          <span>{t('care.complaint.promisedDate')}</span>
          <input type="date" value={promisedDate} onChange={(e) => setPromisedDate(e.target.value)} aria-invalid={!!errors.promisedDate} />
          {fieldError('promisedDate')}
        </label>
      </div>
      {error && (
        <p role="alert" className="field-error">
          {t(error.key, error.params)}
        </p>
      )}
      {Object.keys(errors).length > 0 && (
        <p role="alert" className="field-error">
          {t('error.validation')}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={busy}>
          {t('care.complaint.save')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('care.complaint.cancel')} <kbd>Esc</kbd>
        </button>
      </div>
    </form>
  );
}
