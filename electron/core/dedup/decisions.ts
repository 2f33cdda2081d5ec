import { dedupDecisions } from '../../../db/schema';
import type { Store } from '../store/store';
import { transact } from '../store/writer';
import { pairKey } from './pipeline';

/**
 * Records "not the same person" for a pair of customers. The row id is the sorted pair, so two devices
 * deciding the same pair converge on one row; a rescan never proposes the pair together again.
 */
export function rejectPair(store: Store, a: string, b: string, reason: string | null = null): void {
  if (a === b) return;
  const id = pairKey(a, b);
  const [customerA, customerB] = a < b ? [a, b] : [b, a];
  transact(store, (w) => {
    const existing = store.sqlite.prepare(`SELECT decision, deleted_at FROM dedup_decisions WHERE id = ?`).get(id) as
      { decision: string; deleted_at: string | null } | undefined;
    if (!existing) w.insert(dedupDecisions, { id, customerA, customerB, decision: 'different', reason });
    else if (existing.deleted_at || existing.decision !== 'different')
      w.restore(dedupDecisions, id, { decision: 'different', reason, deleted_at: null });
  });
}

/**
 * Rejects a proposed cluster: every pair of its members is recorded as different people (for big
 * clusters, every member against each of the first few, which is enough to keep them apart), and the
 * cluster leaves the queue.
 */
export function rejectCluster(store: Store, clusterId: string, reason: string | null = null): number {
  const members = store.sqlite
    .prepare(`SELECT customer_id FROM dedup_cluster_members WHERE cluster_id = ? ORDER BY customer_id`)
    .pluck()
    .all(clusterId) as string[];
  const anchors = members.length <= 12 ? members.length : 3;
  let n = 0;
  transact(store, () => {
    for (let x = 0; x < anchors; x++) for (let y = x + 1; y < members.length; y++, n++) rejectPair(store, members[x]!, members[y]!, reason);
  });
  store.sqlite.prepare(`UPDATE dedup_clusters SET status = 'rejected' WHERE id = ?`).run(clusterId);
  return n;
}
