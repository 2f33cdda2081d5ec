import type { OutgoingChange, RefusalReason } from '../../electron/core/sync/protocol';
import type { ServerDrizzle } from '../storage/database';
import { heldRows } from '../storage/heldRows';
import { erasedCard } from './cardErasures';

type Tx = Pick<ServerDrizzle, 'execute'>;
type Row = Record<string, unknown>;

/** The status each card event leaves its card in (loyalty/cards/cardLife.ts). */
const STATUS_AFTER: Readonly<Record<string, string>> = { blocked: 'blocked', unblocked: 'active', replaced: 'lost' };

/**
 * A card's status is a manager's to change (cardLife.ts: block, unblock, replace; erasure.ts blocks an erased
 * customer's cards), though `cards` is a device table: a card is issued active, and a change that sets another
 * status than the one the server holds is accepted only
 * - signed by a manager of the pushing device's outlet or an admin (the writer signs a card's status change with
 *   the session's authority: writeRules.ts `needsSignature`); or
 * - for devices not yet updated, which send it unsigned: with a new card event for that card in the same push,
 *   signed by such a manager, whose kind leaves the card in that status (a block, unblock or replacement writes
 *   both in one transaction); or
 * - as an erasure leaves an erased card: blocked, with the number `ERASED-<id>` in the same change, an erasure the
 *   server checks first (cardErasures.ts).
 * Before, a clerk's device could unblock a card a manager had blocked by pushing the card row alone.
 */
export class CardStatusCheck {
  private constructor(
    private readonly cards: Map<string, Row>,
    /** `cardId:status` for each new, manager-signed card event of the push. */
    private readonly signedEvents: ReadonlySet<string>,
  ) {}

  static async load(tx: Tx, batch: readonly OutgoingChange[], managerSigned: (change: OutgoingChange) => boolean): Promise<CardStatusCheck | null> {
    const cardIds = new Set(batch.filter((c) => c.table === 'cards' && 'status' in c.data).map((c) => c.rowId));
    if (cardIds.size === 0) return null;
    const events = batch.filter((c) => c.table === 'card_events' && c.op === 'upsert' && typeof c.data.card_id === 'string');
    const heldEvents = await heldRows(tx, 'card_events', new Set(events.map((c) => c.rowId)));
    const signedEvents = new Set<string>();
    for (const event of events) {
      const status = STATUS_AFTER[event.data.kind as string];
      if (status && !heldEvents.has(event.rowId) && managerSigned(event)) signedEvents.add(`${event.data.card_id as string}:${status}`);
    }
    return new CardStatusCheck(await heldRows(tx, 'cards', cardIds), signedEvents);
  }

  judge(change: OutgoingChange, managerSigned: () => boolean): RefusalReason | null {
    if (change.table !== 'cards' || !('status' in change.data)) return null;
    const status = change.data.status;
    const held = this.cards.get(change.rowId);
    if (status === (held ? (held.status ?? 'active') : 'active')) return null;
    if (managerSigned() || this.signedEvents.has(`${change.rowId}:${String(status)}`)) return null;
    if (erasedCard(change)) return null;
    return 'card_status_not_permitted';
  }

  /** A change of this batch was accepted: later changes of the batch are judged against it. */
  accepted(change: OutgoingChange): void {
    if (change.table === 'cards' && change.op === 'upsert' && 'status' in change.data)
      this.cards.set(change.rowId, { ...this.cards.get(change.rowId), status: change.data.status });
  }
}
