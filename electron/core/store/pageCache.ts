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

