/** Size figures of a device store against its data (issue 20), shared by storeSizeBench.ts and bootstrapBench.ts. */
import Database from 'better-sqlite3';
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Store } from '../../electron/core/store/store';
import { compactLog, releaseFreePages } from '../../electron/core/sync/logCompaction';

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

function fileSize(store: Store): number {
  store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return statSync(store.sqlite.name).size;
}

/** The same store without its change log: a copy with the log tables emptied and VACUUMed. */
function sizeWithoutLog(store: Store, name: string, work: string): number {
  const copy = path.join(work, `${name}-nolog.sqlite`);
  store.sqlite.exec(`VACUUM INTO '${copy}'`);
  const db = new Database(copy);
  db.exec('DELETE FROM changes; DELETE FROM row_stamps; DELETE FROM log_column_sets; VACUUM');
  db.close();
  const size = statSync(copy).size;
  rmSync(copy);
  return size;
}

function largestObjects(store: Store): { name: string; mb: number }[] {
  const rows = store.sqlite.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT 8').all() as {
    name: string;
    bytes: number;
  }[];
  return rows.map((r) => ({ name: r.name, mb: mb(r.bytes) }));
}

async function compactFully(store: Store): Promise<{ entries: number; seconds: number; longestStepMs: number }> {
  const started = performance.now();
  let entries = 0;
  let longestStepMs = 0;
  for (;;) {
    const t = performance.now();
    const step = await compactLog(store, { budgetMs: 0 });
    longestStepMs = Math.max(longestStepMs, performance.now() - t);
    entries += step.entries;
    if (step.done) break;
  }
  while (releaseFreePages(store, 4096) > 0);
  return { entries, seconds: +((performance.now() - started) / 1000).toFixed(1), longestStepMs: Math.round(longestStepMs) };
}

/**
 * A device store's size after a sync with its change log as it was, after compaction run to the end (as successive
 * background rounds do) with its free pages given back, and the same rows without any change log; `work` holds
 * the log-less copy for the time of the measurement.
 */
export async function measureStore(store: Store, name: string, work: string) {
  const withLog = fileSize(store);
  const logObjects = largestObjects(store);
  const compaction = await compactFully(store);
  const compacted = fileSize(store);
  const noLog = sizeWithoutLog(store, name, work);
  const figures = {
    withLogMB: mb(withLog),
    compactedMB: mb(compacted),
    withoutLogMB: mb(noLog),
    ratioBefore: +(withLog / noLog).toFixed(2),
    ratioAfter: +(compacted / noLog).toFixed(2),
    compaction,
    largestBefore: logObjects,
    largestAfter: largestObjects(store),
  };
  console.log(name, JSON.stringify(figures, null, 2));
  return figures;
}
