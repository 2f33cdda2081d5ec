import { AUDIT_STAMP_COLUMNS } from '../../electron/core/authority/writeRules';
import type { OutgoingChange, RefusalReason } from '../../electron/core/sync/protocol';
import type { ServerDrizzle } from '../storage/database';
import { heldRows, insertHeld, sameValue } from '../storage/heldRows';

type Tx = Pick<ServerDrizzle, 'execute'>;
type Row = Record<string, unknown>;

/** What a complaint's transition writes (care/complaints/lifecycle.ts, complaints.ts `transitionComplaint`). */
const COMPLAINT_LIFECYCLE = new Set([
  'status',
  'clock_started_at',
  'first_response_due_at',
  'resolution_due_at',
  'first_response_at',
  'resolved_at',
  'closed_at',
  'satisfaction',
  'reopen_count',
  'promised_action',
  'promised_date',
]);

/**
 * Device tables whose rows the core writes once and never edits or deletes, and what it may still write on a held
 * row besides the audit stamps and `customer_id` (a merge hands a row to another customer and its unmerge writes the
 * before-image back whole; the move is judged by customerMoves.ts):
 * - `purchases` (registerCustomer, addPurchase, the legacy import): a return gives the points back with a `reverse`
 *   event (loyalty/earn.ts), the purchase stays;
 * - `consents` (privacy/consents.ts): the customer's consent history, the proof UU PDP asks for; a withdrawal is a
 *   new row;
 * - `complaint_events` (care/complaints): the complaint's history; an erasure empties its `note`;
 * - `opportunity_events`, `offers_made` (opportunities.ts): a stage moved, an offer acted on;
 * - `interactions` (care/interactions): a contact logged; an erasure empties its `note`;
 * - `outlets` (outlets.ts `ensureOutlet`): the server reads their code (whose managers a device's outlet has:
 *   checkPush.ts `isManagerFor`) and time zone (the day of an offline redemption: ledgerCheck.ts). Two devices that
 *   create one code offline write two rows, which replicas park (sync/tables.ts `uniqueRules`) without a write;
 * - `cards`: issued once (registerCustomer, addCard, replaceCard, the legacy import), never deleted; their number and
 *   status change, judged by cardNumbers.ts, cardStatus.ts and cardErasures.ts. Who issued a card, where and when
 *   make the registrations report (reports/registrations.ts) of each outlet and clerk;
 * - `complaints` (care/complaints): opened once, never deleted; a transition writes the lifecycle block
 *   (`COMPLAINT_LIFECYCLE`) and the promise, an erasure empties the description. Its outlet, category, severity
 *   (which set its service levels), invoice and opening time stay.
 */
const WRITTEN_ONCE: Readonly<Record<string, (column: string, value: unknown) => boolean>> = {
  purchases: () => false,
  consents: () => false,
  complaint_events: (column, value) => column === 'note' && value === null,
  opportunity_events: () => false,
  offers_made: () => false,
  interactions: (column, value) => column === 'note' && value === null,
  outlets: () => false,
  cards: (column) => column === 'card_no' || column === 'status',
  complaints: (column, value) => COMPLAINT_LIFECYCLE.has(column) || (column === 'description' && value === '[dihapus]'),
};

export function isWrittenOnce(table: string): boolean {
  return table in WRITTEN_ONCE;
}

/**
 * A change of a held row of a written-once table may write the audit stamps, `customer_id`, what the table allows
 * (`WRITTEN_ONCE`), and any other column only with the value the server holds; a delete is refused
 * (`row_immutable`). Before, these being device tables, a hostile enrolled device could raise the amount of a
 * customer's old purchases (their 12 months' spend, so their tier), move them in time or delete another outlet's
 * sales, turn a withdrawn consent into a granted one, or rewrite how a complaint was handled, on every replica.
 */
export class WrittenOnceCheck {
  private constructor(
    /** The held rows the push writes beyond their customer, as held. */
    private readonly rows: Map<string, Row>,
    private readonly held: ReadonlySet<string>,
  ) {}

  static async load(tx: Tx, batch: readonly OutgoingChange[], held: ReadonlySet<string>): Promise<WrittenOnceCheck | null> {
    const touched = batch.filter((c) => isWrittenOnce(c.table) && held.has(`${c.table}:${c.rowId}`));
    if (touched.length === 0) return null;
    // A merge's move writes the customer alone and needs no read: only a delete or a wider write (an unmerge's
    // restore, an erasure's scrub, or a forgery) is compared with the held row.
    const rows = new Map<string, Row>();
    const wider = new Map<string, Set<string>>();
    for (const c of touched)
      if (c.op === 'delete' || Object.keys(c.data).some(beyondOwner)) wider.set(c.table, (wider.get(c.table) ?? new Set()).add(c.rowId));
    for (const [table, ids] of wider) for (const [id, row] of await heldRows(tx, table, ids)) rows.set(`${table}:${id}`, row);
    return new WrittenOnceCheck(rows, held);
  }

  judge(change: OutgoingChange): RefusalReason | null {
    const allowed = WRITTEN_ONCE[change.table];
    const key = `${change.table}:${change.rowId}`;
    if (!allowed || !this.held.has(key)) return null;
    const row = this.rows.get(key);
    // Only a row whose insert the server holds (an insert writes every column): an edit that reached the server first,
    // from a device that had the row from another, must not get the row's own insert refused.
    if (row && !insertHeld(row)) return null;
    if (change.op === 'delete') return 'row_immutable';
    for (const [column, value] of Object.entries(change.data))
      if (beyondOwner(column) && !(row && sameValue(value, row[column])) && !allowed(column, value)) return 'row_immutable';
    return null;
  }
}

/** A column beyond a row's customer and audit stamps: what the checks of rows written once judge. */
export function beyondOwner(column: string): boolean {
  return column !== 'customer_id' && !AUDIT_STAMP_COLUMNS.has(column);
}
