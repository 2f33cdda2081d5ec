import type { OutgoingChange, RefusalReason } from '../../electron/core/sync/protocol';
import type { ServerDrizzle } from '../storage/database';
import { heldRows, insertHeld, sameValue } from '../storage/heldRows';

type Tx = Pick<ServerDrizzle, 'execute'>;
type Row = Record<string, unknown>;

/**
 * Where and when a customer was registered: written by registerCustomer (and the legacy import) only; a profile edit,
 * a merge (which picks profile fields, dedup/merge.ts `MERGE_FIELDS`), an erasure and a consent leave them, and an
 * unmerge writes back the before-image, which holds them as they were.
 */
const ORIGIN_COLUMNS = ['registered_outlet_id', 'created_at', 'created_by_device', 'created_by_staff'] as const;

/**
 * `customers` stays a device table (any clerk edits a profile), but a change of a customer the server holds writes
 * its origin only with the value the server holds (`row_immutable`, with the held values, which the device puts
 * back). The outlet a customer registered at decides whose customers a segment, a campaign's contacts, the
 * follow-up rules and the outlet reports count them with; before, a hostile enrolled device moved other outlets'
 * customers to its own, on every replica.
 */
export class CustomerOriginCheck {
  private constructor(private readonly customers: Map<string, Row>) {}

  static async load(tx: Tx, batch: readonly OutgoingChange[], held: ReadonlySet<string>): Promise<CustomerOriginCheck | null> {
    const ids = new Set(batch.filter((c) => writesOrigin(c) && held.has(`customers:${c.rowId}`)).map((c) => c.rowId));
    return ids.size === 0 ? null : new CustomerOriginCheck(await heldRows(tx, 'customers', ids));
  }

  judge(change: OutgoingChange): RefusalReason | null {
    const row = writesOrigin(change) ? this.customers.get(change.rowId) : undefined;
    if (!insertHeld(row)) return null;
    return ORIGIN_COLUMNS.every((c) => !(c in change.data) || sameValue(change.data[c], row[c])) ? null : 'row_immutable';
  }
}

function writesOrigin(change: OutgoingChange): boolean {
  return change.table === 'customers' && change.op === 'upsert' && ORIGIN_COLUMNS.some((c) => c in change.data);
}
