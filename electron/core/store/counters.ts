import type { Store } from './store';

/** A running total kept by triggers (migration 0008: `customers`), read without counting the rows. */
export function counterValue(store: Store, name: string): number {
  return (store.sqlite.prepare(`SELECT value FROM counters WHERE name = ?`).pluck().get(name) as number | undefined) ?? 0;
}
