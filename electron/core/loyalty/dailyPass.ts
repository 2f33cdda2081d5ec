import { deviceToday } from './ledgerDays';
import type { TierPassReport } from '../../../shared/loyaltyTiers';
import { readSetting, writeSetting, type Store } from '../store/store';
import { expirePoints } from './expire';
import { recomputeTiers } from './tiers/pass';
import { withCheckpointOffThread } from '../store/checkpointOffThread';
import { counterValue } from '../store/counters';

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
  // The expiry pass holds the automatic checkpoint back until its copy ends, which is after this synchronous pass
  // returns: the tier recompute's upserts (a row per customer) would then be left in the log for the next user's
  // write to copy. Held around both, the copy after them runs on its thread too.
  return withCheckpointOffThread(store, counterValue(store, 'customers') >= LARGE_STORE, () => {
    const expired = expirePoints(store, day);
    const tiers = recomputeTiers(store, day);
    writeSetting(store.sqlite, 'loyalty_pass_day', day);
    return { day, expired, tiers };
  });
}

/** Customers from which the daily pass's log is copied on a thread of its own (the tier rows alone: megabytes). */
const LARGE_STORE = 10_000;
