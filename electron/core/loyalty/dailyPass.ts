import { deviceToday } from './ledgerDays';
import type { TierPassReport } from '../../../shared/loyaltyTiers';
import { readSetting, writeSetting, type Store } from '../store/store';
import { expirePoints } from './expire';
import { recomputeTiers } from './tiers/pass';
import { holdingAutomaticCheckpoint, withCheckpointOffThread } from '../store/checkpointOffThread';
import { counterValue } from '../store/counters';
import { oneAnswerOffThread, threadEntry, type ReadingThreadInput } from '../store/readingThread';

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
  if (passedOn(store, day)) return null;
  // The expiry pass holds the automatic checkpoint back until its copy ends, which is after this synchronous pass
  // returns: the tier recompute's upserts (a row per customer) would then be left in the log for the next user's
  // write to copy. Held around both, the copy after them runs on its thread too.
  return withCheckpointOffThread(store, counterValue(store, 'customers') >= LARGE_STORE, () => {
    const expired = expirePoints(store, day, { commitAfterMs: PASS_COMMIT_AFTER_MS });
    const tiers = recomputeTiers(store, day);
    writeSetting(store.sqlite, 'loyalty_pass_day', day);
    return { day, expired, tiers };
  });
}

function passedOn(store: Store, day: string): boolean {
  return readSetting(store.sqlite, 'loyalty_pass_day') === day;
}

export interface DailyPassThreadInput extends ReadingThreadInput {
  outletId: string | null;
  /** The store's clock as an offset from this machine's (a test's store may run on another day). */
  clockOffsetMs: number;
}

/** What the pass's thread answers: the pass's report, or why the pass failed. */
export type DailyPassThreadAnswer = { report: LoyaltyPassReport | null } | { passFailed: string };

const entry = threadEntry(() => new URL('./dailyPassThread.mjs', import.meta.url));

/** Bundled builds name their compiled pass thread (Electron: loyaltyPass.cjs beside main.cjs). */
export const useLoyaltyPassEntry = entry.use;

/**
 * runLoyaltyDailyPass on a thread of its own, over its own connection: at a million customers the tier recompute
 * alone takes 20-50 s, during which the app's thread keeps answering the counter. The app's writes meanwhile wait
 * for the pass's transactions (each tier batch commits on its own; the day's expiries are one transaction). An
 * in-memory store or a thread that cannot start passes here instead (and says so), up to ON_APP_THREAD_UP_TO
 * customers; a pass that fails on its thread is the answer (it is retried at the next scheduled pass).
 */
export async function runLoyaltyDailyPassOffThread(store: Store): Promise<LoyaltyPassReport | null> {
  // Checked here too, so the hourly schedule starts no thread once the day's pass is done.
  if (passedOn(store, deviceToday(store))) return null;
  const answer = await holdingAutomaticCheckpoint(store, () =>
    oneAnswerOffThread<DailyPassThreadAnswer>(
      entry.get(),
      store,
      { outletId: store.outletId, clockOffsetMs: store.now().getTime() - Date.now() } satisfies Omit<DailyPassThreadInput, 'file'>,
      () => {
        // Without its thread, a large store's pass would stop the app for up to a minute: left to the next hourly pass.
        if (!store.sqlite.memory && counterValue(store, 'customers') > ON_APP_THREAD_UP_TO) throw new Error('the loyalty daily pass is left to the next scheduled pass: its thread failed');
        return { report: runLoyaltyDailyPass(store) };
      },
      '[akrab] the loyalty daily pass ran in the main thread: its own thread failed',
    ),
  );
  if ('passFailed' in answer) throw new Error(answer.passFailed);
  return answer.report;
}

/** Customers up to which the daily pass runs on the app's thread when its own thread fails (about 2 s at 50,000). */
const ON_APP_THREAD_UP_TO = 50_000;

/**
 * How long a step of the daily expiry pass holds the store for writing: on the pass's thread, a counter's write waits
 * for at most one step (the busy timeout is 15 s, db/connection.ts). A day's expiries at a million customers take
 * 7-15 s in all (39,000 expiries), a month's after the device was off two minutes.
 */
const PASS_COMMIT_AFTER_MS = 1000;

/** Customers from which the daily pass's log is copied on a thread of its own (the tier rows alone: megabytes). */
const LARGE_STORE = 10_000;
