import { prepared } from './statements';
import type { InferSelectModel } from 'drizzle-orm';
import { z } from 'zod';
import { loyaltyRules, roundingModes } from '../../../db/schema/loyalty';
import { roleRank, type Session } from '../auth/roles';
import { fieldIssues, validationFailure } from '../customers/validateDraft';
import { newId } from '../ids';
import type { Store } from '../store/store';
import { transact } from '../store/writer';
import { loyaltyErrors } from './errors';
import { auditFieldsOf } from './ledger';

export type LoyaltyRule = InferSelectModel<typeof loyaltyRules>;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'error.date_invalid' });
const wholeRupiah = z.number().int({ error: 'error.amount_invalid' }).nonnegative({ error: 'error.amount_invalid' });

export const ruleInputSchema = z.object({
  validFrom: day,
  validTo: day.nullish(),
  rupiahPerPoint: wholeRupiah.min(1, { error: 'error.amount_invalid' }),
  minPurchase: wholeRupiah.default(0),
  rounding: z.enum(roundingModes).default('floor'),
  pointValue: wholeRupiah,
  validityMonths: z.number().int().min(1).max(120),
  offlineRedeemLimit: z.number().int().nonnegative().default(0),
  earnAndRedeemSameSale: z.boolean().default(false),
});
export type RuleInput = z.input<typeof ruleInputSchema>;

/** Points a purchase line earns under a rule: none below the minimum, then rupiah per point, rounded as set. */
export function pointsFor(rule: Pick<LoyaltyRule, 'minPurchase' | 'rupiahPerPoint' | 'rounding'>, amount: number): number {
  if (!Number.isInteger(amount) || amount <= 0 || amount < rule.minPurchase) return 0;
  const exact = amount / rule.rupiahPerPoint;
  return rule.rounding === 'ceil' ? Math.ceil(exact) : rule.rounding === 'round' ? Math.round(exact) : Math.floor(exact);
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

/** The calendar day of a timestamp or a date as stored (UTC). */
export function dayOf(at: string): string {
  return at.slice(0, 10);
}

/**
 * Whether a new period [from, to) collides with an existing rule of its kind. An open-ended rule that started
 * earlier is not a collision: the new version ends it. Anything else sharing a day is.
 */
export function overlapping(
  existing: readonly Pick<LoyaltyRule, 'id' | 'validFrom' | 'validTo'>[],
  from: string,
  to: string | null,
): string | null {
  for (const rule of existing) {
    if (rule.validTo === null && rule.validFrom < from) continue;
    const endsAfterStart = rule.validTo === null || rule.validTo > from;
    const startsBeforeEnd = to === null || rule.validFrom < to;
    if (endsAfterStart && startsBeforeEnd) return rule.id;
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

function ruleFromRow(row: Record<string, unknown>): LoyaltyRule {
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
  if (rule.validFrom < dayOf(store.now().toISOString())) throw loyaltyErrors.ruleBackdated();
  if (validTo !== null && validTo <= rule.validFrom) throw loyaltyErrors.rulePeriodInvalid();
  const id = newId();
  transact(store, (w) => {
    const sameKind = listRules(store).filter((r) => r.kind === 'base');
    const clash = overlapping(sameKind, rule.validFrom, validTo);
    if (clash) throw loyaltyErrors.ruleOverlap(clash);
    for (const open of sameKind)
      if (open.validTo === null && open.validFrom < rule.validFrom) w.update(loyaltyRules, open.id, { validTo: rule.validFrom });
    w.insert(loyaltyRules, { id, kind: 'base', ...rule, validTo });
  });
  return listRules(store).find((r) => r.id === id)!;
}
