import { sql } from 'drizzle-orm';
import type { OutgoingChange, RefusalReason } from '../../electron/core/sync/protocol';
import { rows, type ServerDrizzle } from '../storage/database';
import { heldRows } from '../storage/heldRows';

type Tx = Pick<ServerDrizzle, 'execute'>;
type Row = Record<string, unknown>;

/**
 * A customer becomes a tombstone only in a merge (dedup/merge.ts `mergeCustomers`: `merged_into` the survivor, then
 * `deleted_at`; the core deletes a customer no other way), though `customers` is a device table. A change that
 * points a customer at another (`merged_into` set to a survivor it did not hold) or tombstones a live one is
 * accepted only when a merge the server holds (or accepted earlier in the push: the core writes the merge first),
 * not undone, merged this customer into that survivor; the merge itself is manager-signed and judged
 * (mergeCheck.ts). Before, any device could fold one customer into another, or delete one, with no merge and no
 * manager. Clearing them (an unmerge's restored before-image) is not judged.
 */
export class CustomerTombstoneCheck {
  private constructor(
    /** The customers the push tombstones or folds, as the server holds them (absent: new). */
    private readonly ids: ReadonlySet<string>,
    private readonly customers: Map<string, Row>,
    private readonly merges: Map<string, Row>,
  ) {}

  static async load(tx: Tx, batch: readonly OutgoingChange[]): Promise<CustomerTombstoneCheck | null> {
    const ids = new Set(batch.filter((c) => c.table === 'customers' && (isSet(c.data.merged_into) || isSet(c.data.deleted_at))).map((c) => c.rowId));
    if (ids.size === 0) return null;
    const mergeIds = await mergesNaming(tx, ids);
    return new CustomerTombstoneCheck(ids, await heldRows(tx, 'customers', ids), await heldRows(tx, 'merges', mergeIds));
  }

  judge(change: OutgoingChange): RefusalReason | null {
    if (change.table !== 'customers') return null;
    const d = change.data;
    const held = this.customers.get(change.rowId);
    const folds = isSet(d.merged_into) && d.merged_into !== held?.merged_into;
    const tombstones = isSet(d.deleted_at) && !isSet(held?.deleted_at);
    if (!folds && !tombstones) return null;
    const survivor = 'merged_into' in d ? d.merged_into : held?.merged_into;
    return typeof survivor === 'string' && this.mergedBy(change.rowId, survivor) ? null : 'customer_tombstone_without_merge';
  }

  /** A change of this batch was accepted: later changes of the batch are judged against it. */
  accepted(change: OutgoingChange): void {
    if (change.table === 'merges' && change.op === 'upsert') this.merges.set(change.rowId, { ...this.merges.get(change.rowId), ...change.data });
    if (change.table === 'customers' && this.ids.has(change.rowId)) this.customers.set(change.rowId, { ...this.customers.get(change.rowId), ...change.data });
  }

  private mergedBy(customerId: string, survivorId: string): boolean {
    for (const merge of this.merges.values()) {
      if (merge.survivor_id !== survivorId || isSet(merge.undone_at) || isSet(merge.deleted_at)) continue;
      if (idList(merge.merged_ids).includes(customerId)) return true;
    }
    return false;
  }
}

/** The merges whose merged customers include any of these, as the server holds them (folded or in the log). */
async function mergesNaming(tx: Tx, customerIds: ReadonlySet<string>): Promise<Set<string>> {
  const found = await rows<{ row_id: string }>(
    tx,
    sql`SELECT DISTINCT m.row_id FROM (
          SELECT row_id, value #>> '{}' AS ids FROM row_fields WHERE table_name = 'merges' AND "column" = 'merged_ids'
          UNION ALL SELECT row_id, data ->> 'merged_ids' FROM changes WHERE table_name = 'merges' AND data ->> 'merged_ids' IS NOT NULL
        ) m
        WHERE EXISTS (SELECT 1 FROM jsonb_array_elements_text(${JSON.stringify([...customerIds])}::jsonb) AS c(id)
                      WHERE strpos(m.ids, '"' || c.id || '"') > 0)`,
  );
  return new Set(found.map((r) => r.row_id));
}

function isSet(value: unknown): boolean {
  return value !== null && value !== undefined;
}

function idList(value: unknown): string[] {
  if (typeof value !== 'string') return [];
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}
