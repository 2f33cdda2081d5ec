import { deviceToday } from '../ledgerDays';
import type { ServiceLevel } from '../../../../shared/care';
import type { CustomerTier, TierLevel } from '../../../../shared/loyaltyTiers';
import type { Store } from '../../store/store';
import { prepared } from '../statements';
import { tierProgrammeById, tiersOn } from './programme';

/**
 * A customer's tier as the last pass left it, with its benefits, and what the next tier needs. The level is read
 * from the version the pass used (a tier is kept until the next pass even if the manager changed thresholds).
 */
export function customerTier(store: Store, customerId: string): CustomerTier {
  const row = prepared(
    store,
    'SELECT tier_code AS code, spend_12m AS spend, version_id AS versionId, computed_on AS computedOn FROM customer_tiers WHERE customer_id = ?',
  ).get(customerId) as { code: string | null; spend: number; versionId: string | null; computedOn: string } | undefined;
  const programme =
    (row?.versionId ? tierProgrammeById(store, row.versionId) : null) ?? tiersOn(store, deviceToday(store));
  const levels = programme?.levels ?? [];
  const tier = row?.code ? (levels.find((l) => l.code === row.code) ?? null) : null;
  const spend = row?.spend ?? 0;
  const nextLevel = levels.find((l) => l.minSpend > (tier?.minSpend ?? 0) && l.minSpend > spend) ?? null;
  return {
    customerId,
    tier,
    spend12m: spend,
    next: nextLevel ? { level: nextLevel, missing: nextLevel.minSpend - spend } : null,
    inGrace: tier !== null && spend < tier.minSpend,
    computedOn: row?.computedOn ?? null,
  };
}

/** The tier codes of many customers at once (lookup lists): one read, no per-row programme parsing. */
export function tierCodesOf(store: Store, customerIds: readonly string[]): Map<string, string> {
  if (customerIds.length === 0) return new Map();
  const rows = prepared(
    store,
    'SELECT customer_id AS id, tier_code AS code FROM customer_tiers WHERE tier_code IS NOT NULL AND customer_id IN (SELECT value FROM json_each(?))',
  ).all(JSON.stringify(customerIds)) as { id: string; code: string }[];
  return new Map(rows.map((r) => [r.id, r.code]));
}

/** A complaint's service level for this customer: the outlet's, shortened to the tier's where the tier promises faster. */
export function tierServiceLevel(store: Store, customerId: string, level: ServiceLevel): ServiceLevel {
  const tier: TierLevel | null = customerTier(store, customerId).tier;
  if (!tier) return level;
  return {
    ...level,
    responseHours: tier.complaintResponseHours !== null ? Math.min(level.responseHours, tier.complaintResponseHours) : level.responseHours,
    resolutionDays: tier.complaintResolutionDays !== null ? Math.min(level.resolutionDays, tier.complaintResolutionDays) : level.resolutionDays,
  };
}
