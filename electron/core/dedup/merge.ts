import type { DedupMergeSummary } from '../../../shared/types';
import { customers, mergeItems, merges } from '../../../db/schema';
import { holdsTwoIdentities } from './identities';
import { AkrabError } from '../../../shared/errors';
import { searchableName } from '../../../shared/text';
import { newId } from '../ids';
import type { Store } from '../store/store';
import { syncedTables, tableShape, type SyncedTable } from '../store/syncedTables';
import { transact } from '../store/writer';
import { transferPointsOnMerge, undoMergeTransfers, type PointsOnMerge } from '../loyalty/transfers';

/** Profile fields a manager may take from any of the merged customers. */
export const MERGE_FIELDS = ['fullName', 'birthDate', 'gender', 'nik', 'email', 'address', 'city', 'notes'] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

const FIELD_COLUMNS: Record<MergeField, string> = {
  fullName: 'full_name',
  birthDate: 'birth_date',
  gender: 'gender',
  nik: 'nik',
  email: 'email',
  address: 'address',
  city: 'city',
  notes: 'notes',
};

/** Tables whose rows belong to a customer by customer_id and move to the survivor. */
const OWNED_TABLES = ['cards', 'phones', 'purchases', 'interactions', 'complaints', 'follow_ups'] as const;

export interface MergeInput {
  survivorId: string;
  mergedIds: string[];
  kind?: 'person' | 'farming' | 'manual';
  reason?: string | null;
  confidence?: number | null;
  /** Field → id of the customer (survivor or merged) whose value is kept. Unnamed fields keep the survivor's value, or the first non-empty one. */
  fieldChoices?: Partial<Record<MergeField, string>>;
  /** The scan cluster this merge accepts, marked merged in the local queue. */
  clusterId?: string | null;
  /** The merged customers' loyalty points: moved to the survivor (default) or forfeited with a reason (card farming). */
  points?: PointsOnMerge;
  pointsReason?: string | null;
}

export type MergeSummary = DedupMergeSummary;

type Row = Record<string, unknown>;

function tableByName(name: string): SyncedTable {
  for (const table of Object.values(syncedTables)) if (tableShape(table).name === name) return table;
  throw new Error(`not a synced table: ${name}`);
}

function hasTable(store: Store, name: string): boolean {
  return store.sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}

function notFound(): AkrabError {
  return new AkrabError({ code: 'not_found', messageKey: 'error.customer_not_found' });
}

/** Follows merged_into from a merged-away customer to the customer that holds their records now. */
export function resolveMerged(store: Store, customerId: string): string {
  const step = store.sqlite.prepare(`SELECT merged_into FROM customers WHERE id = ?`).pluck();
  let id = customerId;
  for (let hops = 0; hops < 20; hops++) {
    const next = step.get(id) as string | null | undefined;
    if (!next) return id;
    id = next;
  }
  return id;
}

/**
 * Merges customers into a survivor in one transaction (so it syncs as one batch of changes): their cards,
 * phones, purchases, interactions, complaints and follow-ups move to the survivor, the chosen field
 * values are written to the survivor, the merged-away customers keep a tombstone pointing at the
 * survivor (`merged_into`), and a `merges` row with the before-image of every touched row makes it
 * undoable. A phone the survivor already has stays on the merged-away customer (one per customer).
 */
export function mergeCustomers(store: Store, input: MergeInput): MergeSummary {
  const mergedIds = [...new Set(input.mergedIds)].filter((id) => id !== input.survivorId);
  if (mergedIds.length === 0) throw new AkrabError({ code: 'validation', field: 'mergedIds', messageKey: 'error.merge_needs_two' });
  const s = store.sqlite;
  const live = s.prepare(`SELECT * FROM customers WHERE id = ? AND deleted_at IS NULL AND merged_into IS NULL`);
  const ownedTables = OWNED_TABLES.filter((t) => hasTable(store, t) && Object.values(syncedTables).some((x) => tableShape(x).name === t));
  const mergeId = newId();
  let moved = 0;
  const summary = transact(store, (w) => {
    const survivor = live.get(input.survivorId) as Row | undefined;
    if (!survivor) throw notFound();
    const others = mergedIds.map((id) => {
      const row = live.get(id) as Row | undefined;
      if (!row) throw notFound();
      return row;
    });
    // One profile is one identity: customers holding two valid NIKs (a couple, or a buyer's borrowed identities)
    // are never folded together; a farmer's extra cards are blocked instead (`akrab card block`).
    if (holdsTwoIdentities([survivor, ...others].map((r) => r.nik as string | null)))
      throw new AkrabError({ code: 'validation', field: 'mergedIds', messageKey: 'error.merge_two_identities' });
    const items: { table: string; row: Row }[] = [
      { table: 'customers', row: survivor },
      ...others.map((row) => ({ table: 'customers', row })),
    ];
    const survivorPhones = new Set(s.prepare(`SELECT e164 FROM phones WHERE customer_id = ?`).pluck().all(input.survivorId) as string[]);
    const moves: { table: string; id: string }[] = [];
    for (const table of ownedTables) {
      const rows = s
        .prepare(`SELECT * FROM ${table} WHERE customer_id IN (${mergedIds.map(() => '?').join(', ')}) ORDER BY id`)
        .all(...mergedIds) as Row[];
      for (const row of rows) {
        if (table === 'phones') {
          const e164 = row.e164 as string;
          if (survivorPhones.has(e164)) continue;
          survivorPhones.add(e164);
        }
        items.push({ table, row });
        moves.push({ table, id: row.id as string });
      }
    }
    const createdAt = w.nowIso;
    w.insert(merges, {
      id: mergeId,
      survivorId: input.survivorId,
      mergedIds: JSON.stringify(mergedIds),
      kind: input.kind ?? 'manual',
      reason: input.reason ?? null,
      confidence: input.confidence ?? null,
      fieldChoices: input.fieldChoices ? JSON.stringify(input.fieldChoices) : null,
      undoneAt: null,
      undoneByStaff: null,
    });
    for (const item of items) {
      w.insert(mergeItems, { id: newId(), mergeId, tableName: item.table, rowId: item.row.id as string, before: JSON.stringify(item.row) });
    }
    for (const m of moves) w.update(tableByName(m.table) as typeof customers, m.id, { customerId: input.survivorId } as never);
    moved = moves.length;

    const patch: Row = {};
    const byId = new Map<string, Row>([[input.survivorId, survivor], ...others.map((r) => [r.id as string, r] as [string, Row])]);
    for (const field of MERGE_FIELDS) {
      const column = FIELD_COLUMNS[field];
      const chosen = input.fieldChoices?.[field];
      let value: unknown;
      if (chosen !== undefined) {
        const source = byId.get(chosen);
        if (!source) throw new AkrabError({ code: 'validation', field: `fieldChoices.${field}`, messageKey: 'error.invalid' });
        value = source[column];
      } else if (survivor[column] === null || survivor[column] === '') {
        value = others.map((r) => r[column]).find((v) => v !== null && v !== '') ?? survivor[column];
      } else continue;
      if (value !== survivor[column]) patch[field] = value;
    }
    if (typeof patch.fullName === 'string') patch.nameSearch = searchableName(patch.fullName);
    if (Object.keys(patch).length > 0) w.update(customers, input.survivorId, patch as never);
    // Points move as ledger events (issue 17 point 7), before the merged customers become tombstones.
    transferPointsOnMerge(store, w, { mergeId, survivorId: input.survivorId, mergedIds, mode: input.points, reason: input.pointsReason });
    for (const id of mergedIds) {
      w.update(customers, id, { mergedInto: input.survivorId });
      w.remove(customers, id);
    }
    return { createdAt };
  });
  if (input.clusterId) s.prepare(`UPDATE dedup_clusters SET status = 'merged' WHERE id = ?`).run(input.clusterId);
  return {
    mergeId,
    survivorId: input.survivorId,
    mergedIds,
    movedRows: moved,
    createdAt: summary.createdAt,
    createdByStaff: store.staff,
    undoneAt: null,
  };
}

/**
 * Undoes a merge: every row it touched is written back exactly as its before-image holds it (audit
 * columns included), through the writer so the restoration syncs too.
 */
export function unmergeCustomers(store: Store, mergeId: string): MergeSummary {
  const s = store.sqlite;
  const merge = s.prepare(`SELECT * FROM merges WHERE id = ? AND deleted_at IS NULL`).get(mergeId) as Row | undefined;
  if (!merge) throw new AkrabError({ code: 'not_found', messageKey: 'error.merge_not_found' });
  if (merge.undone_at) throw new AkrabError({ code: 'conflict', messageKey: 'error.merge_already_undone' });
  const items = s
    .prepare(`SELECT table_name, row_id, before FROM merge_items WHERE merge_id = ? AND deleted_at IS NULL ORDER BY rowid`)
    .all(mergeId) as { table_name: string; row_id: string; before: string }[];
  transact(store, (w) => {
    // The merge is marked undone first: the server accepts a merged customer brought back, or a card given back its
    // number, only by an undone merge (server/authority/customerTombstones.ts, cardNumbers.ts), and a push may end
    // between this transaction's changes.
    w.update(merges, mergeId, { undoneAt: w.nowIso, undoneByStaff: store.staff });
    // Children first would violate nothing (customers are never removed), but restoring customers first
    // keeps every intermediate state one where each card points at a live customer.
    const ordered = [...items.filter((i) => i.table_name === 'customers'), ...items.filter((i) => i.table_name !== 'customers')];
    for (const item of ordered) w.restore(tableByName(item.table_name), item.row_id, JSON.parse(item.before) as Row);
    undoMergeTransfers(store, w, mergeId);
  });
  const mergedIds = JSON.parse(merge.merged_ids as string) as string[];
  s.prepare(
    `UPDATE dedup_clusters SET status = 'open' WHERE status = 'merged' AND id IN (SELECT cluster_id FROM dedup_cluster_members WHERE customer_id = ?)`,
  ).run(merge.survivor_id);
  return {
    mergeId,
    survivorId: merge.survivor_id as string,
    mergedIds,
    movedRows: items.filter((i) => i.table_name !== 'customers').length,
    createdAt: merge.created_at as string,
    createdByStaff: (merge.created_by_staff as string | null) ?? null,
    undoneAt: store.now().toISOString(),
  };
}

/** Merges, newest first (the undo list). */
export function listMerges(store: Store, limit = 100): MergeSummary[] {
  const rows = store.sqlite
    .prepare(
      `SELECT m.*, (SELECT count(*) FROM merge_items i WHERE i.merge_id = m.id AND i.table_name != 'customers') AS moved FROM merges m WHERE m.deleted_at IS NULL ORDER BY m.created_at DESC LIMIT ?`,
    )
    .all(limit) as Row[];
  const before = store.sqlite.prepare(
    `SELECT row_id, json_extract(before, '$.full_name') FROM merge_items WHERE merge_id = ? AND table_name = 'customers' AND deleted_at IS NULL`,
  );
  return rows.map((m) => ({
    names: Object.fromEntries(before.raw().all(m.id) as [string, string][]),
    mergeId: m.id as string,
    survivorId: m.survivor_id as string,
    mergedIds: JSON.parse(m.merged_ids as string) as string[],
    movedRows: m.moved as number,
    createdAt: m.created_at as string,
    createdByStaff: (m.created_by_staff as string | null) ?? null,
    undoneAt: (m.undone_at as string | null) ?? null,
  }));
}
