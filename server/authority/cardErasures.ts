import { erasureMarkerOf, type ErasureMarker } from '../../electron/core/privacy/erasureMarker';
import type { OutgoingChange, RefusalReason } from '../../electron/core/sync/protocol';
import type { ServerDrizzle } from '../storage/database';
import { heldRows, rowsWithValue } from '../storage/heldRows';
import { SERVER_NODE_PREFIX, VERIFIED_ERASURE_ACTION } from '../storage/serverChanges';

type Tx = Pick<ServerDrizzle, 'execute'>;

/** What an erasure writes on each card of its customer, in one change (privacy/erasure.ts). */
export function erasedCard(change: OutgoingChange): boolean {
  return change.table === 'cards' && change.data.card_no === `ERASED-${change.rowId}` && change.data.status === 'blocked';
}

/**
 * A card is blanked (`ERASED-<id>`, blocked) only by its customer's erasure, a manager's act (privacy/erasure.ts;
 * the erasure's entry is accepted only signed by a manager: checkPush.ts `erasure_not_permitted`). A change writing
 * that form is accepted only
 * - signed by a manager of the pushing device's outlet or an admin: the writer signs a card's status change, so
 *   every erasure of an app that signs it is, which also covers an erasure the device's push split (pushes take the
 *   log a batch at a time, so the card's change may reach the server a push before the erasure's entry);
 * - as one of the writes of an erasure in the same push, whose entry a manager signed: stamped by the pushing device
 *   within the entry's marker (erasureMarker.ts), for devices not yet updated, which send the card unsigned;
 * - on a card whose customer's erasure the server holds (its own `privacy.erase.verified` entry) or accepted earlier
 *   in the push: a card the customer got on a device that had not heard of the erasure yet.
 * Otherwise `card_erasure_without_erasure`. Before, the server took the form on the device's word (cardStatus.ts,
 * cardNumbers.ts let it through): any enrolled device, a clerk's too, blocked any customer's card and destroyed its
 * number, which no one may give back (`card_number_immutable`). Only a blanked card neither a signature nor a marker
 * accounts for makes the check read anything.
 */
export class CardErasureCheck {
  private constructor(
    /** The markers of the push's erasure entries a manager signed. */
    private readonly markers: readonly ErasureMarker[],
    private readonly deviceId: string,
    /** The customer of each blanked card the check may have to look up, as held or written earlier in the push. */
    private readonly customers: Map<string, string>,
    /** Customers whose erasure the server holds or accepted earlier in the push. */
    private readonly erased: Set<string>,
  ) {}

  static async load(
    tx: Tx,
    batch: readonly OutgoingChange[],
    deviceId: string,
    managerSigned: (change: OutgoingChange) => boolean,
  ): Promise<CardErasureCheck | null> {
    const blanked = batch.filter(erasedCard);
    if (blanked.length === 0) return null;
    const markers = batch.flatMap((c) => {
      if (c.table !== 'audit_log' || c.op !== 'upsert' || !managerSigned(c)) return [];
      const marker = erasureMarkerOf({ ...c, deviceId });
      return marker ? [marker] : [];
    });
    const check = new CardErasureCheck(markers, deviceId, new Map(), new Set());
    const unaccounted = new Set(blanked.filter((c) => !managerSigned(c) && !check.marked(c)).map((c) => c.rowId));
    if (unaccounted.size === 0) return check;
    for (const [id, card] of await heldRows(tx, 'cards', unaccounted))
      if (typeof card.customer_id === 'string') check.customers.set(id, card.customer_id);
    const customers = new Set(check.customers.values());
    for (const c of batch)
      if (c.table === 'cards' && unaccounted.has(c.rowId) && typeof c.data.customer_id === 'string') customers.add(c.data.customer_id);
    for (const id of await erasedCustomers(tx, customers)) check.erased.add(id);
    return check;
  }

  judge(change: OutgoingChange, managerSigned: () => boolean): RefusalReason | null {
    if (!erasedCard(change) || managerSigned() || this.marked(change)) return null;
    const customer = this.customers.get(change.rowId);
    return customer !== undefined && this.erased.has(customer) ? null : 'card_erasure_without_erasure';
  }

  /** A change of this batch was accepted: later changes of the batch are judged against it. */
  accepted(change: OutgoingChange): void {
    if (change.op !== 'upsert') return;
    if (change.table === 'cards' && typeof change.data.customer_id === 'string') this.customers.set(change.rowId, change.data.customer_id);
    // Accepted, an erasure's entry was signed by a manager (checkPush.ts `judge`).
    const marker = erasureMarkerOf({ ...change, deviceId: this.deviceId });
    if (marker) this.erased.add(marker.customerId);
  }

  /** Whether the change is one of the writes of an erasure in the push (its device's stamps within the marker). */
  private marked(change: OutgoingChange): boolean {
    return this.markers.some((m) => m.from <= change.hlc && change.hlc <= m.to);
  }
}

/**
 * Of these customers, those whose erasure the server verified: its own entry (serverChanges.ts), stamped with its
 * node id, which no device may take (a device's entry of any action is accepted unsigned when it marks no erasure).
 */
async function erasedCustomers(tx: Tx, customers: ReadonlySet<string>): Promise<string[]> {
  const entries = await heldRows(tx, 'audit_log', await rowsWithValue(tx, 'audit_log', 'customer_id', customers));
  return [...entries.values()]
    .filter((e) => e.action === VERIFIED_ERASURE_ACTION && e.outcome === 'ok' && String(e.created_by_device).startsWith(SERVER_NODE_PREFIX))
    .map((e) => e.customer_id as string);
}
