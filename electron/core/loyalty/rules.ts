import { deviceToday } from './ledgerDays';
import { prepared } from './statements';
import type { InferSelectModel } from 'drizzle-orm';
import { loyaltyRules } from '../../../db/schema/loyalty';
import { ruleInputSchema, type ProductMultiplier, type Promotion, type RuleInput } from '../../../shared/loyaltyRules';
import { roleRank, type Session } from '../auth/roles';
import { fieldIssues, validationFailure } from '../customers/validateDraft';
import { newId } from '../ids';
import type { Store } from '../store/store';
import { transact } from '../store/writer';
import { loyaltyErrors } from './errors';
import { auditFieldsOf } from './ledger';

export type LoyaltyRule = Omit<InferSelectModel<typeof loyaltyRules>, 'multipliers' | 'promotions'> & {
  multipliers: ProductMultiplier[];
  promotions: Promotion[];
};

export { ruleInputSchema, type RuleInput };

/**
 * Points a purchase line earns under a rule: none below the minimum, then rupiah per point, times the product's
 * multiplier and the promotions of the day (and outlet), rounded once at the end as set.
 */
export function pointsFor(
  rule: Pick<LoyaltyRule, 'minPurchase' | 'rupiahPerPoint' | 'rounding'> & Partial<Pick<LoyaltyRule, 'multipliers' | 'promotions'>>,
  amount: number,
  purchase: { product?: string | null; outletCode?: string | null; day?: string } = {},
): number {
  if (!Number.isInteger(amount) || amount <= 0 || amount < rule.minPurchase) return 0;
  // Exact integer arithmetic (factors in hundredths), so 1.5 × 3 is 4.5 and 9.9999 stays below 10.
  let num = BigInt(amount);
  let den = BigInt(rule.rupiahPerPoint);
  const factor = (f: number) => {
    num *= BigInt(Math.round(f * 100));
    den *= 100n;
  };
  const product = purchase.product?.trim().toLowerCase();
  const multiplier = product ? rule.multipliers?.find((m) => m.product.trim().toLowerCase() === product) : undefined;
  if (multiplier) factor(multiplier.factor);
  for (const promo of rule.promotions ?? [])
    if (purchase.day && promo.from <= purchase.day && purchase.day <= promo.until && (promo.outletCode === null || promo.outletCode === purchase.outletCode))
      factor(promo.factor);
  const floor = num / den;
  const rest = num % den;
  const result = rule.rounding === 'ceil' ? floor + (rest > 0n ? 1n : 0n) : rule.rounding === 'round' ? floor + (rest * 2n >= den ? 1n : 0n) : floor;
  return Number(result);
}

/** The day points earned on `fromDay` expire: N calendar months later, clamped to the month's last day. */
export function expiryDay(fromDay: string, months: number): string {
  const [y, m, d] = fromDay.split('-').map(Number) as [number, number, number];
  const monthIndex = m - 1 + months;
  const year = y + Math.floor(monthIndex / 12);
  const month = monthIndex % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/**
 * The existing version of its kind a new period [from, to) collides with, or null. An open-ended version that started
 * earlier is not a collision: the new version ends it. Anything else sharing a day is.
 */
export function overlapping<T extends Pick<LoyaltyRule, 'validFrom' | 'validTo'>>(existing: readonly T[], from: string, to: string | null): T | null {
  for (const rule of existing) {
    if (rule.validTo === null && rule.validFrom < from) continue;
    const endsAfterStart = rule.validTo === null || rule.validTo > from;
    const startsBeforeEnd = to === null || rule.validFrom < to;
    if (endsAfterStart && startsBeforeEnd) return rule;
  }
  return null;
}

/** The rule version in force on a day, if any: versions never apply backwards. */
export function ruleOn(store: Store, onDay: string, kind: LoyaltyRule['kind'] = 'base'): LoyaltyRule | null {
  const row = prepared(
    store,
    `SELECT * FROM loyalty_rules WHERE kind = ? AND deleted_at IS NULL AND valid_from <= ? AND (valid_to IS NULL OR valid_to > ?)
       ORDER BY valid_from DESC, id DESC LIMIT 1`,
  ).get(kind, onDay, onDay) as Record<string, unknown> | undefined;
  return row ? ruleFromRow(row) : null;
}

export function listRules(store: Store): LoyaltyRule[] {
  return (
    prepared(store, 'SELECT * FROM loyalty_rules WHERE deleted_at IS NULL ORDER BY kind, valid_from').all() as Record<string, unknown>[]
  ).map(ruleFromRow);
}

export function ruleFromRow(row: Record<string, unknown>): LoyaltyRule {
  return {
    id: row.id as string,
    kind: row.kind as LoyaltyRule['kind'],
    validFrom: row.valid_from as string,
    validTo: (row.valid_to as string | null) ?? null,
    rupiahPerPoint: row.rupiah_per_point as number,
    minPurchase: row.min_purchase as number,
    rounding: row.rounding as LoyaltyRule['rounding'],
    pointValue: row.point_value as number,
    validityMonths: row.validity_months as number,
    offlineRedeemLimit: row.offline_redeem_limit as number,
    earnAndRedeemSameSale: row.earn_and_redeem_same_sale === 1,
    multipliers: JSON.parse((row.multipliers as string | undefined) ?? '[]') as ProductMultiplier[],
    promotions: JSON.parse((row.promotions as string | undefined) ?? '[]') as Promotion[],
    ...auditFieldsOf(row),
  };
}

/**
 * A manager sets a new version of the programme. It starts today or later (never backwards), must not share a
 * day with another version except the open-ended current one, which it ends. The server accepts the rows only
 * signed by a manager (writeRules.ts: manager_signed).
 */
export function setRule(store: Store, manager: Session | null, input: unknown): LoyaltyRule {
  if (!manager || roleRank[manager.role] < roleRank.manager) throw loyaltyErrors.managerRequired();
  const parsed = ruleInputSchema.safeParse(input);
  if (!parsed.success) throw validationFailure(fieldIssues(parsed.error));
  const rule = parsed.data;
  const validTo = rule.validTo ?? null;
  if (rule.validFrom < deviceToday(store)) throw loyaltyErrors.ruleBackdated();
  if (validTo !== null && validTo <= rule.validFrom) throw loyaltyErrors.rulePeriodInvalid();
  checkMultipliersAndPromotions(rule.multipliers, rule.promotions, rule.validFrom, validTo);
  const id = newId();
  transact(store, (w) => {
    const sameKind = listRules(store).filter((r) => r.kind === 'base');
    const clash = overlapping(sameKind, rule.validFrom, validTo);
    if (clash) throw loyaltyErrors.ruleOverlap('base', clash);
    for (const open of sameKind)
      if (open.validTo === null && open.validFrom < rule.validFrom) w.update(loyaltyRules, open.id, { validTo: rule.validFrom });
    w.insert(loyaltyRules, {
      id,
      kind: 'base',
      ...rule,
      validTo,
      multipliers: JSON.stringify(rule.multipliers),
      promotions: JSON.stringify(rule.promotions),
    });
  });
  return listRules(store).find((r) => r.id === id)!;
}

/**
 * A product has one multiplier; a promotion lies inside its version's period, ends on or after it starts, and does
 * not share a day with another promotion for the same outlet (or with any promotion, for one of all outlets).
 */
function checkMultipliersAndPromotions(multipliers: ProductMultiplier[], promotions: Promotion[], from: string, to: string | null): void {
  const products = new Set<string>();
  for (const [i, m] of multipliers.entries()) {
    const key = m.product.trim().toLowerCase();
    if (products.has(key)) throw loyaltyErrors.multiplierDuplicate(i, m.product);
    products.add(key);
  }
  for (const [i, p] of promotions.entries()) {
    if (p.until < p.from) throw loyaltyErrors.promotionPeriodInvalid(i);
    if (p.from < from || (to !== null && p.until >= to)) throw loyaltyErrors.promotionOutsideRule(i);
    for (const [j, q] of promotions.entries())
      if (j < i && (p.outletCode === null || q.outletCode === null || p.outletCode === q.outletCode) && p.from <= q.until && q.from <= p.until)
        throw loyaltyErrors.promotionOverlap(i, q.name);
  }
}
