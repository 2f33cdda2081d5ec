import { deviceToday } from './ledgerDays';
import type { TierPassReport } from '../../../shared/loyaltyTiers';
import { readSetting, writeSetting, type Store } from '../store/store';
import { expirePoints } from './expire';
import { recomputeTiers } from './tiers/pass';

export interface LoyaltyPassReport {
  day: string;
  expired: { events: number; points: number; customers: number };
  tiers: TierPassReport;
}

/**
 * Loyalty's share of the care schedule's hourly pass: once a day, the expiry pass and the tier recompute. The
 * day it last ran is remembered, so the hourly schedule runs them on the first pass of each day only.
 */
export function runLoyaltyDailyPass(store: Store): LoyaltyPassReport | null {
  const day = deviceToday(store);
  if (readSetting(store.sqlite, 'loyalty_pass_day') === day) return null;
  const expired = expirePoints(store, day);
  const tiers = recomputeTiers(store, day);
  writeSetting(store.sqlite, 'loyalty_pass_day', day);
  return { day, expired, tiers };
}
