import { AkrabError, validationError } from '../../../shared/errors';
import { dayFirst } from '../../../shared/dates';

/** Loyalty's specific errors: the UI translates each key; nothing is written when one is thrown. */
export const loyaltyErrors = {
  pointsNotPositiveInteger: (field = 'points') => validationError(field, 'error.loyalty.points_not_positive_integer'),
  pointsNotInteger: (field = 'points') => validationError(field, 'error.loyalty.points_not_integer'),
  beyondBalance: (available: number) =>
    new AkrabError({ code: 'conflict', field: 'points', messageKey: 'error.loyalty.beyond_balance', params: { available } }),
  beyondServerBalance: (available: number) =>
    new AkrabError({ code: 'conflict', field: 'points', messageKey: 'error.loyalty.beyond_server_balance', params: { available } }),
  beyondOfflineLimit: (remaining: number) =>
    new AkrabError({ code: 'conflict', field: 'points', messageKey: 'error.loyalty.beyond_offline_limit', params: { remaining } }),
  unknownCustomer: () => new AkrabError({ code: 'not_found', field: 'customer', messageKey: 'error.loyalty.unknown_customer' }),
  reasonRequired: () => validationError('reason', 'error.loyalty.reason_required'),
  managerRequired: () => new AkrabError({ code: 'forbidden', field: 'approvedBy', messageKey: 'error.loyalty.manager_required' }),
  /** Names the other version as the settings list it (its kind and days, day first), not by its id. */
  ruleOverlap: (kind: 'base' | 'tiers', other: { validFrom: string; validTo: string | null }) =>
    new AkrabError({
      code: 'conflict',
      field: 'validFrom',
      messageKey: other.validTo ? 'error.loyalty.rule_overlap' : 'error.loyalty.rule_overlap_open',
      params: { kind, from: dayFirst(other.validFrom), ...(other.validTo && { to: dayFirst(other.validTo) }) },
    }),
  rulePeriodInvalid: () => validationError('validTo', 'error.loyalty.rule_period_invalid'),
  ruleBackdated: () => validationError('validFrom', 'error.loyalty.rule_backdated'),
  noRule: () => new AkrabError({ code: 'conflict', messageKey: 'error.loyalty.no_rule' }),
  earnAndRedeemSameSale: () =>
    new AkrabError({ code: 'conflict', field: 'invoiceNo', messageKey: 'error.loyalty.earn_and_redeem_same_sale' }),
  invoiceRequired: () => validationError('invoiceNo', 'error.loyalty.invoice_required'),
  keyReused: () => new AkrabError({ code: 'conflict', field: 'key', messageKey: 'error.loyalty.key_reused' }),
  tierThresholdsNotIncreasing: () => validationError('levels', 'error.loyalty.tier_thresholds_not_increasing'),
  tierCodeDuplicate: (code: string) => validationError('levels', 'error.loyalty.tier_code_duplicate', { code }),
  unknownCard: (cardNo: string) =>
    new AkrabError({ code: 'not_found', field: 'cardNo', messageKey: 'error.loyalty.unknown_card', params: { cardNo } }),
  cardBlocked: (cardNo: string, reason: string, replacedBy: string | null) =>
    new AkrabError({
      code: 'conflict',
      field: 'cardNo',
      messageKey: replacedBy ? 'error.loyalty.card_replaced' : 'error.loyalty.card_blocked',
      params: { cardNo, reason, replacedBy: replacedBy ?? '' },
    }),
  cardNotBlocked: (cardNo: string) =>
    new AkrabError({ code: 'conflict', field: 'cardNo', messageKey: 'error.loyalty.card_not_blocked', params: { cardNo } }),
  multiplierDuplicate: (index: number, product: string) =>
    validationError(`multipliers.${index}.product`, 'error.loyalty.multiplier_duplicate', { product }),
  promotionPeriodInvalid: (index: number) => validationError(`promotions.${index}.until`, 'error.loyalty.rule_period_invalid'),
  promotionOutsideRule: (index: number) => validationError(`promotions.${index}.from`, 'error.loyalty.promotion_outside_rule'),
  promotionOverlap: (index: number, other: string) =>
    new AkrabError({ code: 'conflict', field: `promotions.${index}.from`, messageKey: 'error.loyalty.promotion_overlap', params: { other } }),
  nothingToReverse: () => new AkrabError({ code: 'not_found', field: 'invoiceNo', messageKey: 'error.loyalty.nothing_to_reverse' }),
  /** Purchases of two or more customers bear the invoice at the outlet (a number reused): whose came back must be said. */
  reverseWhosePurchase: () => new AkrabError({ code: 'validation', field: 'customerId', messageKey: 'error.loyalty.reverse_whose_purchase' }),
};

/** Points are whole and positive where a caller gives them; the sign comes from the kind of event. */
export function requirePositivePoints(points: unknown, field = 'points'): number {
  if (typeof points !== 'number' || !Number.isFinite(points)) throw loyaltyErrors.pointsNotPositiveInteger(field);
  if (!Number.isInteger(points)) throw loyaltyErrors.pointsNotInteger(field);
  if (points <= 0) throw loyaltyErrors.pointsNotPositiveInteger(field);
  return points;
}
