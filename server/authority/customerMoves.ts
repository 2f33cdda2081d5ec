import { sql } from 'drizzle-orm';
import { syncedTables, tableShape } from '../../electron/core/store/syncedTables';
import type { OutgoingChange, RefusalReason } from '../../electron/core/sync/protocol';
import { rows, type ServerDrizzle } from '../storage/database';
import { heldRows, rowsWithValue, sameValue } from '../storage/heldRows';
import { undoneLaterInPush, type UnmergesInPush } from './mergeCheck';

type Tx = Pick<ServerDrizzle, 'execute'>;
type Row = Record<string, unknown>;

/** The synced tables whose rows belong to a customer by `customer_id`. */
const OWNED_TABLES: ReadonlySet<string> = new Set(
  Object.values(syncedTables)
    .map((table) => tableShape(table))
    .filter((shape) => [...shape.columns.values()].includes('customer_id'))
    .map((shape) => shape.name),
);

/**
 * A row changes customer only in a merge or its unmerge (dedup/merge.ts): `mergeCustomers` writes the merge, then an
 * item with the before-image of every row it moves, then the moves (`customer_id` set to the survivor); and
 * `unmergeCustomers` writes each item's before-image back. A change that gives a row the server holds another
 * `customer_id` is accepted only when a merge item the server holds (or accepted earlier in the push) covers that row
 * and either its merge, not undone, has the new customer as survivor, or its before-image has the new customer (the
 * row going back to whom a merge took it from). Before, the moves of a refused merge were stored without it: a
 * device could hand one customer's purchases, cards or phones to another with no merge and no manager.
 *
 * A move back is an unmerge's: its merge is undone by the server's hold, earlier in the push, or by a manager's
 * unmerge later in the same push (`unmergeCustomers` marks the merge undone first; devices not yet updated restore
 * first, in the same transaction).
 */
export class CustomerMoveCheck {
  private constructor(
    /** `table:rowId` → the row's customer as the server holds it (absent: a row the server does not hold). */
    private readonly owners: Map<string, unknown>,
    /** Merge items covering the moved rows, by `table:rowId`. */
    private readonly itemsByRow: Map<string, Row[]>,
    private readonly merges: Map<string, Row>,
    private readonly unmerges: UnmergesInPush,
  ) {}

  static async load(tx: Tx, batch: readonly OutgoingChange[], unmerges: UnmergesInPush, held: ReadonlySet<string>): Promise<CustomerMoveCheck | null> {
    const owners = new Map<string, unknown>();
    const byTable = new Map<string, Set<string>>();
    for (const change of batch) {
      if (change.op !== 'upsert' || !OWNED_TABLES.has(change.table) || !('customer_id' in change.data)) continue;
      if (held.has(`${change.table}:${change.rowId}`)) byTable.set(change.table, (byTable.get(change.table) ?? new Set()).add(change.rowId));
    }
    for (const [table, ids] of byTable) for (const [rowId, owner] of await heldOwners(tx, table, ids)) owners.set(`${table}:${rowId}`, owner);
    // Only a row whose customer differs between the server and the batch can move; a push of new rows (the usual
    // case) reads nothing more.
    const values = new Map<string, unknown[]>();
    for (const change of batch) {
      if (change.op !== 'upsert' || !OWNED_TABLES.has(change.table) || !('customer_id' in change.data)) continue;
      const key = `${change.table}:${change.rowId}`;
      values.set(key, [...(values.get(key) ?? (owners.has(key) ? [owners.get(key)] : [])), change.data.customer_id]);
    }
    const moving = new Set<string>();
    for (const [key, seen] of values) if (seen.some((v) => !sameValue(v, seen[0]))) moving.add(key.slice(key.indexOf(':') + 1));
    const check = new CustomerMoveCheck(owners, new Map(), new Map(), unmerges);
    if (moving.size === 0) return check;
    const items = await heldRows(tx, 'merge_items', await rowsWithValue(tx, 'merge_items', 'row_id', moving));
    for (const item of items.values()) check.addItem(item);
    const mergeIds = new Set([...items.values()].map((i) => i.merge_id).filter((id): id is string => typeof id === 'string'));
    for (const change of batch) {
      if (change.table === 'merges') mergeIds.add(change.rowId);
      if (change.table === 'merge_items' && typeof change.data.merge_id === 'string') mergeIds.add(change.data.merge_id);
    }
    for (const [id, merge] of await heldRows(tx, 'merges', mergeIds)) check.merges.set(id, merge);
    return check;
  }

  judge(change: OutgoingChange): RefusalReason | null {
    if (!this.moves(change)) return null;
    const to = change.data.customer_id;
    const covered = (this.itemsByRow.get(`${change.table}:${change.rowId}`) ?? []).some((item) => {
      const merge = typeof item.merge_id === 'string' ? this.merges.get(item.merge_id) : undefined;
      if (!merge || typeof merge.survivor_id !== 'string' || isSet(merge.deleted_at)) return false;
      if (merge.survivor_id === to && !isSet(merge.undone_at)) return true;
      const undone = isSet(merge.undone_at) || undoneLaterInPush(this.unmerges, item.merge_id as string, change.hlc);
      return undone && typeof to === 'string' && beforeOwner(item) === to;
    });
    return covered ? null : 'customer_move_without_merge';
  }

  /** A change of this batch was accepted: later changes of the batch are judged against it. */
  accepted(change: OutgoingChange): void {
    if (change.op !== 'upsert') return;
    const key = `${change.table}:${change.rowId}`;
    if (OWNED_TABLES.has(change.table) && 'customer_id' in change.data) this.owners.set(key, change.data.customer_id);
    if (change.table === 'merges') this.merges.set(change.rowId, { ...this.merges.get(change.rowId), ...change.data });
    if (change.table === 'merge_items' && isSet(change.data.merge_id)) this.addItem(change.data);
  }

  /** Gives a row the server holds another customer than it holds. */
  private moves(change: OutgoingChange): boolean {
    if (change.op !== 'upsert' || !OWNED_TABLES.has(change.table) || !('customer_id' in change.data)) return false;
    const key = `${change.table}:${change.rowId}`;
    return this.owners.has(key) && !sameValue(this.owners.get(key), change.data.customer_id);
  }

  private addItem(item: Row): void {
    if (typeof item.table_name !== 'string' || typeof item.row_id !== 'string' || isSet(item.deleted_at)) return;
    const key = `${item.table_name}:${item.row_id}`;
    this.itemsByRow.set(key, [...(this.itemsByRow.get(key) ?? []), item]);
  }
}

/** Each row's `customer_id` as the server holds it: the newest stamp of the field, folded or in the log. */
async function heldOwners(tx: Tx, table: string, ids: ReadonlySet<string>): Promise<Map<string, unknown>> {
  const wanted = sql`row_id IN (SELECT jsonb_array_elements_text(${JSON.stringify([...ids])}::jsonb))`;
  const found = await rows<{ row_id: string; owner: unknown; hlc: string }>(
    tx,
    sql`SELECT row_id, jsonb_build_array(value) AS owner, hlc FROM row_fields WHERE table_name = ${table} AND "column" = 'customer_id' AND ${wanted}
        UNION ALL SELECT row_id, jsonb_build_array(data -> 'customer_id'), hlc FROM changes
        WHERE table_name = ${table} AND ${wanted} AND data ? 'customer_id'`,
  );
  const newest = new Map<string, { owner: unknown; hlc: string }>();
  for (const f of found) {
    const held = newest.get(f.row_id);
    if (!held || held.hlc < f.hlc) newest.set(f.row_id, { owner: (parsed(f.owner) as unknown[])[0], hlc: f.hlc });
  }
  return new Map([...newest].map(([rowId, f]) => [rowId, f.owner]));
}

/** Whom the row belonged to when the item's merge took it (its before-image). */
function beforeOwner(item: Row): unknown {
  if (typeof item.before !== 'string') return undefined;
  try {
    const before = JSON.parse(item.before) as unknown;
    return typeof before === 'object' && before !== null ? (before as Row).customer_id : undefined;
  } catch {
    return undefined;
  }
}

function parsed(json: unknown): unknown {
  return typeof json === 'string' ? JSON.parse(json) : json;
}

function isSet(value: unknown): boolean {
  return value !== null && value !== undefined;
}
