/**
 * The customer page's RFM cost (issue 16 point 8): once an hour the population's quintile boundaries are computed
 * with the RFM report's code, on a thread of their own; every page reads the customer's own purchases through an
 * index. Prints the pass in the calling thread, the same pass on its thread with the main thread's longest stall
 * meanwhile (event-loop delay), and the per-page cost.
 *
 *   npx tsx tests/bench/customerRfmBench.ts [--customers 20000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../electron/core/store/store';
import { seedCustomers } from '../../electron/core/demo/seedStore';
import { syntheticCustomers } from '../../electron/core/demo/syntheticCustomers';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { computeBoundaries, customerRfm, rfmBoundaries, rfmBoundariesOffThread } from '../../electron/core/reports/customerRfm';
import { getCustomer } from '../../electron/core/customers/editCustomer';

const arg = process.argv.indexOf('--customers');
const customers = arg > 0 ? Number(process.argv[arg + 1]) : 20_000;
const dir = mkdtempSync(path.join(os.tmpdir(), 'akrab-rfm-bench-'));
try {
  const store = openStore(path.join(dir, 'akrab.sqlite'));
  seedCustomers(store, syntheticCustomers(customers, { seed: 3, purchasesPerCustomer: 5, until: store.now() }));
  const ids = store.sqlite.prepare('SELECT id FROM customers ORDER BY random() LIMIT 2000').pluck().all() as string[];
  const ms = (f: () => void) => {
    const t0 = performance.now();
    f();
    return performance.now() - t0;
  };
  const seeded = performance.now();
  const inThread = ms(() => computeBoundaries(store));
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const t0 = performance.now();
  await rfmBoundariesOffThread(store);
  const offThread = performance.now() - t0;
  delay.disable();
  const boundaries = ms(() => rfmBoundaries(store));
  const pick = (xs: number[], q: number) => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
  const rfm = ids.map((id) => ms(() => customerRfm(store, id)));
  const page = ids.map((id) => ms(() => getCustomer(store, id)));
  console.log(`${customers} customers (${store.sqlite.prepare('SELECT count(*) FROM purchases').pluck().get() as number} purchases; seeded in ${(seeded / 1000).toFixed(0)} s)`);
  console.log(`boundaries in the calling thread: ${inThread.toFixed(0)} ms`);
  console.log(`boundaries on their own thread: ${offThread.toFixed(0)} ms; main thread's event-loop delay meanwhile max ${(delay.max / 1e6).toFixed(1)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms`);
  console.log(`boundaries from the cache afterwards: ${boundaries.toFixed(3)} ms`);
  console.log(`customerRfm per page: p50 ${pick(rfm, 0.5).toFixed(3)} ms, p95 ${pick(rfm, 0.95).toFixed(3)} ms, p99 ${pick(rfm, 0.99).toFixed(3)} ms`);
  console.log(`for scale, customers.get per page: p50 ${pick(page, 0.5).toFixed(3)} ms, p95 ${pick(page, 0.95).toFixed(3)} ms`);
  store.sqlite.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
