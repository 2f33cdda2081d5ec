/**
 * The store scan of an older checkout against this one, interleaved in one process, for a speed comparison on a
 * shared machine: runs in separate processes differ more with what runs beside them than the change does.
 *
 *   git archive OLD_COMMIT | tar -x -C /tmp/old && ln -s $PWD/node_modules /tmp/old/node_modules
 *   node --max-old-space-size=8192 --import tsx tests/bench/dedupScanAB.ts --old /tmp/old \
 *     --old-store COPY1.sqlite --new-store COPY2.sqlite [--pairs 6]
 *
 * Each side scans its own copy of a store (the scan rewrites the dedup tables) once to warm up, then the two scan in
 * turn, the first alternating. Prints wall and CPU seconds and the stages of each scan, and the new/old CPU ratio of
 * each pair. Check that the results are equal with dedupScanDigest.ts.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { scanStore, type ScanSummary } from '../../electron/core/dedup/storeScan';
import { openStore, type Store } from '../../electron/core/store/store';

const { values } = parseArgs({
  options: {
    old: { type: 'string' },
    'old-store': { type: 'string' },
    'new-store': { type: 'string' },
    pairs: { type: 'string', default: '6' },
  },
});
if (!values.old || !values['old-store'] || !values['new-store']) throw new Error('--old, --old-store and --new-store are required');
const old = (await import(pathToFileURL(path.resolve(values.old, 'electron/core/dedup/storeScan.ts')).href)) as {
  scanStore: (store: Store) => ScanSummary;
};
const oldStore = openStore(values['old-store']);
const newStore = openStore(values['new-store']);
const pairs = Number(values.pairs);

interface Run {
  side: 'old' | 'new';
  pair: number;
  wall: number;
  cpu: number;
  load: number;
}

function measure(side: 'old' | 'new', pair: number): Run {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const summary = side === 'old' ? old.scanStore(oldStore) : scanStore(newStore);
  const used = process.cpuUsage(cpu);
  const run = { side, pair, wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6, load: os.loadavg()[0]! };
  console.log(`${side} ${pair}: ${run.wall.toFixed(2)} s wall, ${run.cpu.toFixed(2)} s CPU, load ${run.load.toFixed(2)} ${JSON.stringify(summary.millis)}`);
  return run;
}

old.scanStore(oldStore);
scanStore(newStore);
const runs: Run[] = [];
for (let pair = 0; pair < pairs; pair++) {
  const order: ('old' | 'new')[] = pair % 2 === 0 ? ['old', 'new'] : ['new', 'old'];
  for (const side of order) runs.push(measure(side, pair));
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
for (const side of ['old', 'new'] as const) {
  const rs = runs.filter((r) => r.side === side);
  console.log(
    `${side}: CPU median ${median(rs.map((r) => r.cpu)).toFixed(2)} s (min ${Math.min(...rs.map((r) => r.cpu)).toFixed(2)}), wall median ${median(rs.map((r) => r.wall)).toFixed(2)} s (min ${Math.min(...rs.map((r) => r.wall)).toFixed(2)})`,
  );
}
const ratios = [...Array(pairs).keys()].map((p) => runs.find((r) => r.pair === p && r.side === 'new')!.cpu / runs.find((r) => r.pair === p && r.side === 'old')!.cpu);
console.log(`new/old CPU per pair: ${ratios.map((x) => x.toFixed(2)).join(' ')}; median ${median(ratios).toFixed(2)}`);
