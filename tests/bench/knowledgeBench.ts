/**
 * Knowing each customer (issue 19) on a synthetic store: by default 1,000,000 customers and about 5,000,000
 * purchases with co-purchase structure (electron/core/offers/syntheticBaskets.ts), 100,000 opportunities, and
 * profile facts and family members for one customer in ten, all written through the write funnel.
 *
 *   node --import tsx tests/bench/knowledgeBench.ts [--customers N] [--opportunities N] [--probes N] [--store FILE]
 *
 * Prints, in the core (the functions the screens' calls run):
 *   - the customer page's knowledge: profile + offers + opportunities of one customer;   target p95 < 10 ms
 *   - relearning the co-purchase rules from every purchase;                               target < 60 s
 *   - the sales forecast (three months, six past months against actual): the full computation, the daily pass's
 *     refresh of its slow part, and what the screen asks for (opportunities live + today's part); target < 2 s
 *   - the offers backtest (precision@3, recall@3 against the most-popular baseline).
 * --store reuses a store built by an earlier run.
 */
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { customerFacts, familyMembers } from '../../db/schema/knowledge';
import { seedCustomers } from '../../electron/core/demo/seedStore';
import { SeededRandom } from '../../electron/core/demo/random';
import { syntheticCustomers } from '../../electron/core/demo/syntheticCustomers';
import { withCoPurchases } from '../../electron/core/offers/syntheticBaskets';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';
import { closeStore, openStore } from '../../electron/core/store/store';
import { transact } from '../../electron/core/store/writer';
import { newId } from '../../electron/core/ids';
import { deterministicId } from '../../electron/core/care/deterministicId';
import { opportunities, opportunityEvents } from '../../db/schema/knowledge';
import { customerKnowledge } from '../../electron/core/knowledge/profile';
import { listOpportunities } from '../../electron/core/opportunities/opportunities';
import { refreshForecastBase, salesForecast } from '../../electron/core/opportunities/forecast';
import { offersFor, recomputeOfferRules } from '../../electron/core/offers/offerRules';
import { backtestOffers } from '../../electron/core/offers/backtest';
import { learnDailyOffThread } from '../../electron/core/learning/learnOffThread';
import { lostReasons, openStages, reasonsNotBought } from '../../shared/knowledge';
import { percentiles, round, time } from './stats';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    opportunities: { type: 'string', default: '100000' },
    outlets: { type: 'string', default: '20' },
    probes: { type: 'string', default: '2000' },
    store: { type: 'string' },
  },
});
const customerCount = Number(values.customers);
const opportunityCount = Number(values.opportunities);
const outletCount = Number(values.outlets);
const probes = Number(values.probes);
// The store's clock runs in real time (a fixed clock would overflow the change stamps of a bulk write).
const now = new Date();
const workDir = path.join(os.tmpdir(), 'akrab-bench');
mkdirSync(workDir, { recursive: true });
const storePath = values.store ?? path.join(workDir, `knowledge-${customerCount}.sqlite`);
const fresh = !existsSync(storePath);
const store = openStore(storePath, { staff: 'Rina' });
const log = (line: string) => console.log(line);

const categories = ['Kasur', 'Sofa', 'Lemari', 'Kulkas', 'TV', 'AC', 'Mesin cuci'];
if (fresh) {
  const outlets = Array.from({ length: outletCount }, (_, i) => ensureOutlet(store, `OUT${String(i + 1).padStart(2, '0')}`));
  useOutlet(store, outlets[0]!);
  const started = Date.now();
  // Five purchases per customer on average (0–10), products and dates rewritten with co-purchase structure.
  seedCustomers(
    store,
    withCoPurchases(syntheticCustomers(customerCount, { seed: 19, until: now, purchasesPerCustomer: 5 }), { until: now }),
    {
      onProgress: (done) => {
        if (done % 100_000 === 0) log(`  seeded ${done} customers (${Math.round((Date.now() - started) / 1000)} s)`);
      },
    },
  );
  // Purchases spread over the outlets, as a chain's are.
  store.sqlite
    .prepare(`UPDATE purchases SET outlet_id = (SELECT id FROM outlets ORDER BY code LIMIT 1 OFFSET (abs(random()) % ?))`)
    .run(outletCount);
  const ids = store.sqlite.prepare('SELECT id FROM customers').pluck().all() as string[];
  const random = new SeededRandom(7);
  transact(store, (w) => {
    for (let i = 0; i < opportunityCount; i++) {
      const id = newId();
      const closed = random.chance(0.6);
      const stage = closed ? (random.chance(0.35) ? 'won' : 'lost') : random.pick(openStages);
      const createdAt = new Date(now.getTime() - random.int(1, 400) * 86_400_000).toISOString();
      const closedAt = closed ? new Date(Date.parse(createdAt) + random.int(1, 60) * 86_400_000).toISOString() : null;
      w.insert(opportunities, {
        id,
        createdAt,
        customerId: random.pick(ids),
        outletId: outlets[random.int(0, outletCount - 1)]!.id,
        owner: random.pick(['Rina', 'Joko', 'Ayu', 'Budi']),
        product: 'Produk',
        category: random.pick(categories),
        budget: random.int(1, 400) * 50_000,
        expectedDecisionDate: new Date(now.getTime() + random.int(-30, 120) * 86_400_000).toISOString().slice(0, 10),
        reasonNotBought: random.pick(reasonsNotBought),
        note: null,
        followUpId: null,
        offerId: null,
        stage,
        closedAt: closedAt && closedAt < now.toISOString() ? closedAt : null,
        invoiceNo: null,
        purchaseId: null,
        wonAmount: null,
        lostReason: stage === 'lost' ? random.pick(lostReasons) : null,
        lostNote: null,
      });
      w.insert(opportunityEvents, {
        id: newId(),
        createdAt,
        opportunityId: id,
        at: createdAt,
        staff: null,
        outletId: null,
        fromStage: null,
        toStage: 'interested',
      });
      if (stage !== 'interested')
        w.insert(opportunityEvents, {
          id: newId(),
          createdAt,
          opportunityId: id,
          at: closedAt ?? createdAt,
          staff: null,
          outletId: null,
          fromStage: 'interested',
          toStage: stage,
        });
    }
    for (let i = 0; i < ids.length; i += 10) {
      const customerId = ids[i]!;
      w.insert(customerFacts, { id: deterministicId(0, 'fact', customerId, 'occupation'), customerId, key: 'occupation', value: 'Guru' });
      w.insert(familyMembers, { id: newId(), customerId, name: 'Ayu', relation: 'child', birthDate: '2012-01-01', memberCustomerId: null });
    }
  });
  log(`store built in ${Math.round((Date.now() - started) / 1000)} s: ${storePath}`);
}
const counts = {
  customers: store.sqlite.prepare('SELECT count(*) FROM customers').pluck().get() as number,
  purchases: store.sqlite.prepare('SELECT count(*) FROM purchases').pluck().get() as number,
  opportunities: store.sqlite.prepare('SELECT count(*) FROM opportunities').pluck().get() as number,
};
log(`store: ${counts.customers} customers, ${counts.purchases} purchases, ${counts.opportunities} opportunities`);

let recompute = { rules: 0 };
const recomputeMs = time(() => (recompute = recomputeOfferRules(store)));
log(`rule recompute: ${round(recomputeMs / 1000, 2)} s, ${recompute.rules} rules (target < 60 s)`);

// The full computation (an explicit instant bypasses what is remembered), then the daily pass's refresh of the
// slow part, then what the screen and the CLI ask for: open opportunities live beside the part remembered today.
const fullRuns = [0, 1].map(() => time(() => salesForecast(store, { now: new Date() })));
log(`forecast, full computation (all outlets, 3 months + 6 past): ${fullRuns.map((t) => Math.round(t)).join(', ')} ms`);
log(`forecast's daily part refreshed by the rule pass: ${Math.round(time(() => refreshForecastBase(store)))} ms`);
const forecastRuns = [0, 1, 2].map(() => time(() => salesForecast(store)));
log(`forecast as the screen asks (all outlets): ${forecastRuns.map((t) => Math.round(t)).join(', ')} ms (target < 2 s)`);
const outletId = store.sqlite.prepare('SELECT id FROM outlets ORDER BY code LIMIT 1').pluck().get() as string;
log(`forecast as the screen asks (one outlet): ${Math.round(time(() => salesForecast(store, { outletId })))} ms`);

// The rule pass's learning (rules + the forecast's slow part) on its own thread: how long the app's thread is held
// (the longest gap between 5 ms timer ticks), beside the learning's whole duration.
store.sqlite.prepare(`DELETE FROM settings WHERE key IN ('offer_rules_computed_at', 'forecast_base')`).run();
{
  let last = performance.now();
  let longestGap = 0;
  const ticker = setInterval(() => {
    const t = performance.now();
    longestGap = Math.max(longestGap, t - last);
    last = t;
  }, 5);
  const started = performance.now();
  const learnt = await learnDailyOffThread(store);
  clearInterval(ticker);
  log(
    `daily learning on its own thread: ${round((performance.now() - started) / 1000, 2)} s (${learnt.offerRules?.rules ?? 0} rules, forecast part ${learnt.forecast ? 'refreshed' : 'fresh'}); ` +
      `the app's thread held at most ${Math.round(longestGap)} ms at a time (was the whole pass)`,
  );
}

const ids = store.sqlite.prepare('SELECT id FROM customers').pluck().all() as string[];
const random = new SeededRandom(3);
const samples: number[] = [];
// CPU time beside wall time: on a shared machine the wall-clock tail is mostly time spent waiting for a core.
const cpuSamples: number[] = [];
for (let i = 0; i < probes; i++) {
  const id = random.pick(ids);
  const cpu = process.cpuUsage();
  samples.push(
    time(() => {
      customerKnowledge(store, id);
      offersFor(store, id);
      listOpportunities(store, { customerId: id, limit: 50 });
    }),
  );
  const used = process.cpuUsage(cpu);
  cpuSamples.push((used.user + used.system) / 1000);
}
const p = percentiles(samples);
const c = percentiles(cpuSamples);
log(
  `customer page (profile + offers + opportunities), ${probes} customers: p50 ${round(p.p50, 2)} ms, p95 ${round(p.p95, 2)} ms, p99 ${round(p.p99, 2)} ms (target p95 < 10 ms); ` +
    `CPU time p50 ${round(c.p50, 2)} ms, p95 ${round(c.p95, 2)} ms, p99 ${round(c.p99, 2)} ms; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
);

let backtest: ReturnType<typeof backtestOffers> | null = null;
const backtestMs = time(() => (backtest = backtestOffers(store)));
const b = backtest!;
log(
  `backtest (${round(backtestMs / 1000, 2)} s): ${b.customers} customers; offers precision@3 ${round(b.offers.precisionAt3)} recall@3 ${round(b.offers.recallAt3)}; ` +
    `rules alone ${round(b.rulesOnly.precisionAt3)} / ${round(b.rulesOnly.recallAt3)}; most popular ${round(b.baseline.precisionAt3)} / ${round(b.baseline.recallAt3)}; beats baseline: ${b.beatsBaseline}`,
);
closeStore(store);
