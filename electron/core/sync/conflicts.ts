import { cards } from '../../../db/schema';
import { AkrabError, validationError } from '../../../shared/errors';
import { isValidCardNo, normalizeCardNo } from '../../../shared/card';
import type { Store } from '../store/store';
import { transact } from '../store/writer';
import { parkedValue } from './tables';

/** A row that lost a unique value to another row written offline elsewhere (two booths, one card number). */
export interface SyncConflict {
  table: string;
  rowId: string;
  column: string;
  /** The value its writer gave it, now held by `heldByRowId`. */
  value: string;
  heldByRowId: string;
  /** For cards and phones: the customers on both sides, so staff can decide. */
  customerId: string | null;
  heldByCustomerId: string | null;
  detectedAt: string;
}

/** Conflicts still open: the row still holds its parked placeholder. */
export function listSyncConflicts(store: Store): SyncConflict[] {
  const rows = store.sqlite
    .prepare(
      `SELECT table_name AS "table", row_id AS rowId, "column", value, held_by_row_id AS heldByRowId, detected_at AS detectedAt
       FROM sync_conflicts ORDER BY detected_at, row_id`,
    )
    .all() as Omit<SyncConflict, 'customerId' | 'heldByCustomerId'>[];
  const open: SyncConflict[] = [];
  for (const c of rows) {
    const row = store.sqlite.prepare(`SELECT * FROM ${c.table} WHERE id = ?`).get(c.rowId) as Record<string, unknown> | undefined;
    if (!row || row[c.column] !== parkedValue(c.value, c.rowId)) continue;
    const holder = store.sqlite.prepare(`SELECT * FROM ${c.table} WHERE id = ?`).get(c.heldByRowId) as Record<string, unknown> | undefined;
    open.push({
      ...c,
      customerId: typeof row.customer_id === 'string' ? row.customer_id : null,
      heldByCustomerId: typeof holder?.customer_id === 'string' ? holder.customer_id : null,
    });
  }
  return open;
}

export function countSyncConflicts(store: Store): number {
  return store.sqlite
    .prepare(
      `SELECT count(*) FROM sync_conflicts c JOIN cards t ON c.table_name = 'cards' AND t.id = c.row_id AND t.card_no = c.value || '#' || c.row_id`,
    )
    .pluck()
    .get() as number;
}

/**
 * Resolves a card-number conflict by giving the parked card a new number. The new number is an ordinary
 * synced write, so every replica sees the card leave the contested number and clears the conflict.
 */
export function resolveCardConflict(store: Store, cardId: string, rawNewCardNo: string): void {
  const cardNo = normalizeCardNo(rawNewCardNo);
  if (!isValidCardNo(cardNo)) throw validationError('cardNo', 'error.card_invalid');
  const open = listSyncConflicts(store).find((c) => c.table === 'cards' && c.rowId === cardId);
  if (!open) throw new AkrabError({ code: 'not_found', messageKey: 'error.sync.conflict_not_found' });
  transact(store, (w) => {
    if (store.sqlite.prepare('SELECT 1 FROM cards WHERE card_no = ?').pluck().get(cardNo)) {
      throw new AkrabError({ code: 'conflict', field: 'cardNo', messageKey: 'error.card_taken', params: { cardNo } });
    }
    w.update(cards, cardId, { cardNo });
    store.sqlite.prepare(`DELETE FROM sync_conflicts WHERE table_name = 'cards' AND row_id = ? AND "column" = 'card_no'`).run(cardId);
  });
}
