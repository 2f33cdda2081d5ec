import { AUDIT_STAMP_COLUMNS } from '../../electron/core/authority/writeRules';
import { holdsTwoIdentities } from '../../electron/core/dedup/identities';
import { pairKey } from '../../electron/core/dedup/pipeline';
import type { OutgoingChange, RefusalReason } from '../../electron/core/sync/protocol';
import type { ServerDrizzle } from '../storage/database';
import { heldRows, sameValue } from '../storage/heldRows';

type Tx = Pick<ServerDrizzle, 'execute'>;
type Row = Record<string, unknown>;

/** What an erasure leaves of a merge item's before-image (privacy/erasure.ts `scrubMergeImages`). */
const ERASED_IMAGE = JSON.stringify({ erased: true });

/** What an unmerge writes on a merge (merge.ts `unmergeCustomers`); a merge is otherwise never changed. */
const UNMERGE_COLUMNS = new Set(['undone_at', 'undone_by_staff']);

/**
 * The server's judgement of pushed merges and their items, beside the manager's signature (writeRules.ts
 * `manager_signed`), by the rules the core makes them by (dedup/merge.ts): a merge is written whole, names a
 * survivor and the customers merged into it, and never folds two identities (two valid NIKs, identities.ts) into one
 * profile, by the NIKs the server holds; afterwards only an unmerge touches it (its undone_at and undone_by_staff),
 * and never deletes it. An unmerge of a merge the server does not hold is refused. A merge item is written once,
 * for a merge the server holds; afterwards only an erasure empties its before-image. A
 * "different people" decision is its pair's row.
 */
export class MergeCheck {
  private constructor(
    private readonly merges: Map<string, Row>,
    private readonly items: Map<string, Row>,
    /** Each named customer's NIK as the server holds it (null for none), kept up with the batch's accepted changes. */
    private readonly niks: Map<string, string | null>,
    private readonly decisions: Map<string, Row>,
  ) {}

  static async load(tx: Tx, batch: readonly OutgoingChange[]): Promise<MergeCheck | null> {
    const mergeIds = new Set<string>();
    const itemIds = new Set<string>();
    const decisionIds = new Set<string>();
    const customerIds = new Set<string>();
    for (const change of batch) {
      if (change.table === 'merges') {
        mergeIds.add(change.rowId);
        if (typeof change.data.survivor_id === 'string') customerIds.add(change.data.survivor_id);
        for (const id of idList(change.data.merged_ids) ?? []) customerIds.add(id);
      }
      if (change.table === 'merge_items') {
        itemIds.add(change.rowId);
        if (typeof change.data.merge_id === 'string') mergeIds.add(change.data.merge_id);
      }
      if (change.table === 'dedup_decisions') decisionIds.add(change.rowId);
    }
    if (mergeIds.size === 0 && itemIds.size === 0 && decisionIds.size === 0) return null;
    const niks = new Map<string, string | null>([...customerIds].map((id) => [id, null]));
    for (const [id, row] of await heldRows(tx, 'customers', customerIds)) niks.set(id, typeof row.nik === 'string' ? row.nik : null);
    return new MergeCheck(
      await heldRows(tx, 'merges', mergeIds),
      await heldRows(tx, 'merge_items', itemIds),
      niks,
      await heldRows(tx, 'dedup_decisions', decisionIds),
    );
  }

  judge(change: OutgoingChange, deviceId: string): RefusalReason | null {
    if (change.table === 'merges') return this.judgeMerge(change);
    if (change.table === 'merge_items') return this.judgeItem(change, deviceId);
    if (change.table === 'dedup_decisions') return this.judgeDecision(change);
    return null;
  }

  /** A change of this batch was accepted: later changes of the batch may rely on it. */
  accepted(change: OutgoingChange): void {
    if (change.op !== 'upsert') return;
    if (change.table === 'merges') this.merges.set(change.rowId, { ...this.merges.get(change.rowId), ...change.data });
    if (change.table === 'merge_items') this.items.set(change.rowId, { ...this.items.get(change.rowId), ...change.data });
    if (change.table === 'dedup_decisions') this.decisions.set(change.rowId, { ...this.decisions.get(change.rowId), ...change.data });
    if (change.table === 'customers' && 'nik' in change.data && this.niks.has(change.rowId))
      this.niks.set(change.rowId, typeof change.data.nik === 'string' ? change.data.nik : null);
  }

  private judgeMerge(change: OutgoingChange): RefusalReason | null {
    if (change.op === 'delete') return 'merge_immutable';
    const held = this.merges.get(change.rowId);
    const d = change.data;
    if (held && typeof held.survivor_id === 'string') {
      const changed = Object.keys(d).filter((c) => !AUDIT_STAMP_COLUMNS.has(c) && !UNMERGE_COLUMNS.has(c) && !sameValue(d[c], held[c]));
      return changed.length === 0 ? null : 'merge_immutable';
    }
    if (typeof d.survivor_id !== 'string') return 'merge_not_found';
    const mergedIds = idList(d.merged_ids);
    if (!mergedIds || mergedIds.length === 0 || mergedIds.includes(d.survivor_id) || d.undone_at) return 'merge_invalid';
    const niks = [d.survivor_id, ...mergedIds].map((id) => this.niks.get(id) ?? null);
    return holdsTwoIdentities(niks) ? 'merge_two_identities' : null;
  }

  private judgeItem(change: OutgoingChange, deviceId: string): RefusalReason | null {
    if (change.op === 'delete') return 'merge_immutable';
    const d = change.data;
    const held = this.items.get(change.rowId);
    if (held && typeof held.merge_id === 'string') {
      const changed = Object.keys(d).filter((c) => !AUDIT_STAMP_COLUMNS.has(c) && !sameValue(d[c], held[c]));
      return changed.every((c) => c === 'before' && d.before === ERASED_IMAGE) ? null : 'merge_immutable';
    }
    const merge = typeof d.merge_id === 'string' ? this.merges.get(d.merge_id) : undefined;
    if (!merge || typeof merge.survivor_id !== 'string') return 'merge_not_found';
    return itemFitsMerge(d, change.rowId === d.id || d.id === undefined, merge, deviceId) ? null : 'merge_invalid';
  }

  /**
   * A decision's row is its pair's (decisions.ts `rejectPair`): the id is the sorted pair of the customers it names, so
   * two devices deciding the same pair converge on one row, and the pair it names never changes.
   */
  private judgeDecision(change: OutgoingChange): RefusalReason | null {
    if (change.op === 'delete') return null;
    const held = this.decisions.get(change.rowId);
    const row = { ...held, ...change.data };
    const [a, b] = [row.customer_a, row.customer_b];
    if (held && (!sameValue(row.customer_a, held.customer_a) || !sameValue(row.customer_b, held.customer_b))) return 'dedup_decision_invalid';
    if (typeof a !== 'string' || typeof b !== 'string' || !(a < b) || change.rowId !== pairKey(a, b)) return 'dedup_decision_invalid';
    return row.decision === 'different' ? null : 'dedup_decision_invalid';
  }
}

/** The tables whose rows a merge moves to its survivor (merge.ts `OWNED_TABLES`), besides its customers. */
const MOVED_TABLES = new Set(['cards', 'phones', 'purchases', 'interactions', 'complaints', 'follow_ups']);

/**
 * A merge's items are written with it, in its transaction (merge.ts `mergeCustomers`), so by the device that made it:
 * the before-image of its survivor, of a customer merged into it, or of a row a merged customer owned. An item naming
 * any other row would have an unmerge on an honest counter overwrite that row with what the item says.
 */
function itemFitsMerge(d: Row, ownId: boolean, merge: Row, deviceId: string): boolean {
  if (!ownId || merge.created_by_device !== deviceId || typeof d.row_id !== 'string' || typeof d.before !== 'string') return false;
  const mergedIds = idList(merge.merged_ids) ?? [];
  let before: unknown;
  try {
    before = JSON.parse(d.before);
  } catch {
    return false;
  }
  if (typeof before !== 'object' || before === null || (before as Row).id !== d.row_id) return false;
  if (d.table_name === 'customers') return d.row_id === merge.survivor_id || mergedIds.includes(d.row_id);
  return MOVED_TABLES.has(d.table_name as string) && mergedIds.includes((before as Row).customer_id as string);
}

function idList(value: unknown): string[] | null {
  if (typeof value !== 'string') return null;
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) && parsed.every((id) => typeof id === 'string') ? (parsed as string[]) : null;
  } catch {
    return null;
  }
}

/** For each merge a push undoes, the stamps of its manager-signed unmerge changes (merges' `undone_at` set). */
export type UnmergesInPush = ReadonlyMap<string, readonly string[]>;

/**
 * The push's unmerges, found before any change is judged: the core's unmerge restores the rows a merge touched and
 * only then, in the same transaction, marks the merge undone (devices not yet updated; merge.ts `unmergeCustomers`
 * now marks it first), so a restored row may come before the unmerge that accounts for it. Only a manager's
 * unmerge counts, as only a manager's is accepted (writeRules.ts `manager_signed`).
 */
export function unmergesInPush(batch: readonly OutgoingChange[], managerSigned: (change: OutgoingChange) => boolean): UnmergesInPush {
  const found = new Map<string, string[]>();
  for (const change of batch) {
    const undoes = change.table === 'merges' && change.op === 'upsert' && change.data.undone_at !== null && change.data.undone_at !== undefined;
    if (undoes && managerSigned(change)) found.set(change.rowId, [...(found.get(change.rowId) ?? []), change.hlc]);
  }
  return found;
}

/** Whether the push undoes this merge after the change stamped `hlc` (a device's changes come in stamp order). */
export function undoneLaterInPush(unmerges: UnmergesInPush, mergeId: string, hlc: string): boolean {
  return (unmerges.get(mergeId) ?? []).some((stamp) => stamp > hlc);
}
