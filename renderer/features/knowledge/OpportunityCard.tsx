import { useTranslation } from 'react-i18next';
import type { Opportunity } from '../../../shared/knowledge';
import { formatCalendarDate, formatRupiah, toDayFirst } from '../../i18n/format';

/** One potential sale in words: product, budget, stage, decision date, why not bought yet, and how it closed. */
export function OpportunitySummary({
  opportunity: o,
  onOpenCustomer,
}: {
  opportunity: Opportunity;
  /** On the board: the customer's name opens their page. */
  onOpenCustomer?: () => void;
}) {
  const showCustomer = !!onOpenCustomer;
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <div className="opportunity-summary">
      <div>
        {onOpenCustomer && (
          <>
            <button type="button" className="link-button opp-customer" onClick={onOpenCustomer}>
              {o.customerName}
            </button>{' '}
          </>
        )}
        <b>{o.product}</b> <span className="muted small">({o.category})</span>
      </div>
      <div className="small">
        <span className="mono">{formatRupiah(o.stage === 'won' && o.wonAmount !== null ? o.wonAmount : o.budget)}</span>
        {!showCustomer && (
          <>
            {' · '}
            <span className={`pill stage-${o.stage}`}>{t(`opportunity.stage.${o.stage}`)}</span>
          </>
        )}
        {' · '}
        {t('opportunity.decides', { date: showCustomer ? toDayFirst(o.expectedDecisionDate) : formatCalendarDate(o.expectedDecisionDate, lang) })}
        {o.reasonNotBought && o.stage !== 'won' && o.stage !== 'lost' ? ` · ${t(`opportunity.reasons.${o.reasonNotBought}`)}` : ''}
        {o.owner ? ` · ${t('opportunity.owner', { owner: o.owner })}` : ''}
        {o.stage === 'won' && o.invoiceNo ? ` · ${t('opportunity.closedWon', { invoice: o.invoiceNo })}` : ''}
        {o.stage === 'lost' && o.lostReason ? ` · ${t('opportunity.closedLost', { reason: t(`opportunity.reasons.${o.lostReason}`) })}` : ''}
      </div>
    </div>
  );
}
