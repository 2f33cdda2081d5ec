import type { Store } from '../store/store';
import { tableExists, type Scope } from './scope';

/** Per-customer purchase totals, column-wise so a million customers stay a few tens of megabytes. */
export interface CustomerTotals {
  ids: string[];
  /** Last purchase, epoch milliseconds. */
  last: Float64Array;
  count: Uint32Array;
  sum: Float64Array;
  indexOf: Map<string, number>;
}

export interface TotalsQuery {
  /** Restrict purchases to the outlets in scope (RFM, top customers) or count every outlet (neglect). */
  byOutlet: boolean;
  /** Restrict purchases to the period, or take everything up to its end. */
  fromStart: boolean;
}

/**
 * Merged customers fold into the survivor (their purchases are the survivor's history). A merge already moves
 * the rows to the survivor; this covers rows synced in later from a device that had not seen the merge.
 * Read from the small `merges` table (undone merges left out), never by scanning a million customers.
 */
export function survivorMap(store: Store): { survivorOf: (id: string) => string; anyMerged: boolean } {
  const merged = new Map<string, string>();
  if (tableExists(store, 'merges')) {
    for (const row of store.sqlite
      .prepare('SELECT survivor_id, merged_ids FROM merges WHERE deleted_at IS NULL AND undone_at IS NULL ORDER BY created_at')
      .iterate() as Iterable<{
      survivor_id: string;
      merged_ids: string;
    }>) {
      for (const id of JSON.parse(row.merged_ids) as string[]) merged.set(id, row.survivor_id);
    }
  }
  return {
    anyMerged: merged.size > 0,
    survivorOf: (id) => {
      let current = id;
      for (let hops = 0; hops < 10 && merged.has(current); hops++) current = merged.get(current)!;
      return current;
    },
  };
}

/**
 * One GROUP BY over purchases, streamed into column arrays. It reads the covering partial index
 * purchases_report_idx alone, already in customer order: no table lookups and no sort, whatever the period.
 */
export function customerTotals(store: Store, scope: Scope, query: TotalsQuery): CustomerTotals {
  const clauses = ['p.deleted_at IS NULL'];
  const params: unknown[] = [];
  if (query.byOutlet) {
    const outlet = scope.outletSql('p.outlet_id');
    clauses.push(outlet.sql);
    params.push(...outlet.params);
  }
  const period = query.fromStart ? scope.untilSql('p.purchased_at', 'p.outlet_id') : scope.periodSql('p.purchased_at', 'p.outlet_id');
  clauses.push(period.sql);
  params.push(...period.params);
  const sql = `SELECT p.customer_id, max(p.purchased_at), count(*), sum(p.amount) FROM purchases p INDEXED BY purchases_report_idx WHERE ${clauses.join(' AND ')} GROUP BY p.customer_id`;
  const { survivorOf, anyMerged } = survivorMap(store);
  const ids: string[] = [];
  const last: number[] = [];
  const count: number[] = [];
  const sum: number[] = [];
  // Rows come one per customer; only a merged customer's rows fold into another's, which needs the id map.
  const folded = anyMerged ? new Map<string, number>() : null;
  for (const [customerId, lastAt, n, total] of store.sqlite
    .prepare(sql)
    .raw()
    .iterate(...params) as Iterable<[string, string, number, number]>) {
    const id = folded ? survivorOf(customerId) : customerId;
    const at = Date.parse(lastAt);
    const existing = folded?.get(id);
    if (existing === undefined) {
      folded?.set(id, ids.length);
      ids.push(id);
      last.push(at);
      count.push(n);
      sum.push(total);
    } else {
      last[existing] = Math.max(last[existing]!, at);
      count[existing]! += n;
      sum[existing]! += total;
    }
  }
  let indexOf = folded;
  return {
    ids,
    last: Float64Array.from(last),
    count: Uint32Array.from(count),
    sum: Float64Array.from(sum),
    get indexOf() {
      return (indexOf ??= new Map(ids.map((id, i) => [id, i])));
    },
  };
}
