import type { Store } from '../store/store';
import { tableExists } from './scope';

/**
 * A cluster member "is a duplicate" unless it is the cluster's first registration (earliest created_at, then
 * id): the first card of a person, or of a card farmer, stands for the real customer. Households are linked
 * people, never duplicates. `alias` is the customers alias of the outer query.
 */
export function earlierMemberSql(alias: string, memberAlias: string): string {
  return `EXISTS (SELECT 1 FROM dedup_cluster_members m2 JOIN customers c2 ON c2.id = m2.customer_id
    WHERE m2.cluster_id = ${memberAlias}.cluster_id AND c2.deleted_at IS NULL AND c2.merged_into IS NULL
      AND (c2.created_at < ${alias}.created_at OR (c2.created_at = ${alias}.created_at AND c2.id < ${alias}.id)))`;
}

export function hasDedupTables(store: Store): boolean {
  return tableExists(store, 'dedup_clusters') && tableExists(store, 'dedup_cluster_members');
}

/**
 * "Later found to be a duplicate": merged into another customer, or waiting in an open person/farming
 * cluster of the latest dedup scan behind an earlier registration. An SQL expression over customers `c`.
 */
export function duplicateFlagSql(store: Store): string {
  if (!hasDedupTables(store)) return '(c.merged_into IS NOT NULL)';
  return `(c.merged_into IS NOT NULL OR (c.deleted_at IS NULL AND EXISTS (SELECT 1 FROM dedup_cluster_members m JOIN dedup_clusters k ON k.id = m.cluster_id
    WHERE m.customer_id = c.id AND k.kind != 'household' AND k.status = 'open' AND ${earlierMemberSql('c', 'm')})))`;
}
