import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { reasonsNotBought, type Opportunity, type ReasonNotBought } from '../../../shared/knowledge';
import { useApi } from '../../api/ApiContext';
import { DayFirstDateField } from '../../app/DayFirstDateField';
import { NoticeLine, useNotice } from './useNotice';

/** Digits only: "Rp 12.500.000" and "12500000" are the same budget; anything else is passed on for the core to refuse. */
function parseBudget(text: string): number {
  const trimmed = text.trim();
  if (/^(rp\.?\s*)?[\d.\s]+$/i.test(trimmed)) return Number(trimmed.replace(/\D/g, ''));
  return Number(trimmed.replace(',', '.'));
}

/** Records a potential sale; from an offer, the product is given and the offer is recorded as made. */
export function OpportunityForm({
  customerId,
  product: fromOffer,
  onCreated,
  onCancel,
}: {
  customerId: string;
  product?: string;
  onCreated: (o: Opportunity) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const { notice, fail } = useNotice();
  const [product, setProduct] = useState(fromOffer ?? '');
  const [category, setCategory] = useState('');
  const [budget, setBudget] = useState('');
  const [decision, setDecision] = useState('');
  const [reason, setReason] = useState<ReasonNotBought | ''>('');
  const [note, setNote] = useState('');
  const [followUpDate, setFollowUpDate] = useState('');

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const input = {
      customerId,
      product: product.trim(),
      category: category.trim(),
      budget: parseBudget(budget),
      expectedDecisionDate: decision,
      reasonNotBought: reason || null,
      note: note.trim() || null,
      followUpDate: followUpDate || null,
      stage: 'interested' as const,
    };
    try {
      onCreated(fromOffer ? await api['offers.startOpportunity']({ ...input, product: fromOffer }) : await api['opportunities.create'](input));
    } catch (error) {
      fail(error);
    }
  };

  return (
    <form className="opportunity-form" onSubmit={submit} aria-label={t('opportunity.add')} data-testid="opportunity-form">
      <label className="form-field">
        {t('opportunity.product')}
        <input value={product} onChange={(e) => setProduct(e.target.value)} readOnly={!!fromOffer} maxLength={120} autoFocus={!fromOffer} />
      </label>
      <label className="form-field">
        {t('opportunity.category')}
        <input value={category} onChange={(e) => setCategory(e.target.value)} maxLength={60} autoFocus={!!fromOffer} />
      </label>
      <label className="form-field">
        {t('opportunity.budget')}
        <input value={budget} onChange={(e) => setBudget(e.target.value)} inputMode="numeric" />
      </label>
      <label className="form-field">
        {t('opportunity.decision')}
        <DayFirstDateField name="decision" value={decision} onChange={setDecision} />
      </label>
      <label className="form-field">
        {t('opportunity.reason')}
        <select value={reason} onChange={(e) => setReason(e.target.value as ReasonNotBought | '')}>
          <option value="">{t('opportunity.noReason')}</option>
          {reasonsNotBought.map((r) => (
            <option key={r} value={r}>
              {t(`opportunity.reasons.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="form-field">
        {t('opportunity.followUpDate')}
        <DayFirstDateField name="followUpDate" value={followUpDate} onChange={setFollowUpDate} />
      </label>
      <label className="form-field wide">
        {t('opportunity.note')}
        <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} />
      </label>
      <div className="form-actions">
        <button type="submit" className="button primary">
          {t('opportunity.create')}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t('knowledge.cancel')}
        </button>
      </div>
      <NoticeLine notice={notice} testId="opportunity-error" />
    </form>
  );
}
