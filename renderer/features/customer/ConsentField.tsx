import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { consentPurposes, type ConsentPurpose, type ConsentState } from '../../../shared/privacy';
import type { CustomerDetail } from '../../../shared/types';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { formatDate } from '../../i18n/format';
import '../auth/auth.css';

/**
 * Marketing consent on the profile, one box per purpose (UU PDP; the registration form asks the same way):
 * each answer is stamped with when and by whom, and every grant and withdrawal stays in the history.
 */
export function ConsentField({ customer, onSaved }: { customer: CustomerDetail; onSaved: (c: CustomerDetail) => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [state, setState] = useState<ConsentState | null>(null);
  const [errorKey, setErrorKey] = useState<string | null>(null);
  const lang = i18n.language;

  useEffect(() => {
    api['privacy.consents']({ customerId: customer.id }).then(setState, (e: unknown) => setErrorKey(errorShapeOf(e).messageKey));
  }, [api, customer.id, customer.updatedAt]);

  const toggle = async (purpose: ConsentPurpose, granted: boolean) => {
    try {
      setState(await api['privacy.consent']({ customerId: customer.id, purpose, granted }));
      setErrorKey(null);
      onSaved(await api['customers.get']({ customerId: customer.id }));
    } catch (error) {
      setErrorKey(errorShapeOf(error).messageKey);
    }
  };

  return (
    <div className="field-row">
      <dt id="consent-h">{t('customer.field.consentMarketing')}</dt>
      <dd>
        <fieldset className="consent-list" aria-labelledby="consent-h">
          {state &&
            consentPurposes.map((purpose) => {
              const current = state.current[purpose];
              const id = `consent-${purpose}`;
              return (
                <div key={purpose} className="consent-row">
                  <input id={id} type="checkbox" checked={current?.granted ?? false} onChange={(e) => void toggle(purpose, e.target.checked)} aria-describedby={`${id}-state`} />
                  <div>
                    <label htmlFor={id}>{t(`privacy.purpose_${purpose}`)}</label>
                    <div id={`${id}-state`} className="muted small">
                      {current
                        ? t(current.granted ? 'privacy.grantedBy' : 'privacy.withdrawnBy', { date: formatDate(current.at, lang) || '—', staff: current.staffName ?? '—' })
                        : t('privacy.never')}
                    </div>
                  </div>
                </div>
              );
            })}
        </fieldset>
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
        {errorKey && (
          <p className="field-error" role="alert">
            {t(errorKey)}
          </p>
        )}
      </dd>
    </div>
  );
}
