import type { Store } from '../store/store';
import { earlierMemberSql, hasDedupTables } from './duplicates';
import { tableExists, type Scope } from './scope';

export interface DedupOutletFacts {
  /** Registrations still waiting in an open cluster behind an earlier registration. */
  pending: number;
  clusters: number;
  farming: number;
  merges: number;
}

type PerOutlet = Map<string | null, Partial<DedupOutletFacts>>;

/**
 * What the dedup engine found and did, per registration outlet. A cluster belongs to the outlet of its first
 * registration; a merge to the survivor's outlet. Merges come from the `merges` table (undone ones left out),
 * or, in a store without it, from the customers' own merged_into stamped by updated_at.
 */
export function dedupFacts(store: Store, scope: Scope): { available: boolean; perOutlet: PerOutlet } {
  const perOutlet: PerOutlet = new Map();
  const at = (id: string | null) => {
    const facts = perOutlet.get(id) ?? {};
    perOutlet.set(id, facts);
    return facts;
  };
  const outlet = scope.outletSql('c.registered_outlet_id');
  const available = hasDedupTables(store);

  if (available) {
    for (const [outletId, pending] of store.sqlite
      .prepare(
        `SELECT c.registered_outlet_id, count(DISTINCT c.id) FROM dedup_cluster_members m JOIN dedup_clusters k ON k.id = m.cluster_id JOIN customers c ON c.id = m.customer_id
         WHERE k.kind != 'household' AND k.status = 'open' AND c.deleted_at IS NULL AND c.merged_into IS NULL AND ${outlet.sql} AND ${earlierMemberSql('c', 'm')}
         GROUP BY 1`,
      )
      .raw()
      .iterate(...outlet.params) as Iterable<[string | null, number]>) {
      at(outletId).pending = pending;
    }
    for (const [outletId, clusters, farming] of store.sqlite
      .prepare(
        `WITH firsts AS (
           SELECT k.id, k.kind, c.registered_outlet_id AS outlet_id,
                  row_number() OVER (PARTITION BY k.id ORDER BY c.created_at, c.id) AS n
           FROM dedup_clusters k JOIN dedup_cluster_members m ON m.cluster_id = k.id JOIN customers c ON c.id = m.customer_id
           WHERE k.kind != 'household')
         SELECT f.outlet_id, count(*), sum(f.kind = 'farming') FROM firsts f WHERE f.n = 1 AND ${scope.outletSql('f.outlet_id').sql} GROUP BY 1`,
      )
      .raw()
      .iterate(...scope.outletSql('f.outlet_id').params) as Iterable<[string | null, number, number]>) {
      Object.assign(at(outletId), { clusters, farming });
    }
  }

  if (tableExists(store, 'merges')) {
    const period = scope.periodSql('g.created_at', 'c.registered_outlet_id');
    for (const [outletId, merges] of store.sqlite
      .prepare(
        `SELECT c.registered_outlet_id, count(*) FROM merges g JOIN customers c ON c.id = g.survivor_id
         WHERE g.deleted_at IS NULL AND g.undone_at IS NULL AND ${outlet.sql} AND ${period.sql} GROUP BY 1`,
      )
      .raw()
      .iterate(...outlet.params, ...period.params) as Iterable<[string | null, number]>) {
      at(outletId).merges = merges;
    }
  } else {
    const period = scope.periodSql('c.updated_at', 'c.registered_outlet_id');
    for (const [outletId, merges] of store.sqlite
      .prepare(
        `SELECT c.registered_outlet_id, count(*) FROM customers c WHERE c.merged_into IS NOT NULL AND ${outlet.sql} AND ${period.sql} GROUP BY 1`,
      )
      .raw()
      .iterate(...outlet.params, ...period.params) as Iterable<[string | null, number]>) {
      at(outletId).merges = merges;
    }
  }
  return { available, perOutlet };
}
