import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CustomerDetail } from '../../../shared/types';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { formatDate } from '../../i18n/format';

/** Marketing consent is toggled directly: the core stamps when and by whom. */
export function ConsentField({ customer, onSaved }: { customer: CustomerDetail; onSaved: (c: CustomerDetail) => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const id = useId();
  const [errorKey, setErrorKey] = useState<string | null>(null);
  const toggle = async (value: boolean) => {
    try {
      onSaved(await api['customers.update']({ customerId: customer.id, patch: { consentMarketing: value } }));
      setErrorKey(null);
    } catch (error) {
      setErrorKey(errorShapeOf(error).messageKey);
    }
  };
  return (
    <div className="field-row">
      <dt>
        <label htmlFor={id}>{t('customer.field.consentMarketing')}</label>
      </dt>
      <dd>
        <input id={id} type="checkbox" checked={customer.consentMarketing} onChange={(e) => void toggle(e.target.checked)} />{' '}
        <span>{customer.consentMarketing ? t('customer.consentYes', { date: formatDate(customer.consentAt, i18n.language) }) : t('customer.consentNo')}</span>
        {errorKey && (
          <p className="field-error" role="alert">
            {t(errorKey)}
          </p>
        )}
      </dd>
    </div>
  );
}
