import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerPatch } from '../../../shared/schemas';
import { parseDate } from '../../../shared/dates';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf, fieldErrors, type Message } from '../../api/errors';
import type { CustomerDetail } from '../../../shared/types';
import { toDayFirst } from '../../i18n/format';

export type EditableKey = 'fullName' | 'birthDate' | 'gender' | 'nik' | 'email' | 'address' | 'city' | 'notes';

interface Props {
  customer: CustomerDetail;
  field: EditableKey;
  /** What the field shows when not editing (masked NIK, formatted date…). */
  display: string;
  onSaved: (customer: CustomerDetail) => void;
  /** The profile is in edit mode: the field offers its edit button (out of it, the Tab order skips the profile). */
  editable?: boolean;
}

function initialText(customer: CustomerDetail, field: EditableKey): string {
  if (field === 'birthDate') return toDayFirst(customer.birthDate);
  const value = customer[field];
  return value == null ? '' : String(value);
}

/**
 * A profile field edited in place: Enter (or Save) sends only this field to the core, Esc cancels,
 * and the core's validation message appears under the input.
 */
export function EditableField({ customer, field, display, onSaved, editable = true }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState('');
  const [error, setError] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement & HTMLSelectElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const label = t(`customer.field.${field}`);

  useEffect(() => {
    if (editing) inputRef.current?.focus();
  }, [editing]);

  const start = () => {
    setText(initialText(customer, field));
    setError(null);
    setEditing(true);
  };
  const stop = () => {
    setEditing(false);
    setError(null);
    requestAnimationFrame(() => editButton.current?.focus());
  };

  const save = async () => {
    const value = text.trim();
    let patch: CustomerPatch;
    if (field === 'birthDate') {
      const iso = value ? parseDate(value) : null;
      if (value && !iso) return setError({ key: 'error.date_invalid' });
      patch = { birthDate: iso };
    } else if (field === 'gender') {
      patch = { gender: value === 'M' || value === 'F' ? value : null };
    } else if (field === 'fullName') {
      patch = { fullName: value };
    } else {
      patch = { [field]: value || null };
    }
    setBusy(true);
    try {
      const updated = await api['customers.update']({ customerId: customer.id, patch });
      onSaved(updated);
      stop();
    } catch (failure) {
      const shape = errorShapeOf(failure);
      setError(fieldErrors(shape)[field] ?? { key: shape.messageKey, params: shape.params });
      inputRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      void save();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      stop();
    }
  };

  if (!editing) {
    return (
      <div className="field-row">
        <dt>{label}</dt>
        <dd>
          <span className="field-value">{display || t('customer.empty')}</span>
          {editable && <button ref={editButton} type="button" className="link-button" onClick={start} aria-label={t('customer.edit', { field: label })}>
            ✎
          </button>}
        </dd>
      </div>
    );
  }
  return (
    <div className="field-row editing">
      <dt>
        <label htmlFor={id}>{label}</label>
      </dt>
      <dd>
        {field === 'gender' ? (
          <select id={id} ref={inputRef} value={text} onChange={(e) => setText(e.target.value)} onKeyDown={onKeyDown} aria-invalid={!!error} aria-describedby={error ? `${id}-err` : undefined}>
            <option value="">{t('gender.unknown')}</option>
            <option value="M">{t('gender.M')}</option>
            <option value="F">{t('gender.F')}</option>
          </select>
        ) : (
          <input
            id={id}
            ref={inputRef}
            value={text}
            inputMode={field === 'nik' ? 'numeric' : undefined}
            placeholder={field === 'birthDate' ? t('registration.birthDateHint') : undefined}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
            aria-invalid={!!error}
            aria-describedby={error ? `${id}-err` : undefined}
          />
        )}
        <button type="button" className="button small primary" disabled={busy} onClick={() => void save()}>
          {t('customer.save')}
        </button>
        <button type="button" className="button small" onClick={stop}>
          {t('customer.cancel')}
        </button>
        {error && (
          <p id={`${id}-err`} className="field-error" role="alert">
            {t(error.key, error.params)}
          </p>
        )}
      </dd>
    </div>
  );
}
