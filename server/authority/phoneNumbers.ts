import type { OutgoingChange, RefusalReason } from '../../electron/core/sync/protocol';
import { parkedValue } from '../../electron/core/sync/tables';
import type { ServerDrizzle } from '../storage/database';
import { heldRows, insertHeld, sameValue } from '../storage/heldRows';
import { beyondOwner } from './writtenOnce';

type Tx = Pick<ServerDrizzle, 'execute'>;
type Row = Record<string, unknown>;

/** What an erasure leaves in a phone's `e164` before it removes the phone (privacy/erasure.ts). */
export function erasedPhoneNumber(phoneId: string): string {
  return `erased:${phoneId}`;
}

/**
 * A phone is written once (registerCustomer, addPhone, the legacy import), though `phones` is a device table: a merge
 * hands it to the survivor and its unmerge writes the before-image back whole (the move is judged by
 * customerMoves.ts); the core changes its number only as an erasure retires it (`e164` to `erased:<id>` and
 * `digits_reversed` to '', then a delete, in separate changes that a push may split), and removes a phone no other
 * way. A change of a phone whose insert the server holds may write the audit stamps, `customer_id`, the erasure's
 * values (and, on a retired phone, its insert again, live: a counter restored from a backup), the number's own parked
 * placeholder (sync/tables.ts `parkedValue`: a before-image taken while the phone was parked on the merging device)
 * or the number back from it, and any other column only with the value the server holds; a delete only of a retired
 * phone (`row_immutable`, with the held values, which the device puts back). Before, a hostile enrolled device put
 * its own number in place of a customer's (their WhatsApp campaign messages went to it) or deleted a customer's
 * phones, and every replica followed.
 */
export class PhoneNumberCheck {
  private constructor(private readonly phones: Map<string, Row>) {}

  static async load(tx: Tx, batch: readonly OutgoingChange[], held: ReadonlySet<string>): Promise<PhoneNumberCheck | null> {
    // A merge's move writes the customer alone and needs no read.
    const ids = new Set(
      batch
        .filter((c) => c.table === 'phones' && held.has(`phones:${c.rowId}`) && (c.op === 'delete' || Object.keys(c.data).some(beyondOwner)))
        .map((c) => c.rowId),
    );
    return ids.size === 0 ? null : new PhoneNumberCheck(await heldRows(tx, 'phones', ids));
  }

  judge(change: OutgoingChange): RefusalReason | null {
    const row = change.table === 'phones' ? this.phones.get(change.rowId) : undefined;
    // Only a phone whose insert the server holds (it writes every column), not an edit that reached it first.
    if (!insertHeld(row)) return null;
    if (change.op === 'delete') return row.e164 === erasedPhoneNumber(change.rowId) ? null : 'row_immutable';
    for (const [column, value] of Object.entries(change.data))
      if (beyondOwner(column) && !sameValue(value, row[column]) && !allowed(change, row, column, value)) return 'row_immutable';
    return null;
  }

  /** A change of this batch was accepted: later changes of the batch are judged against it. */
  accepted(change: OutgoingChange): void {
    const row = change.table === 'phones' ? this.phones.get(change.rowId) : undefined;
    if (row) this.phones.set(change.rowId, { ...row, ...change.data });
  }
}

function allowed(change: OutgoingChange, row: Row, column: string, value: unknown): boolean {
  const erased = erasedPhoneNumber(change.rowId);
  if (column === 'digits_reversed') return value === '' && (change.data.e164 ?? row.e164) === erased;
  // A counter restored from a backup pushes its phone's insert again, as the erasure it heard of since left it
  // (privacy/forgetEarlierValues.ts) but live: stamped before the erasure's delete, it loses to it.
  if (column === 'deleted_at') return value === null && row.e164 === erased && (change.data.e164 ?? row.e164) === erased;
  if (column !== 'e164' || typeof value !== 'string') return false;
  const held = String(row.e164);
  return value === erased || value === parkedValue(held, change.rowId) || held === parkedValue(value, change.rowId);
}
