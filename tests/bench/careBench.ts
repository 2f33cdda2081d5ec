/**
 * Customer care figures (issue 9) on a synthetic store: by default 1,000,000 customers (3 purchases each on
 * average) over 20 outlets, 3,000,000 interactions and 100,000 complaints, all written through the write funnel.
 *
 *   node --import tsx tests/bench/careBench.ts [--customers N] [--interactions N] [--complaints N] [--probes N] [--store FILE]
 *
 * Measures, in the core (the functions the contract calls run):
 *   - opening a customer's timeline (purchases + interactions + complaints, newest first, up to 1,000 entries),
 *     for "heavy" customers (about 1,000 entries each) and for typical ones;        target p95 < 5 ms
 *   - 'my day' for one outlet;                                                        target p95 < 50 ms
 *   - the rule pass that creates follow-ups for the whole store, as the app runs it (first run, an idempotent re-run,
 *     the next day) with the longest it held the event loop, and the first run in one thread;      target < 10 s
 * and writes tests/bench/care-results.json. --store reuses a store built by an earlier run.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { interactions } from '../../db/schema/care';
import { interactionChannels, interactionOutcomes, complaintCategories, complaintSeverities } from '../../shared/care';
import { SeededRandom } from '../../electron/core/demo/random';
import { syntheticCustomers } from '../../electron/core/demo/syntheticCustomers';
import { ensureOutlet } from '../../electron/core/outlets/outlets';
import { closeStore, openStore, type Store } from '../../electron/core/store/store';
import { transact } from '../../electron/core/store/writer';
import { newId } from '../../electron/core/ids';
import { HybridClock } from '../../electron/core/clock/hybridClock';
import { customerTimeline, careSummary } from '../../electron/core/care/interactions/timeline';
import { myDay } from '../../electron/core/care/followUps/myDay';
import { runFollowUpRules, runFollowUpRulesInSteps } from '../../electron/core/care/followUps/rules';
import { openComplaint, transitionComplaint } from '../../electron/core/care/complaints/complaints';
import { seedCustomersByOutlet } from './seedOutlets';
import { percentiles, round, time } from './stats';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '1000000' },
    interactions: { type: 'string', default: '3000000' },
    complaints: { type: 'string', default: '100000' },
    outlets: { type: 'string', default: '20' },
    heavy: { type: 'string', default: '1000' },
    probes: { type: 'string', default: '2000' },
    store: { type: 'string' },
  },
});
const customerCount = Number(values.customers);
const interactionCount = Number(values.interactions);
const complaintCount = Number(values.complaints);
const outletCount = Number(values.outlets);
const heavyCount = Math.min(Number(values.heavy), customerCount);
const probes = Number(values.probes);
const here = path.dirname(fileURLToPath(import.meta.url));
const workDir = path.join(os.tmpdir(), 'akrab-bench');
mkdirSync(workDir, { recursive: true });
const storePath = values.store ?? path.join(workDir, `care-${customerCount}.sqlite`);
const results: Record<string, unknown> = {
  date: new Date().toISOString(),
  customers: customerCount,
  interactions: interactionCount,
  complaints: complaintCount,
  outlets: outletCount,
  machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
};
const log = (line: string) => console.log(`[${((performance.now() - t0) / 1000).toFixed(0).padStart(5)} s] ${line}`);
const t0 = performance.now();

// The store's clock is the bench's: complaints are opened and moved in the past.
let clock: Date | null = null;
const now = () => clock ?? new Date();
const random = new SeededRandom(7);
const staffNames = ['Rina', 'Joko', 'Dewi', 'Agus', 'Sari', 'Budi'];

/** A reused store (--store) loses what earlier rule passes wrote, so the first pass measured is a first pass. */
function forgetRuleFollowUps(store: Store): void {
  store.sqlite.transaction(() => {
    const ruleMade = `SELECT id FROM follow_ups WHERE kind <> 'manual' AND id NOT IN (SELECT id FROM follow_up_outcomes)`;
    store.sqlite.exec(`DELETE FROM changes WHERE table_name = 'follow_ups' AND row_id IN (${ruleMade})`);
    store.sqlite.exec(`DELETE FROM changes WHERE table_name = 'complaint_events' AND row_id IN (SELECT id FROM complaint_events WHERE kind = 'escalated')`);
    store.sqlite.exec(`DELETE FROM follow_ups WHERE id IN (${ruleMade})`);
    store.sqlite.exec(`DELETE FROM complaint_events WHERE kind = 'escalated'`);
  })();
}

/** Builds what the store is missing, phase by phase, so an interrupted build resumes with --store. */
function build(store: Store): void {
  const have = (table: string) => store.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const outletIds: string[] = [];
  for (let i = 1; i <= outletCount; i++)
    outletIds.push(ensureOutlet(store, `OUT${String(i).padStart(2, '0')}`, { name: `Outlet ${i}` }).id);

  // 1. Customers (with cards, phones, ~3 purchases each), each outlet registering its share.
  let started = performance.now();
  if (have('customers') === 0) {
    const generator = syntheticCustomers(customerCount, { seed: 11, purchasesPerCustomer: 3, until: new Date(), days: 3 * 365 });
    seedCustomersByOutlet(store, generator, customerCount, outletIds, log);
    results.buildCustomersSeconds = round((performance.now() - started) / 1000, 1);
  }

  // 2. Interactions: the first `heavyCount` customers get ~900 each (their timeline reaches 1,000 entries), the rest spread at random.
  started = performance.now();
  const ids = store.sqlite.prepare('SELECT id, registered_outlet_id FROM customers ORDER BY rowid').all() as {
    id: string;
    registered_outlet_id: string;
  }[];
  const heavyEach = Math.min(900, Math.floor((interactionCount * 0.3) / Math.max(1, heavyCount)));
  const nowMs = Date.now();
  const span = 2 * 365 * 86_400_000;
  let written = have('interactions');
  const batch = 50_000;
  while (written < interactionCount) {
    transact(store, (w) => {
      for (let k = 0; k < batch && written < interactionCount; k++, written++) {
        const c = written < heavyCount * heavyEach ? ids[Math.floor(written / heavyEach)]! : ids[random.int(0, ids.length - 1)]!;
        const channel = interactionChannels[random.int(0, interactionChannels.length - 1)]!;
        w.insert(interactions, {
          id: newId(),
          customerId: c.id,
          outletId: c.registered_outlet_id,
          staff: staffNames[random.int(0, staffNames.length - 1)]!,
          channel,
          direction: channel === 'visit' || channel === 'consultation' ? 'in' : 'out',
          at: new Date(nowMs - random.int(0, span / 1000) * 1000).toISOString(),
          note: random.chance(0.5) ? 'Tanya promo cicilan 0% untuk kulkas' : null,
          outcome: random.chance(0.7) ? interactionOutcomes[random.int(0, interactionOutcomes.length - 1)]! : null,
          followUpId: null,
        });
      }
    });
    if (written % 500_000 === 0 || written === interactionCount) log(`${written.toLocaleString('en')} interactions`);
  }
  results.buildInteractionsSeconds = round((performance.now() - started) / 1000, 1);

  // 3. Complaints through the core (service-level clock, history), opened over the last year; most resolved, many closed.
  started = performance.now();
  const yearMs = 365 * 86_400_000;
  for (let made = have('complaints'); made < complaintCount;) {
    transact(store, () => {
      for (let k = 0; k < 5000 && made < complaintCount; k++, made++) {
        const c = made < heavyCount * 20 ? ids[made % heavyCount]! : ids[random.int(0, ids.length - 1)]!;
        store.outletId = c.registered_outlet_id;
        store.staff = staffNames[random.int(0, staffNames.length - 1)]!;
        const openedAt = nowMs - random.int(0, yearMs / 1000) * 1000;
        clock = new Date(openedAt);
        const complaint = openComplaint(store, {
          customerId: c.id,
          category: complaintCategories[random.int(0, complaintCategories.length - 1)]!,
          severity: complaintSeverities[random.int(0, complaintSeverities.length - 1)]!,
          description: 'Produk tidak berfungsi setelah dua minggu pemakaian',
        });
        const fate = random.next();
        let at = openedAt;
        const step = (status: 'in_progress' | 'resolved' | 'closed', satisfaction: number | null = null) => {
          at = Math.min(nowMs, at + random.int(1, 72) * 3_600_000);
          clock = new Date(at);
          transitionComplaint(store, { complaintId: complaint.id, status, satisfaction });
        };
        if (fate < 0.9) step('in_progress');
        if (fate < 0.8) step('resolved');
        if (fate < 0.6) step('closed', random.int(1, 5));
      }
    });
    clock = null;
    if (made % 20_000 === 0) log(`${made.toLocaleString('en')} complaints`);
  }
  store.staff = null;
  results.buildComplaintsSeconds = round((performance.now() - started) / 1000, 1);
}

let store: Store;
if (values.store && existsSync(storePath)) {
  store = openStore(storePath, { now });
  log(`reusing ${storePath}`);
} else {
  for (const suffix of ['', '-wal', '-shm']) rmSync(storePath + suffix, { force: true });
  store = openStore(storePath, { now });
}
// Audit times follow the bench's clock (complaints opened in the past); the HLC keeps real time, as on a device.
store.clock = new HybridClock(store.deviceId, store.clock.snapshot(), () => Date.now());
build(store);
store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
store.sqlite.exec('ANALYZE');
const counts = store.sqlite
  .prepare(
    `SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM purchases) AS purchases, (SELECT count(*) FROM interactions) AS interactions,
            (SELECT count(*) FROM complaints) AS complaints, (SELECT count(*) FROM complaint_events) AS complaintEvents`,
  )
  .get() as Record<string, number>;
results.rows = counts;
log(`store: ${JSON.stringify(counts)}`);

// 4. The rule pass over the whole store: the first creates every follow-up due (birthdays of the coming week,
// satisfaction calls for the catch-up window, escalations of every overdue complaint); the same day again must
// create nothing; the next day creates that day's new ones, which is what an outlet's daily pass does.
const busiest = store.sqlite
  .prepare('SELECT registered_outlet_id FROM customers GROUP BY registered_outlet_id ORDER BY count(*) DESC LIMIT 1')
  .pluck()
  .get() as string;
store.outletId = busiest;
/** The pass the app runs (reading thread + writing here), with the longest the event loop was held meanwhile. */
async function appPass(label: string): Promise<void> {
  const held = monitorEventLoopDelay({ resolution: 5 });
  held.enable();
  const started = performance.now();
  const report = await runFollowUpRulesInSteps(store);
  const seconds = round((performance.now() - started) / 1000, 2);
  held.disable();
  const longestHoldMs = round(held.max / 1e6, 0);
  results[`rulePass_${label.replaceAll(' ', '_')}`] = { seconds, longestHoldMs, report };
  log(`rule pass (${label}): ${seconds} s, event loop held at most ${longestHoldMs} ms, ${JSON.stringify(report)}`);
}

// A first pass cold, then the same pass read and written in one thread (as the tests run it) for comparison,
// then the app's passes over a day.
forgetRuleFollowUps(store);
await appPass('first cold');
forgetRuleFollowUps(store);
{
  let report;
  const seconds = round(time(() => (report = runFollowUpRules(store))) / 1000, 2);
  results.rulePass_first_in_one_thread = { seconds, report };
  log(`rule pass (first, read and written in one thread): ${seconds} s`);
}
forgetRuleFollowUps(store);
const passes: [string, Date | null][] = [
  ['first', null],
  ['same day again', null],
  ['next day', new Date(Date.now() + 86_400_000)],
];
for (const [label, at] of passes) {
  clock = at;
  await appPass(label);
}
clock = null;
const followUpCount = store.sqlite.prepare('SELECT count(*) FROM follow_ups').pluck().get() as number;
results.followUps = followUpCount;

// 5. Probes.
const heavyIds = store.sqlite.prepare('SELECT id FROM customers ORDER BY rowid LIMIT ?').pluck().all(heavyCount) as string[];
const maxRowid = store.sqlite.prepare('SELECT max(rowid) FROM customers').pluck().get() as number;
const byRowid = store.sqlite.prepare('SELECT id FROM customers WHERE rowid >= ? ORDER BY rowid LIMIT 1').pluck();
const randomCustomer = () => byRowid.get(random.int(heavyCount + 1, maxRowid)) as string;
const probeResults: Record<string, unknown>[] = [];
function probe(name: string, n: number, work: (i: number) => unknown, extra: (sample: unknown) => Record<string, unknown> = () => ({})) {
  for (let i = 0; i < Math.min(50, n); i++) work(i); // warm the cache a little, as a running app has
  const samples: number[] = [];
  let last: unknown;
  for (let i = 0; i < n; i++) samples.push(time(() => (last = work(i))));
  const p = percentiles(samples);
  const row = {
    probe: name,
    n,
    'p50 ms': round(p.p50),
    'p95 ms': round(p.p95),
    'p99 ms': round(p.p99),
    'max ms': round(p.max),
    ...extra(last),
  };
  probeResults.push(row);
  log(`${name}: p50 ${p.p50.toFixed(3)} ms, p95 ${p.p95.toFixed(3)} ms, p99 ${p.p99.toFixed(3)} ms`);
}
let entries = 0;
probe(
  'timeline, heavy customer (1,000 entries)',
  probes,
  (i) => {
    const t = customerTimeline(store, heavyIds[(i * 7919) % heavyIds.length]!, { limit: 1000 });
    entries += t.entries.length;
    return t;
  },
  () => ({ 'avg entries': Math.round(entries / probes) }),
);
entries = 0;
probe(
  'timeline, typical customer',
  probes,
  () => {
    const t = customerTimeline(store, randomCustomer(), { limit: 1000 });
    entries += t.entries.length;
    return t;
  },
  () => ({ 'avg entries': round(entries / probes, 1) }),
);
probe('customer care summary (last contact/visit, open complaints)', probes, () => careSummary(store, randomCustomer()));
probe(
  'my day, busiest outlet, whole outlet',
  Math.min(probes, 500),
  () => myDay(store, { outletId: busiest, staff: null }),
  (d) => ({ counts: (d as { counts: unknown }).counts }),
);
probe('my day, busiest outlet, one staff member', Math.min(probes, 500), (i) =>
  myDay(store, { outletId: busiest, staff: staffNames[i % staffNames.length]! }),
);
results.probes = probeResults;

writeFileSync(path.join(here, 'care-results.json'), JSON.stringify(results, null, 2) + '\n');
log(`wrote ${path.join(here, 'care-results.json')}`);
closeStore(store);
