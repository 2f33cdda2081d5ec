import { cards } from '../../../../db/schema/cards';
import { cardEvents } from '../../../../db/schema/cardLife';
import type { CardEventRow, CardState } from '../../../../shared/cardLife';
import { isValidCardNo, normalizeCardNo } from '../../../../shared/card';
import { validationError } from '../../../../shared/errors';
import type { CardStatus } from '../../../../shared/types';
import { audit } from '../../auth/auditLog';
import { roleRank, type Session } from '../../auth/roles';
import { cardTaken } from '../../customers/registerCustomer';
import { customerQueries } from '../../customers/readModel';
import { newId } from '../../ids';
import type { Store } from '../../store/store';
import { transact, type Writer } from '../../store/writer';
import { loyaltyErrors } from '../errors';
import { prepared } from '../statements';

export interface CardRow {
  id: string;
  cardNo: string;
  status: CardStatus;
  customerId: string;
}

export function cardRow(store: Store, rawCardNo: string): CardRow {
  const cardNo = normalizeCardNo(String(rawCardNo ?? ''));
  const row = prepared(
    store,
    `SELECT k.id, k.card_no AS cardNo, k.status, k.customer_id AS customerId FROM cards k JOIN customers c ON c.id = k.customer_id
       WHERE k.card_no = ? AND k.deleted_at IS NULL AND c.deleted_at IS NULL`,
  ).get(cardNo) as CardRow | undefined;
  if (!row) throw loyaltyErrors.unknownCard(cardNo);
  return row;
}

function requireManager(session: Session | null): Session {
  if (!session || roleRank[session.role] < roleRank.manager) throw loyaltyErrors.managerRequired();
  return session;
}

function requireReason(reason: unknown): string {
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (!text) throw loyaltyErrors.reasonRequired();
  if (text.length > 200) throw validationError('reason', 'error.too_long');
  return text;
}

function writeEvent(
  store: Store,
  w: Writer,
  session: Session,
  card: CardRow,
  kind: CardEventRow['kind'],
  reason: string,
  extra: { replacementCardId?: string; clusterId?: string } = {},
): void {
  w.insert(cardEvents, {
    id: newId(),
    cardId: card.id,
    customerId: card.customerId,
    kind,
    reason,
    replacementCardId: extra.replacementCardId ?? null,
    clusterId: extra.clusterId ?? null,
    at: w.nowIso,
    staffId: session.staffId,
    outletId: store.outletId,
  });
}

/**
 * A lost card is replaced: the old number is blocked (status `lost`) and a new card is issued to the same
 * customer, whose points and tier, kept by customer, stay with them. One transaction; a manager signs it.
 */
export function replaceCard(store: Store, manager: Session | null, input: { cardNo: string; newCardNo: string; reason?: string }): CardState {
  requireManager(manager);
  const reason = requireReason(input.reason ?? 'lost');
  const old = cardRow(store, input.cardNo);
  if (old.status !== 'active') throw blockedError(store, old.cardNo);
  const newCardNo = normalizeCardNo(String(input.newCardNo ?? ''));
  if (!isValidCardNo(newCardNo)) throw validationError('newCardNo', 'error.card_invalid');
  transact(store, (w) => {
    if (customerQueries(store).cardNumberUsed.get(newCardNo)) throw cardTaken(store, newCardNo);
    const replacementId = newId();
    w.insert(cards, {
      id: replacementId,
      customerId: old.customerId,
      cardNo: newCardNo,
      status: 'active',
      issuedAt: w.nowIso,
      issuedOutletId: store.outletId,
      issuedByStaff: store.staff,
    });
    w.update(cards, old.id, { status: 'lost' });
    writeEvent(store, w, manager!, old, 'replaced', reason, { replacementCardId: replacementId });
    audit(store, manager, { action: 'loyalty.card_replace', customerId: old.customerId, details: { cardNo: old.cardNo, newCardNo, reason } });
  });
  return cardState(store, old.cardNo);
}

/** A manager blocks a card with a reason (a card-farming cluster's extra cards, a misused card). */
export function blockCard(store: Store, manager: Session | null, input: { cardNo: string; reason?: string; clusterId?: string }): CardState {
  requireManager(manager);
  const card = cardRow(store, input.cardNo);
  if (card.status !== 'active') throw blockedError(store, card.cardNo);
  const reason = requireReason(input.reason);
  transact(store, (w) => blockInside(store, w, manager!, card, reason, input.clusterId));
  return cardState(store, card.cardNo);
}

export function blockInside(store: Store, w: Writer, manager: Session, card: CardRow, reason: string, clusterId?: string): void {
  w.update(cards, card.id, { status: 'blocked' });
  writeEvent(store, w, manager, card, 'blocked', reason, { clusterId });
  audit(store, manager, { action: 'loyalty.card_block', customerId: card.customerId, details: { cardNo: card.cardNo, reason, ...(clusterId && { clusterId }) } });
}

/** A blocked card is unblocked with a reason. A lost card stays lost: its replacement is the customer's card now. */
export function unblockCard(store: Store, manager: Session | null, input: { cardNo: string; reason?: string }): CardState {
  requireManager(manager);
  const reason = requireReason(input.reason);
  const card = cardRow(store, input.cardNo);
  if (card.status === 'lost') throw blockedError(store, card.cardNo);
  if (card.status !== 'blocked') throw loyaltyErrors.cardNotBlocked(card.cardNo);
  transact(store, (w) => {
    w.update(cards, card.id, { status: 'active' });
    writeEvent(store, w, manager!, card, 'unblocked', reason);
    audit(store, manager, { action: 'loyalty.card_unblock', customerId: card.customerId, details: { cardNo: card.cardNo, reason } });
  });
  return cardState(store, card.cardNo);
}

/** Where a card stands: its customer, and for a blocked or lost card why, since when and the replacement's number. */
export function cardState(store: Store, rawCardNo: string): CardState {
  const card = cardRow(store, rawCardNo);
  const name = prepared(store, 'SELECT full_name FROM customers WHERE id = ?').pluck().get(card.customerId) as string;
  const last =
    card.status === 'active'
      ? undefined
      : (prepared(
          store,
          `SELECT e.reason, e.at, e.staff_id AS staffId, r.card_no AS replacedBy FROM card_events e LEFT JOIN cards r ON r.id = e.replacement_card_id
             WHERE e.card_id = ? AND e.kind IN ('replaced', 'blocked') AND e.deleted_at IS NULL ORDER BY e.at DESC, e.id DESC LIMIT 1`,
        ).get(card.id) as { reason: string; at: string; staffId: string | null; replacedBy: string | null } | undefined);
  return {
    cardNo: card.cardNo,
    status: card.status,
    customerId: card.customerId,
    customerName: name,
    reason: last?.reason ?? null,
    since: last?.at ?? null,
    byStaff: last?.staffId ?? null,
    replacedBy: last?.replacedBy ?? null,
  };
}

/** The history of a card (newest first). */
export function cardHistory(store: Store, rawCardNo: string): CardEventRow[] {
  const card = cardRow(store, rawCardNo);
  return prepared(
    store,
    `SELECT e.kind, e.reason, e.at, e.staff_id AS staffId, r.card_no AS replacementCardNo FROM card_events e LEFT JOIN cards r ON r.id = e.replacement_card_id
       WHERE e.card_id = ? AND e.deleted_at IS NULL ORDER BY e.at DESC, e.id DESC`,
  ).all(card.id) as CardEventRow[];
}

function blockedError(store: Store, cardNo: string) {
  const state = cardState(store, cardNo);
  return loyaltyErrors.cardBlocked(state.cardNo, state.reason ?? state.status, state.replacedBy);
}

/** A card that may earn and redeem; a blocked or lost one gets its specific error (why, and the replacement). */
export function requireActiveCard(store: Store, rawCardNo: string): CardState {
  const state = cardState(store, rawCardNo);
  if (state.status !== 'active') throw loyaltyErrors.cardBlocked(state.cardNo, state.reason ?? state.status, state.replacedBy);
  return state;
}
