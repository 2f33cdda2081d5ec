import { totalmem } from 'node:os';
import type { Store } from './store';

/**
 * Runs `work` with SQLite's page cache raised to `mebibytes` (the connection's own is 64 MiB, db/connection.ts),
 * then gives the memory back. For a pass that writes one transaction of random inserts into indexes larger than
 * the cache (the expiry pass, a legacy import into a large store): with the small cache, dirty pages are spilled
 * to the WAL mid-transaction and read and written again when touched once more; with the larger one each page
 * is written once, at the commit. The cache grows only as pages are used.
 */
export function withPageCache<T>(store: Store, mebibytes: number, work: () => T): T {
  const before = store.sqlite.pragma('cache_size', { simple: true }) as number;
  store.sqlite.pragma(`cache_size = -${mebibytes * 1024}`);
  try {
    return work();
  } finally {
    store.sqlite.pragma(`cache_size = ${before}`);
  }
}

/**
 * A page cache for a pass of `units` writes that each dirty about `kibPerUnit` of pages at random places in large
 * indexes: room for all of them, at least `minMiB`, and never more than a quarter of the machine's memory (on an
 * 8 GB desktop, 2 GiB; past it the pass spills pages and is slower, not wrong).
 */
export function pageCacheFor(units: number, kibPerUnit: number, minMiB: number): number {
  const cap = Math.floor(totalmem() / 4 / 2 ** 20);
  return Math.max(minMiB, Math.min(cap, Math.ceil((units * kibPerUnit) / 1024)));
}
