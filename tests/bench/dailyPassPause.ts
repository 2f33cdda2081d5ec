/**
 * How long the app's thread stops answering during the loyalty daily pass, on the pass's own thread or on the app's:
 *
 *   npx tsx tests/bench/dailyPassPause.ts --store FILE --mode thread|here [--day YYYY-MM-DD] [--catch-up]
 *
 * FILE is a copy of a loyalty bench store (`loyaltyBench.ts --snapshot`); the pass writes into it. With --catch-up,
 * the lots due before the day are expired first (not measured), so the pass expires one day's lots, as the daily
 * schedule does. A 20 ms timer on the app's thread records its longest gap; a registration every 2 s records how
 * long a counter's write waited for the pass's transactions. Prints one JSON line.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { expirePoints } from '../../electron/core/loyalty';
import { runLoyaltyDailyPass, runLoyaltyDailyPassOffThread } from '../../electron/core/loyalty/dailyPass';
import { addDays } from '../../electron/core/loyalty/tiers/spend';
import { lastCheckpointDone } from '../../electron/core/store/checkpointOffThread';
import { closeStore, openStore, writeSetting } from '../../electron/core/store/store';
import { aCustomer } from '../support/builders';

const { values } = parseArgs({
  options: { store: { type: 'string' }, mode: { type: 'string', default: 'thread' }, day: { type: 'string' }, 'catch-up': { type: 'boolean', default: false } },
});
const day = values.day ?? new Date().toISOString().slice(0, 10);
const at = new Date(`${day}T02:00:00.000Z`);
const started = Date.now();
const store = openStore(values.store!, { now: () => new Date(at.getTime() + (Date.now() - started)) });
const result: Record<string, unknown> = { mode: values.mode, day, loadAtStart: os.loadavg().map((l) => +l.toFixed(2)) };
if (values['catch-up']) {
  const t = performance.now();
  result.catchUp = { ...expirePoints(store, addDays(day, -1)), seconds: +((performance.now() - t) / 1000).toFixed(1) };
  // The catch-up's log (gigabytes at 1M) is copied into the file on a thread of its own: measured beside that copy,
  // the pass's first steps waited on the disk for seconds, which a day's pass after a day's use does not.
  await lastCheckpointDone();
  // And the kernel's writeback of it: the pass's commits were throttled behind gigabytes of dirty pages (2-5 s a step).
  execFileSync('sync');
}
writeSetting(store.sqlite, 'loyalty_pass_day', addDays(day, -1));

let last = performance.now();
let longest = 0;
const timer = setInterval(() => {
  const now = performance.now();
  longest = Math.max(longest, now - last);
  last = now;
}, 20);
const writes: number[] = [];
let lockedOut = 0;
const writer = setInterval(() => {
  const t = performance.now();
  try {
    registerCustomer(store, aCustomer().build());
  } catch (error) {
    // The busy timeout ran out: a pass's transaction held the store longer.
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    lockedOut++;
  }
  writes.push(performance.now() - t);
  last = performance.now();
}, 2000);
const t0 = performance.now();
const cpu = process.cpuUsage();
const report = values.mode === 'here' ? runLoyaltyDailyPass(store) : await runLoyaltyDailyPassOffThread(store);
const seconds = (performance.now() - t0) / 1000;
clearInterval(timer);
clearInterval(writer);
longest = Math.max(longest, performance.now() - last);
const sorted = [...writes].sort((a, b) => a - b);
Object.assign(result, {
  passSeconds: +seconds.toFixed(1),
  processCpuSeconds: +((process.cpuUsage(cpu).user + process.cpuUsage(cpu).system) / 1e6).toFixed(1),
  expired: report?.expired,
  tierCustomers: report?.tiers.customers,
  longestPauseMs: Math.round(longest),
  registrations: writes.length,
  registrationsLockedOut: lockedOut,
  registrationMs: { max: Math.round(sorted.at(-1) ?? 0), median: Math.round(sorted[sorted.length >> 1] ?? 0), longest: sorted.slice(-5).reverse().map(Math.round) },
  loadAtEnd: os.loadavg().map((l) => +l.toFixed(2)),
});
closeStore(store);
console.log(JSON.stringify(result));
