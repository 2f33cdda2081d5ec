import { sql } from 'drizzle-orm';
import type { OutgoingChange, RefusalReason } from '../../electron/core/sync/protocol';
import { rows, type ServerDrizzle } from '../storage/database';
import { heldRows } from '../storage/heldRows';
import { undoneLaterInPush, type UnmergesInPush } from './mergeCheck';

type Tx = Pick<ServerDrizzle, 'execute'>;
type Row = Record<string, unknown>;

/**
 * A customer becomes a tombstone only in a merge (dedup/merge.ts `mergeCustomers`: `merged_into` the survivor, then
 * `deleted_at`; the core deletes a customer no other way), though `customers` is a device table. A change that
 * points a customer at another (`merged_into` set to a survivor it did not hold) or tombstones a live one is
 * accepted only when a merge the server holds (or accepted earlier in the push: the core writes the merge first),
 * not undone, merged this customer into that survivor; the merge itself is manager-signed and judged
 * (mergeCheck.ts). Before, any device could fold one customer into another, or delete one, with no merge and no
 * manager.
 * The way back is an unmerge only (`unmergeCustomers` restores the customer's before-image): a change that clears
 * `merged_into` or `deleted_at` of a customer the server holds folded or tombstoned is accepted only when every
 * merge the server holds (or accepted earlier in the push) that merged it into its survivor is undone, by the
 * server's hold, earlier in the push or by a manager's unmerge later in the same push (devices not yet updated
 * restore first). Before, any device could bring a merged customer back beside its survivor, which keeps its
 * cards and points.
 */
export class CustomerTombstoneCheck {
  private constructor(
    /** The customers the push tombstones or folds, as the server holds them (absent: new). */
    private readonly ids: ReadonlySet<string>,
    private readonly customers: Map<string, Row>,
    private readonly merges: Map<string, Row>,
    private readonly unmerges: UnmergesInPush,
  ) {}

  static async load(tx: Tx, batch: readonly OutgoingChange[], unmerges: UnmergesInPush, held: ReadonlySet<string>): Promise<CustomerTombstoneCheck | null> {
    // A registration writes merged_into and deleted_at too (null): the customers held are read to tell a revival.
    const writes = batch.filter((c) => c.table === 'customers' && ('merged_into' in c.data || 'deleted_at' in c.data));
    if (writes.length === 0) return null;
    const ids = new Set(writes.map((c) => c.rowId));
    const customers = await heldRows(tx, 'customers', new Set([...ids].filter((id) => held.has(`customers:${id}`))));
    const named = new Set(writes.filter((c) => isFolded(c.data) || isFolded(customers.get(c.rowId))).map((c) => c.rowId));
    const mergeIds = named.size > 0 ? await mergesNaming(tx, named) : new Set<string>();
    return new CustomerTombstoneCheck(ids, customers, await heldRows(tx, 'merges', mergeIds), unmerges);
  }

  judge(change: OutgoingChange): RefusalReason | null {
    if (change.table !== 'customers') return null;
    const d = change.data;
    const held = this.customers.get(change.rowId);
    const folds = isSet(d.merged_into) && d.merged_into !== held?.merged_into;
    const tombstones = isSet(d.deleted_at) && !isSet(held?.deleted_at);
    const clears = (column: string) => column in d && !isSet(d[column]) && isSet(held?.[column]);
    const revives = clears('merged_into') || clears('deleted_at');
    if (folds || tombstones) {
      const survivor = 'merged_into' in d ? d.merged_into : held?.merged_into;
      if (typeof survivor !== 'string' || !this.mergedBy(change.rowId, survivor)) return 'customer_tombstone_without_merge';
    }
    if (revives && !this.unmergedFrom(change, held?.merged_into)) return 'customer_revival_without_unmerge';
    return null;
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

  /** Every merge of this customer into the survivor it is held folded into (any, held without one) is undone. */
  private unmergedFrom(change: OutgoingChange, survivor: unknown): boolean {
    let any = false;
    for (const [mergeId, merge] of this.merges) {
      if (isSet(merge.deleted_at) || !idList(merge.merged_ids).includes(change.rowId)) continue;
      if (typeof survivor === 'string' && merge.survivor_id !== survivor) continue;
      if (!isSet(merge.undone_at) && !undoneLaterInPush(this.unmerges, mergeId, change.hlc)) return false;
      any = true;
    }
    return any;
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

/** Folded into another customer or tombstoned. */
function isFolded(row: Row | undefined): boolean {
  return isSet(row?.merged_into) || isSet(row?.deleted_at);
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
