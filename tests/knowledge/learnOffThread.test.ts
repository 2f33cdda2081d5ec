import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { seedCustomers } from '../../electron/core/demo/seedStore';
import { syntheticCustomers } from '../../electron/core/demo/syntheticCustomers';
import { learn } from '../../electron/core/learning/dailyLearning';
import { learnDailyOffThread, useLearningEntry } from '../../electron/core/learning/learnOffThread';
import { withCoPurchases } from '../../electron/core/offers/syntheticBaskets';
import { createOpportunity } from '../../electron/core/opportunities/opportunities';
import { salesForecast } from '../../electron/core/opportunities/forecast';
import { readSetting } from '../../electron/core/store/store';
import { bundledAsShipped } from '../support/electronBundle';
import { tempDir } from '../support/tempStore';
import { careStore, DAY } from '../care/support';

afterEach(() => {
  useLearningEntry();
  vi.restoreAllMocks();
});

/** A store with co-purchase structure (rules pass the default minimums) and a few open opportunities. */
function shop() {
  const s = careStore('2026-11-01T03:00:00.000Z');
  const until = new Date('2026-11-01T03:00:00.000Z');
  seedCustomers(s.store, withCoPurchases(syntheticCustomers(1200, { seed: 7, until }), { until }));
  const someone = s.store.sqlite.prepare('SELECT id FROM customers LIMIT 1').pluck().get() as string;
  for (const budget of [2_000_000, 5_000_000])
    createOpportunity(s.store, { customerId: someone, product: 'Kasur', category: 'Kasur', budget, expectedDecisionDate: '2026-12-10' });
  return s;
}

const storedRules = (s: ReturnType<typeof shop>['store']) =>
  s.sqlite.prepare('SELECT antecedent, consequent, pair_customers AS pairCustomers, support, confidence, lift FROM offer_rules ORDER BY antecedent, consequent').all();
const byPair = <T extends { antecedent: string; consequent: string }>(rules: T[]) =>
  [...rules].sort((a, b) => a.antecedent.localeCompare(b.antecedent) || a.consequent.localeCompare(b.consequent));

describe("the daily learning's own thread", () => {
  it('learns there what this thread would learn, while this thread keeps running, and writes it here', async () => {
    const { store } = shop();
    const warn = vi.spyOn(console, 'warn');
    const expected = learn(store, { offerRules: true, forecastBase: true });
    expect(expected.offerRules!.rules.length).toBeGreaterThan(0);

    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const report = await learnDailyOffThread(store);
    clearInterval(timer);
    // Timers fired while the learning read: it did not hold this thread (learning here would, start to end).
    expect(ticks).toBeGreaterThan(0);
    expect(warn).not.toHaveBeenCalled();

    expect(report.offerRules?.rules).toBe(expected.offerRules!.rules.length);
    expect(report.forecast).toBeDefined();
    const columns = ({ antecedent, consequent, pairCustomers, support, confidence, lift }: (typeof expected.offerRules & {})['rules'][number]) => ({
      antecedent,
      consequent,
      pairCustomers,
      support,
      confidence,
      lift,
    });
    expect(storedRules(store)).toEqual(byPair(expected.offerRules!.rules.map(columns)));
    expect(JSON.parse(readSetting(store.sqlite, 'offer_popular_products')!)).toEqual(expected.offerRules!.popular);
    expect(JSON.parse(readSetting(store.sqlite, 'forecast_base')!)).toEqual(expected.forecastBase);
    // The screen's forecast reads what the thread learnt: the same as computing it in full here.
    expect(salesForecast(store)).toEqual(salesForecast(store, { now: store.now() }));
  });

  it('learns again only what has gone stale: the rules after a day, the forecast part the next WIB day', async () => {
    const { store, advance } = shop();
    await learnDailyOffThread(store);
    expect(await learnDailyOffThread(store)).toEqual({});
    // 03:00 UTC + 15 h = 18:00 UTC: the next WIB day, the rules not yet a day old.
    advance(15 * 3_600_000);
    const nextDay = await learnDailyOffThread(store);
    expect(nextDay.forecast).toBeDefined();
    expect(nextDay.offerRules).toBeUndefined();
    advance(DAY);
    expect((await learnDailyOffThread(store)).offerRules).toBeDefined();
  });

  it('runs as the compiled file the Electron build ships (build/buildElectron.mjs)', async () => {
    useLearningEntry(await bundledAsShipped('electron/core/learning/learningThread.ts', 'learning.cjs'));
    const warn = vi.spyOn(console, 'warn');
    const { store } = shop();
    const report = await learnDailyOffThread(store);
    expect(report.offerRules!.rules).toBeGreaterThan(0);
    expect(warn).not.toHaveBeenCalled();
  });

  it('when its thread cannot start, learns in this thread instead, and says so', async () => {
    useLearningEntry(path.join(tempDir(), 'missing.cjs'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { store } = shop();
    const expected = learn(store, { offerRules: true, forecastBase: false });
    const report = await learnDailyOffThread(store);
    expect(report.offerRules!.rules).toBe(expected.offerRules!.rules.length);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('its own thread failed'), expect.any(Error));
  });
});
