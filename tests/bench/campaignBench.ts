/**
 * Segment and campaign figures (issue 18) on a synthetic store: by default 1,000,000 customers with 5 purchases
 * each on average (5,000,000) over 12 outlets and 1,000,000 contacts, all written through the write funnel.
 *
 *   node --import tsx tests/bench/campaignBench.ts [--customers N] [--probes N] [--targets N] [--store FILE]
 *
 * Measures, in the core (the functions the contract and the CLI call):
 *   - the live count of a typical segment (a product in the last 12 months AND a city AND no contact in 90 days),
 *     with its 20-row preview, over varied products and cities;                     target p95 < 500 ms
 *   - launching a campaign of about --targets targets (default 100,000);            target < 5 s
 *   - the results of that campaign after contacts at its outlets;                   target < 2 s
 * and prints the figures as JSON. --store reuses a store built by an earlier run.
 */
import { existsSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { interactions } from '../../db/schema/care';
import { campaignContacts } from '../../db/schema/segments';
import { createCampaign } from '../../electron/core/campaigns/campaigns';
import { launchCampaign } from '../../electron/core/campaigns/launch';
import { campaignResults } from '../../electron/core/campaigns/results';
import { SeededRandom } from '../../electron/core/demo/random';
import { syntheticCustomers } from '../../electron/core/demo/syntheticCustomers';
import { newId } from '../../electron/core/ids';
import { ensureOutlet } from '../../electron/core/outlets/outlets';
import { countSegment, saveSegment } from '../../electron/core/segments/segments';
import { closeStore, openStore, type Store } from '../../electron/core/store/store';
import { transact } from '../../electron/core/store/writer';
import type { SegmentNodeInput } from '../../shared/segments';
import { seedCustomersByOutlet } from './seedOutlets';
import { percentiles, round, timeWithCpu } from './stats';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    outlets: { type: 'string', default: '12' },
    probes: { type: 'string', default: '40' },
    targets: { type: 'string', default: '100000' },
    store: { type: 'string' },
  },
});
const customerCount = Number(values.customers);
const outletCount = Number(values.outlets);
const probes = Number(values.probes);
const wantedTargets = Number(values.targets);
const workDir = path.join(os.tmpdir(), 'akrab-bench');
mkdirSync(workDir, { recursive: true });
const storePath = values.store ?? path.join(workDir, `campaign-${customerCount}.sqlite`);
const t0 = performance.now();
const loadAtStart = os.loadavg().map((l) => l.toFixed(1)).join('/');
const log = (line: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${line}`);
const random = new SeededRandom(18);

function build(store: Store): void {
  const have = (table: string) => store.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const outletIds = Array.from({ length: outletCount }, (_, i) => ensureOutlet(store, `OUT${String(i + 1).padStart(2, '0')}`, { name: `Outlet ${i + 1}` }).id);
  if (have('customers') === 0) {
    const generator = syntheticCustomers(customerCount, { seed: 18, purchasesPerCustomer: 5, until: new Date(), days: 3 * 365 });
    seedCustomersByOutlet(store, generator, customerCount, outletIds, log);
  }
  if (have('interactions') === 0) {
    const ids = store.sqlite.prepare('SELECT id, registered_outlet_id AS outlet FROM customers').all() as { id: string; outlet: string }[];
    const span = 365 * 86_400_000;
    const now = Date.now();
    for (let start = 0; start < ids.length; start += 50_000)
      transact(store, (w) => {
        for (const c of ids.slice(start, start + 50_000))
          w.insert(interactions, {
            id: newId(),
            customerId: c.id,
            outletId: c.outlet,
            staff: 'Rina',
            channel: 'phone',
            direction: 'out',
            at: new Date(now - random.int(0, span / 1000) * 1000).toISOString(),
            note: null,
            outcome: 'reached',
            followUpId: null,
          });
      });
    log(`${ids.length.toLocaleString('en')} contacts`);
  }
  store.sqlite.exec('ANALYZE');
}

const fresh = !existsSync(storePath);
const store = openStore(storePath, { staff: 'Manajer Bench' });
if (fresh || (store.sqlite.prepare('SELECT count(*) FROM customers').pluck().get() as number) < customerCount) build(store);
store.outletId = store.sqlite.prepare(`SELECT id FROM outlets WHERE code = 'OUT01'`).pluck().get() as string;
const purchasesHeld = store.sqlite.prepare('SELECT count(*) FROM purchases').pluck().get() as number;
log(`store: ${customerCount.toLocaleString('en')} customers, ${purchasesHeld.toLocaleString('en')} purchases`);

// Live counts: the typical condition over the store's own products and cities.
const products = (store.sqlite.prepare('SELECT DISTINCT main_product FROM purchases LIMIT 40').pluck().all() as string[]).filter(Boolean);
const cities = store.sqlite.prepare('SELECT city FROM customers WHERE city IS NOT NULL GROUP BY city ORDER BY count(*) DESC LIMIT 10').pluck().all() as string[];
const typical = (i: number): SegmentNodeInput => ({
  and: [
    { field: 'purchases', product: products[i % products.length]!.split(' ')[0]!, period: { lastDays: 365 }, op: 'gte', value: 1 },
    { field: 'city', op: 'is', value: cities[i % cities.length]! },
    { field: 'lastContact', op: 'not_within', value: 90 },
  ],
});
const samples: number[] = [];
const cpuSamples: number[] = [];
const matched: number[] = [];
for (let i = 0; i < probes; i++) {
  const { wall, cpu } = timeWithCpu(() => matched.push(countSegment(store, { where: typical(i), preview: 20 }).count));
  samples.push(wall);
  cpuSamples.push(cpu);
}
log(`live count: wall ${JSON.stringify(percentiles(samples))}, cpu ${JSON.stringify(percentiles(cpuSamples))} (matched ${Math.min(...matched)}–${Math.max(...matched)})`);

// Launch: a segment sized so that about --targets customers are targets (bought in the last N days, N chosen from
// the data: the smallest N whose buyers with WhatsApp consent, the launch's targets before its rare exclusions,
// reach --targets). The segment itself has no consent condition: the launch reads and excludes the others.
const recentDays = (() => {
  const targetsWithin = (days: number) =>
    countSegment(store, {
      where: { and: [{ field: 'purchases', period: { lastDays: days }, op: 'gte', value: 1 }, { field: 'consent', purpose: 'marketing_whatsapp', op: 'granted' }] },
      preview: 0,
    }).count;
  let low = 0;
  let high = 7;
  while (high < 3 * 365 && targetsWithin(high) < wantedTargets) [low, high] = [high, Math.min(3 * 365, Math.ceil(high * 1.5))];
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (targetsWithin(middle) >= wantedTargets) high = middle;
    else low = middle;
  }
  return high;
})();
saveSegment(store, { name: `Bench ${Date.now()}`, where: { field: 'purchases', period: { lastDays: recentDays }, op: 'gte', value: 1 } });
const segmentName = store.sqlite.prepare('SELECT name FROM segments ORDER BY created_at DESC LIMIT 1').pluck().get() as string;
const campaign = createCampaign(store, { name: 'Bench', purpose: 'marketing_whatsapp', channel: 'whatsapp', segment: segmentName, template: 'Halo {nama}', quietDays: 0 });
let summary: ReturnType<typeof launchCampaign>['summary'] | null = null;
const launched = timeWithCpu(() => (summary = launchCampaign(store, campaign.id).summary));
const launchMs = launched.wall;
log(`launch: ${round(launchMs / 1000, 2)} s (cpu ${round(launched.cpu / 1000, 2)} s) for ${summary!.added.toLocaleString('en')} targets (${JSON.stringify(summary)})`);

// Contacts for a third of the contact group, then the results.
const targets = store.sqlite.prepare('SELECT id, customer_id AS customerId, outlet_id AS outletId FROM campaign_targets WHERE campaign_id = ? AND control = 0').all(campaign.id) as {
  id: string;
  customerId: string;
  outletId: string;
}[];
transact(store, (w) =>
  w.insertMany(
    campaignContacts,
    targets
      .filter((_, i) => i % 3 === 0)
      .map((t) => ({ id: newId(), campaignId: campaign.id, targetId: t.id, customerId: t.customerId, interactionId: null, outletId: t.outletId, staff: 'Rina', at: new Date(Date.now() - 86_400_000 * 20).toISOString(), outcome: 'reached' as const, note: null })),
  ),
);
const resultSamples: number[] = [];
const resultCpu: number[] = [];
for (let i = 0; i < 5; i++) {
  const { wall, cpu } = timeWithCpu(() => campaignResults(store, campaign.id));
  resultSamples.push(wall);
  resultCpu.push(cpu);
}
log(`results: wall ${JSON.stringify(percentiles(resultSamples))}, cpu ${JSON.stringify(percentiles(resultCpu))}`);

console.log(
  JSON.stringify({
    date: new Date().toISOString(),
    customers: customerCount,
    purchases: purchasesHeld,
    machine: `${os.cpus().length} cores, load at start ${loadAtStart}, at end ${os.loadavg().map((l) => l.toFixed(1)).join('/')}, node ${process.version}`,
    liveCountMs: percentiles(samples),
    liveCountCpuMs: percentiles(cpuSamples),
    launch: { seconds: round(launchMs / 1000, 2), cpuSeconds: round(launched.cpu / 1000, 2), targets: summary!.added },
    resultsMs: percentiles(resultSamples),
    resultsCpuMs: percentiles(resultCpu),
  }),
);
closeStore(store);
