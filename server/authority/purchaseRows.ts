import { AUDIT_STAMP_COLUMNS } from '../../electron/core/authority/writeRules';
import type { OutgoingChange, RefusalReason } from '../../electron/core/sync/protocol';
import type { ServerDrizzle } from '../storage/database';
import { heldRows } from '../storage/heldRows';

type Tx = Pick<ServerDrizzle, 'execute'>;
type Row = Record<string, unknown>;

/**
 * A purchase is written once (registerCustomer, recordPurchase, the legacy import) and never edited or deleted: a
 * return gives its points back with a `reverse` event (loyalty/earn.ts), the purchase stays. The core changes a
 * purchase only in a merge or its unmerge, which hand it to another customer (`customer_id`, judged by
 * customerMoves.ts) and write its before-image back whole. So a change of a purchase the server holds may write
 * `customer_id`, the audit stamps, and any other column only with the value the server holds; a delete is refused
 * (`purchase_immutable`). Before, `purchases` being a device table, a hostile enrolled device could raise the amount
 * of a customer's old purchases (their 12 months' spend, and so their tier), move them in time, or delete another
 * outlet's sales from every replica's reports.
 */
export class PurchaseRowCheck {
  private constructor(
    /** The purchases the server holds that the push writes beyond their customer, as held. */
    private readonly purchases: Map<string, Row>,
    private readonly held: ReadonlySet<string>,
  ) {}

  static async load(tx: Tx, batch: readonly OutgoingChange[], held: ReadonlySet<string>): Promise<PurchaseRowCheck | null> {
    const touched = batch.filter((c) => c.table === 'purchases' && held.has(`purchases:${c.rowId}`));
    if (touched.length === 0) return null;
    // A merge's move writes the customer alone and needs no read: only a delete or a wider write (an unmerge's
    // restore, or a forgery) is compared with the held row.
    const wider = touched.filter((c) => c.op === 'delete' || Object.keys(c.data).some(judged));
    return new PurchaseRowCheck(await heldRows(tx, 'purchases', new Set(wider.map((c) => c.rowId))), held);
  }

  judge(change: OutgoingChange): RefusalReason | null {
    if (change.table !== 'purchases' || !this.held.has(`purchases:${change.rowId}`)) return null;
    if (change.op === 'delete') return 'purchase_immutable';
    const row = this.purchases.get(change.rowId);
    for (const [column, value] of Object.entries(change.data))
      if (judged(column) && !(row && sameValue(value, row[column]))) return 'purchase_immutable';
    return null;
  }
}

function judged(column: string): boolean {
  return column !== 'customer_id' && !AUDIT_STAMP_COLUMNS.has(column);
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || ((a === null || a === undefined) && (b === null || b === undefined));
}
