import { interactions } from '../../../../db/schema/care';
import {
  interactionInputSchema,
  type Interaction,
  type InteractionChannel,
  type InteractionDirection,
  type InteractionInput,
} from '../../../../shared/care';
import { AkrabError } from '../../../../shared/errors';
import { newId } from '../../ids';
import type { Store } from '../../store/store';
import { transact, type Writer } from '../../store/writer';
import { outletCodes, requireCustomerRow, prepared } from '../careReads';
import { parseOrThrow } from '../settings/careSettings';
import { closeFollowUpIn, requireFollowUpRow } from '../followUps/followUps';

/** Visits and in-store consultations come to us; calls, messages and after-sales visits go out. */
const defaultDirection: Record<InteractionChannel, InteractionDirection> = {
  visit: 'in',
  consultation: 'in',
  phone: 'out',
  whatsapp: 'out',
  sms: 'out',
  email: 'out',
  after_sales: 'out',
  note: 'out',
};

/** A logged contact may be back-dated (logged after the call), never dated in the future beyond clock skew. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** Logs one contact with a customer; with a follow-up id, also marks that follow-up done in the same transaction. */
export function logInteraction(store: Store, input: InteractionInput | unknown): Interaction {
  const i = parseOrThrow(interactionInputSchema, input);
  requireCustomerRow(store, i.customerId);
  const now = store.now();
  const at = i.at ? new Date(i.at) : now;
  if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS)
    throw new AkrabError({ code: 'validation', field: 'at', messageKey: 'error.date_in_future' });
  const followUp = i.followUpId ? requireFollowUpRow(store, i.followUpId) : null;
  if (followUp && followUp.customer_id !== i.customerId)
    throw new AkrabError({ code: 'validation', field: 'followUpId', messageKey: 'error.follow_up_other_customer' });
  const id = newId();
  transact(store, (w) => {
    insertInteraction(store, w, {
      id,
      customerId: i.customerId,
      channel: i.channel,
      direction: i.direction ?? defaultDirection[i.channel],
      at: at.toISOString(),
      note: i.note,
      outcome: i.outcome,
      followUpId: i.followUpId ?? null,
    });
    if (followUp) closeFollowUpIn(store, w, followUp, 'done', i.note);
  });
  return readInteraction(store, id)!;
}

export interface InteractionRow {
  id: string;
  customerId: string;
  channel: InteractionChannel;
  direction: InteractionDirection;
  at: string;
  note: string | null;
  outcome: Interaction['outcome'];
  followUpId: string | null;
  outletId?: string | null;
  staff?: string | null;
}

/** The insert, for callers that hold a transaction (completing a follow-up, the bench's bulk load). */
export function insertInteraction(store: Store, w: Writer, row: InteractionRow): void {
  w.insert(interactions, { outletId: store.outletId, staff: store.staff, ...row });
}

export function readInteraction(store: Store, id: string): Interaction | null {
  const r = prepared(store, 'SELECT * FROM interactions WHERE id = ? AND deleted_at IS NULL').get(id) as
    Record<string, string | null> | undefined;
  if (!r) return null;
  const codes = outletCodes(store);
  return {
    id: r.id!,
    customerId: r.customer_id!,
    outletCode: r.outlet_id ? (codes.get(r.outlet_id) ?? null) : null,
    staff: r.staff ?? null,
    channel: r.channel as InteractionChannel,
    direction: r.direction as InteractionDirection,
    at: r.at!,
    note: r.note ?? null,
    outcome: (r.outcome as Interaction['outcome']) ?? null,
  };
}
