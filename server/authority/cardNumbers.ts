import { sql } from 'drizzle-orm';
import { formatStamp, MAX_DRIFT_MS, parseStamp } from '../../electron/core/clock/hybridClock';
import type { OutgoingChange, RefusalReason } from '../../electron/core/sync/protocol';
import { rows, type ServerDrizzle } from '../storage/database';
import { heldRows, rowsWithValue } from '../storage/heldRows';
import { erasedCard } from './cardErasures';
import { undoneLaterInPush, type UnmergesInPush } from './mergeCheck';

type Tx = Pick<ServerDrizzle, 'execute'>;
type Row = Record<string, unknown>;
/** A card's number as the server holds it, and the stamp of the newest write of it: its claim to the number. */
type Claim = { cardNo: string; claim: string };

/**
 * A card's number is fixed when the card is issued (registerCustomer, addCard; replaceCard issues a new card and the
 * lost one keeps its number; a merge moves cards without renumbering them), though `cards` is a device table. The
 * core writes another number on a card only
 * - as an erasure leaves it: `ERASED-<id>`, blocked, in the same change (privacy/erasure.ts), an erasure the
 *   server checks first (cardErasures.ts);
 * - to resolve a card-number conflict (sync/conflicts.ts `resolveCardConflict`), on a card that is parked: another
 *   card the server holds has its number, with an older claim (the newest write of the number; ties to the lower id:
 *   sync/applyRemoteChanges.ts `resolveGroup`, which every replica runs alike);
 * - in an unmerge, back to the number a before-image of the merge holds (dedup/merge.ts `unmergeCustomers`), the
 *   merge undone by the server's hold, earlier in the push, or by a manager's unmerge later in the same push.
 * Any other change of the number of a card the server holds is refused (`card_number_immutable`). Before, a device
 * could give a blocked card a fresh number, or take the number of another card, and every replica followed.
 *
 * A contested number goes to the oldest claim, and a claim is the stamp its device wrote: a number written (on a new
 * card or a renumbered one) with a stamp older than the device's floor (`floorOf`; by more than MAX_DRIFT_MS:
 * `backdatedTakings`) that would take the number from another card the server holds is refused
 * (`card_number_backdated`). Before, a device with its clock set back took the number of a card another customer had
 * held for months, and every replica parked the honest card.
 */
export class CardNumberCheck {
  private constructor(
    private readonly cards: Map<string, Row>,
    /** Each card holding a number a renumbered card holds, and the renumbered cards themselves. */
    private readonly claims: ReadonlyMap<string, Claim>,
    /** The merge items that name the renumbered cards, by id, and the merges they belong to. */
    private readonly items: Map<string, Row>,
    private readonly merges: Map<string, Row>,
    private readonly unmerges: UnmergesInPush,
    /** The stamps of the changes that take a number with a stamp below their device's floor (`backdatedTakings`). */
    private readonly backdated: ReadonlySet<string>,
  ) {}

  static async load(
    tx: Tx,
    batch: readonly OutgoingChange[],
    unmerges: UnmergesInPush,
    held: ReadonlySet<string>,
    deviceId: string,
  ): Promise<CardNumberCheck | null> {
    const numbered = batch.filter((c) => c.table === 'cards' && 'card_no' in c.data);
    if (numbered.length === 0) return null;
    const backdated = await backdatedTakings(tx, numbered, deviceId);
    const cards = await heldRows(tx, 'cards', new Set(numbered.map((c) => c.rowId).filter((id) => held.has(`cards:${id}`))));
    // Only a renumbering needs more than the card, and only one no erasure accounts for: rare, so read then.
    const renumbered = new Map<string, string>();
    for (const change of numbered) {
      const held = cards.get(change.rowId)?.card_no;
      if (typeof held === 'string' && change.data.card_no !== held && !erasedCard(change)) renumbered.set(change.rowId, held);
    }
    if (renumbered.size === 0) return new CardNumberCheck(cards, new Map(), new Map(), new Map(), unmerges, backdated);
    // The cards that held any of these numbers at some point: their claims say which hold it now.
    const holders = await rowsWithValue(tx, 'cards', 'card_no', new Set(renumbered.values()));
    const claims = await claimsOf(tx, new Set([...holders, ...renumbered.keys()]));
    const items = await heldRows(tx, 'merge_items', await rowsWithValue(tx, 'merge_items', 'row_id', new Set(renumbered.keys())));
    const mergeIds = new Set([...items.values()].map((i) => i.merge_id).filter((id): id is string => typeof id === 'string'));
    return new CardNumberCheck(cards, claims, items, await heldRows(tx, 'merges', mergeIds), unmerges, backdated);
  }

  judge(change: OutgoingChange): RefusalReason | null {
    if (change.table !== 'cards' || !('card_no' in change.data)) return null;
    if (this.backdated.has(change.hlc)) return 'card_number_backdated';
    const held = this.cards.get(change.rowId)?.card_no;
    if (typeof held !== 'string' || change.data.card_no === held || erasedCard(change)) return null;
    return this.parked(change.rowId, held) || this.restoredByUnmerge(change) ? null : 'card_number_immutable';
  }

  /** A change of this batch was accepted: later changes of the batch are judged against it. */
  accepted(change: OutgoingChange): void {
    if (change.op !== 'upsert') return;
    if (change.table === 'cards' && 'card_no' in change.data)
      this.cards.set(change.rowId, { ...this.cards.get(change.rowId), card_no: change.data.card_no });
    if (change.table === 'merges') this.merges.set(change.rowId, { ...this.merges.get(change.rowId), ...change.data });
    if (change.table === 'merge_items' && change.data.table_name === 'cards' && this.cards.has(change.data.row_id as string))
      this.items.set(change.rowId, { ...this.items.get(change.rowId), ...change.data });
  }

  /** Whether another card holds this card's number with an older claim: the card waits for a new number. */
  private parked(cardId: string, cardNo: string): boolean {
    const own = this.claims.get(cardId);
    if (!own || own.cardNo !== cardNo) return false;
    for (const [id, other] of this.claims) {
      if (id === cardId || other.cardNo !== cardNo) continue;
      if (other.claim < own.claim || (other.claim === own.claim && id < cardId)) return true;
    }
    return false;
  }

  private restoredByUnmerge(change: OutgoingChange): boolean {
    for (const item of this.items.values()) {
      if (item.table_name !== 'cards' || item.row_id !== change.rowId || typeof item.merge_id !== 'string') continue;
      const merge = this.merges.get(item.merge_id);
      const undone =
        (merge && merge.undone_at !== null && merge.undone_at !== undefined) || undoneLaterInPush(this.unmerges, item.merge_id, change.hlc);
      if (undone && beforeImage(item.before)?.card_no === change.data.card_no) return true;
    }
    return false;
  }
}

function beforeImage(value: unknown): Row | null {
  if (typeof value !== 'string') return null;
  try {
    const parsed = JSON.parse(value) as unknown;
    return typeof parsed === 'object' && parsed !== null ? (parsed as Row) : null;
  } catch {
    return null;
  }
}

/**
 * The stamp below which none of the device's later writes can be: the newest row it created that the server holds
 * (null for none). The core stamps a new row with its clock's next tick (writer.ts `insertMany`; its change carries
 * the row's `id`, which no update or restore writes), and the clock, saved with every write, only moves on, so every
 * later write, pushed later in order, is stamped above it: an honest counter offline for days claims numbers with
 * stamps newer than its last push. An update may be stamped above the clock (`tickAbove` over a row another clock
 * running ahead wrote) without moving it, which is why updates are not taken for the floor. A device restored from a
 * backup pushes its unpushed writes from before the backup below its floor: only a number another card holds with a
 * later claim is refused, and that only in that rare case.
 */
async function floorOf(tx: Tx, deviceId: string): Promise<string | null> {
  const [newest] = await rows<{ hlc: string }>(
    tx,
    sql`SELECT hlc FROM changes WHERE device_id = ${deviceId} AND data ? 'id' ORDER BY seq DESC LIMIT 1`,
  );
  return newest?.hlc ?? null;
}

/**
 * The stamps of the changes writing a number with a stamp below their device's floor where another card the server
 * holds has that number with a later claim: the change would take the number from it (`resolveGroup`).
 *
 * Below by more than `MAX_DRIFT_MS`: a clock is carried at most that far ahead of its wall clock (a peer's stamp ahead
 * of it: HybridClock.receive refuses more), so a device restored from a backup, its clock back where the backup
 * saved it, stamps its next writes by its wall clock up to that much below the rows it created before the restore.
 * Before, such a counter's card issued before its first sync was refused when another counter issued the number just
 * after it, and the customer lost the card.
 */
async function backdatedTakings(tx: Tx, numbered: readonly OutgoingChange[], deviceId: string): Promise<Set<string>> {
  const floor = await floorOf(tx, deviceId);
  const lowest = floor === null ? null : formatStamp(parseStamp(floor).millis - MAX_DRIFT_MS, 0, '');
  const below = lowest === null ? [] : numbered.filter((c) => c.hlc < lowest && typeof c.data.card_no === 'string');
  if (below.length === 0) return new Set();
  const claims = await claimsOf(tx, await rowsWithValue(tx, 'cards', 'card_no', new Set(below.map((c) => c.data.card_no as string))));
  const taken = (c: OutgoingChange) => [...claims].some(([id, other]) => id !== c.rowId && other.cardNo === c.data.card_no && other.claim > c.hlc);
  return new Set(below.filter(taken).map((c) => c.hlc));
}

/** Each card's number as the server holds it and the stamp that wrote it. */
async function claimsOf(tx: Tx, cardIds: ReadonlySet<string>): Promise<Map<string, Claim>> {
  const wanted = sql`(SELECT jsonb_array_elements_text(${JSON.stringify([...cardIds])}::jsonb))`;
  const writes = await rows<{ row_id: string; card_no: string | null; hlc: string }>(
    tx,
    sql`SELECT row_id, value #>> '{}' AS card_no, hlc FROM row_fields
        WHERE table_name = 'cards' AND "column" = 'card_no' AND row_id IN ${wanted}
        UNION ALL SELECT row_id, data ->> 'card_no', hlc FROM changes
        WHERE table_name = 'cards' AND row_id IN ${wanted} AND data ->> 'card_no' IS NOT NULL`,
  );
  const out = new Map<string, Claim>();
  for (const w of writes) {
    const held = out.get(w.row_id);
    if (typeof w.card_no === 'string' && (!held || held.claim < w.hlc)) out.set(w.row_id, { cardNo: w.card_no, claim: w.hlc });
  }
  return out;
}
