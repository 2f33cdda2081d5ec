import type { Store } from '../store/store';
import { oneAnswerOffThread, threadEntry } from '../store/readingThread';
import { offerRulesStale, saveOfferRules, type RecomputeReport } from '../offers/offerRules';
import { forecastBaseStale, rememberForecastBase } from '../opportunities/forecast';
import { learn, type LearningWants, type Learnt } from './dailyLearning';
import type { LearningInput } from './learningThread';

const entry = threadEntry(() => new URL('./learningThread.mjs', import.meta.url));

/** Bundled builds name their compiled learning thread (Electron: learning.cjs beside main.cjs). */
export const useLearningEntry = entry.use;

export interface DailyLearningReport {
  offerRules?: RecomputeReport;
  forecast?: { ms: number };
}

/**
 * The scheduled pass's learning (issue 19): relearns the co-purchase rules once they are a day old and the
 * forecast's slow part once a WIB day, reading on a thread of its own so the app keeps answering; what was learnt
 * is written here, each in one short transaction. An in-memory store, a bundle without the thread's file, or a
 * failed thread learns on this thread instead (and says so): the pass never stops for want of a thread.
 */
export async function learnDailyOffThread(store: Store): Promise<DailyLearningReport> {
  const wants = { offerRules: offerRulesStale(store), forecastBase: forecastBaseStale(store) };
  if (!wants.offerRules && !wants.forecastBase) return {};
  const started = performance.now();
  const learnt = await learnOffThread(store, wants);
  const ms = Math.round(performance.now() - started);
  const report: DailyLearningReport = {};
  if (learnt.offerRules) report.offerRules = { rules: saveOfferRules(store, learnt.offerRules), computedAt: learnt.offerRules.computedAt, ms };
  if (learnt.forecastBase) {
    rememberForecastBase(store, learnt.forecastBase);
    report.forecast = { ms };
  }
  return report;
}

function learnOffThread(store: Store, wants: LearningWants): Promise<Learnt> {
  return oneAnswerOffThread(
    entry.get(),
    store,
    { outletId: store.outletId, nowIso: store.now().toISOString(), ...wants } satisfies Omit<LearningInput, 'file'>,
    () => learn(store, wants),
    '[akrab] daily learning ran in the main thread: its own thread failed',
  );
}
