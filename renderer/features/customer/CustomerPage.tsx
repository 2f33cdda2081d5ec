import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { maskNik } from '../../../shared/nik';
import { maskPhone, whatsappLink } from '../../../shared/phone';
import type { CustomerDetail, CustomerRfm, DuplicateCandidate } from '../../../shared/types';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { formatCalendarDate, formatDate, formatNumber, formatRupiah } from '../../i18n/format';
import { useNavigation } from '../../stores/navigation';
import { EditableField } from './EditableField';
import { BIRTHDAY_SOON_DAYS, daysUntilBirthday } from './birthday';
import { DuplicateBadge } from './DuplicateBadge';
import { ConsentField } from './ConsentField';
import { PrivacyPanel } from './PrivacyPanel';
import { CustomerCare } from '../care/CustomerCare';
import { useMayCall } from '../../stores/session';
import { LoyaltyPanel } from '../loyalty/LoyaltyPanel';
import { ReplaceCardForm } from '../loyalty/ReplaceCardForm';
import '../care/settings/careSettings.css';
// Knowing each customer (issue 19).
import { KnowledgePanel } from '../knowledge/KnowledgePanel';
import { CustomerSales } from '../knowledge/CustomerSales';

/** The 360° view of one customer. Esc goes back to the search list. */
export function CustomerPage({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const go = useNavigation((s) => s.go);
  const [customer, setCustomer] = useState<CustomerDetail | null>(null);
  const [rfm, setRfm] = useState<CustomerRfm | null>(null);
  const [editing, setEditing] = useState(false);
  const [duplicates, setDuplicates] = useState<DuplicateCandidate[]>([]);
  const [errorKey, setErrorKey] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const canReplaceCard = useMayCall('loyalty.replaceCard');

  const loadDuplicates = useCallback(
    async (c: CustomerDetail) => {
      try {
        const found = await api['customers.findDuplicates']({
          draft: {
            fullName: c.fullName,
            birthDate: c.birthDate,
            address: c.address,
            nik: c.nik,
            email: c.email,
            ...(c.phones[0] && { phone: c.phones[0].e164 }),
          },
        });
        setDuplicates(found.filter((d) => d.customerId !== c.id));
      } catch (error) {
        errorShapeOf(error);
      }
    },
    [api],
  );

  useEffect(() => {
    let alive = true;
    (async () => {
      try {
        const c = await api['customers.get']({ customerId });
        if (!alive) return;
        setCustomer(c);
        void loadDuplicates(c);
        let scored = await api['customers.rfm']({ customerId });
        // The quintiles are computed on their own thread after a start or at midnight: ask until they are in.
        for (let wait = 250; alive && scored.pending; wait = Math.min(wait * 2, 2000)) {
          setRfm(scored);
          await new Promise((resolve) => setTimeout(resolve, wait));
          if (alive) scored = await api['customers.rfm']({ customerId });
        }
        if (alive) setRfm(scored);
      } catch (error) {
        if (alive) setErrorKey(errorShapeOf(error).messageKey);
      }
    })();
    return () => {
      alive = false;
    };
  }, [api, customerId, loadDuplicates]);

  useEffect(() => {
    if (customer) heading.current?.focus();
  }, [customer?.id]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape' && !event.defaultPrevented) go({ name: 'lookup' });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);

  const onSaved = (updated: CustomerDetail) => {
    setCustomer(updated);
    void loadDuplicates(updated);
  };

  if (errorKey) {
    return (
      <section className="customer">
        <p role="alert" className="error">
          {t(errorKey)}
        </p>
        <button type="button" className="button" onClick={() => go({ name: 'lookup' })}>
          {t('customer.back')} <kbd>Esc</kbd>
        </button>
      </section>
    );
  }
  if (!customer) return <p className="muted">{t('customer.loading')}</p>;

  const lang = i18n.language;
  const genderText = customer.gender ? t(`gender.${customer.gender}`) : '';
  const birthdayIn = daysUntilBirthday(customer.birthDate, new Date().toLocaleDateString('sv-SE'));
  const score = (value: number | undefined) => (value === undefined ? null : <span className="score">{t('customer.score', { score: value })}</span>);

  return (
    <article className="customer" aria-labelledby="customer-name">
      <header className="customer-head">
        <button type="button" className="button small" onClick={() => go({ name: 'lookup' })}>
          ← {t('customer.back')} <kbd>Esc</kbd>
        </button>
        <h1 id="customer-name" ref={heading} tabIndex={-1}>
          {customer.fullName}
        </h1>
        {birthdayIn !== null && birthdayIn <= BIRTHDAY_SOON_DAYS && (
          <span className="badge birthday" data-testid="birthday-soon">
            🎂 {birthdayIn === 0 ? t('customer.birthdayToday') : t('customer.birthdayIn', { count: birthdayIn })}
          </span>
        )}
        <DuplicateBadge duplicates={duplicates} />
        <p className="muted">
          {t('customer.registeredAt', { date: formatDate(customer.createdAt, lang), outlet: customer.registeredOutletCode ?? '—' })}
        </p>
      </header>

      <div className="customer-grid">
        <section className="panel" aria-labelledby="profile-h">
          <div className="panel-head">
            <h2 id="profile-h">{t('customer.profile')}</h2>
            {/* One button opens the profile for editing, so Tab does not start with a pencil per field. */}
            <button type="button" className="button small" aria-pressed={editing} onClick={() => setEditing((e) => !e)}>
              {editing ? t('customer.editDone') : t('customer.editProfile')}
            </button>
          </div>
          <dl className="fields">
            <EditableField editable={editing} customer={customer} field="fullName" display={customer.fullName} onSaved={onSaved} />
            <EditableField editable={editing} customer={customer} field="birthDate" display={formatCalendarDate(customer.birthDate, lang)} onSaved={onSaved} />
            <EditableField editable={editing} customer={customer} field="gender" display={genderText} onSaved={onSaved} />
            <EditableField editable={editing} customer={customer} field="nik" display={customer.nik ? maskNik(customer.nik) : ''} onSaved={onSaved} />
            <EditableField editable={editing} customer={customer} field="email" display={customer.email ?? ''} onSaved={onSaved} />
            <EditableField editable={editing} customer={customer} field="address" display={customer.address ?? ''} onSaved={onSaved} />
            <EditableField editable={editing} customer={customer} field="city" display={customer.city ?? ''} onSaved={onSaved} />
            <EditableField editable={editing} customer={customer} field="notes" display={customer.notes ?? ''} onSaved={onSaved} />
            <ConsentField customer={customer} onSaved={onSaved} />
          </dl>
        </section>

        <div className="stack">
          <section className="panel" aria-labelledby="cards-h">
            <h2 id="cards-h">{t('customer.cards')}</h2>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t('customer.card.number')}</th>
                  <th scope="col">{t('customer.card.status')}</th>
                  <th scope="col">{t('customer.card.issued')}</th>
                </tr>
              </thead>
              <tbody>
                {customer.cards.map((card) => (
                  <tr key={card.id}>
                    <td className="mono">{card.cardNo}</td>
                    <td>
                      <span className={`pill pill-${card.status}`}>{t(`customer.card.${card.status}`)}</span>
                    </td>
                    <td>
                      {formatDate(card.issuedAt, lang)} · {card.issuedOutletCode ?? '—'}
                      {card.issuedByStaff ? ` · ${card.issuedByStaff}` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {canReplaceCard && (
              <ReplaceCardForm customer={customer} onReplaced={() => void api['customers.get']({ customerId }).then(setCustomer, errorShapeOf)} />
            )}
          </section>
          <section className="panel" aria-labelledby="phones-h">
            <h2 id="phones-h">{t('customer.phones')}</h2>
            <ul className="plain">
              {customer.phones.map((phone) => (
                <li key={phone.id}>
                  <span className="mono">{maskPhone(phone.e164)}</span>{' '}
                  <a href={whatsappLink(phone.e164)} target="_blank" rel="noreferrer" className="link">
                    {t('customer.whatsapp')}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        </div>

        <section className="panel" aria-labelledby="rfm-h">
          <h2 id="rfm-h">{t('customer.rfm')}</h2>
          {/* The RFM report's definition: its period and its quintiles, so a customer has one score everywhere. */}
          <p className="muted small">{rfm ? t('customer.rfmPeriod', { from: formatCalendarDate(rfm.periodFrom, lang), to: formatCalendarDate(rfm.periodTo, lang) }) : ''}</p>
          <dl className="rfm" data-testid="rfm">
            <div>
              <dt>{t('customer.recency')}</dt>
              <dd>
                <b>{rfm?.recencyDays ?? '—'}</b>
                {score(rfm?.scores?.recency)}
              </dd>
            </div>
            <div>
              <dt>{t('customer.frequency')}</dt>
              <dd>
                <b>{formatNumber(rfm?.frequency ?? 0, lang)}</b>
                {score(rfm?.scores?.frequency)}
              </dd>
            </div>
            <div>
              <dt>{t('customer.monetary')}</dt>
              <dd>
                <b>{formatRupiah(rfm?.monetary ?? 0)}</b>
                {score(rfm?.scores?.monetary)}
              </dd>
            </div>
            {rfm && !rfm.scores && <p className="muted small">{t(rfm.pending ? 'customer.rfmPending' : 'customer.rfmNone')}</p>}
            <div>
              <dt>{t('customer.firstPurchase')}</dt>
              <dd>{formatDate(customer.purchaseSummary.firstAt, lang) || '—'}</dd>
            </div>
            <div>
              <dt>{t('customer.lastPurchase')}</dt>
              <dd>{formatDate(customer.purchaseSummary.lastAt, lang) || '—'}</dd>
            </div>
          </dl>
        </section>
      </div>

      {/* Knowing each customer (issue 19): the deeper profile, offers and potential sales. */}
      <KnowledgePanel customerId={customer.id} />
      <CustomerSales customerId={customer.id} />

      <LoyaltyPanel customerId={customer.id} />

      <CustomerCare customerId={customer.id} purchaseSummary={customer.purchaseSummary} />

      <PrivacyPanel customer={customer} onSaved={onSaved} />
    </article>
  );
}
