import { deviceToday } from './ledgerDays';
import { audit } from '../auth/auditLog';
import { roleRank, type Session } from '../auth/roles';
import type { Store } from '../store/store';
import { transact } from '../store/writer';
import { loyaltyErrors } from './errors';
import { sources } from './eventIds';
import { appendEvent, lotStateOf, nextLocalSeq, requireCustomer, type LedgerEvent } from './ledger';
import { availableOn } from './lots';
import { expiryDay, ruleOn } from './rules';

export interface AdjustInput {
  customerId: string;
  /** Signed whole points: positive credits, negative debits. */
  points: unknown;
  reason?: string | null;
}

/**
 * A manual correction: only with a reason and a manager (staff crediting their own cards is the classic loyalty
 * fraud), audited, and signed by the manager's session so the server accepts it (writeRules.ts: ledger).
 * A credit is a lot valid as long as earned points are; a debit cannot take more than is available.
 */
export function adjustPoints(store: Store, manager: Session | null, input: AdjustInput): LedgerEvent {
  const points = input.points;
  if (typeof points !== 'number' || !Number.isFinite(points) || points === 0) throw loyaltyErrors.pointsNotPositiveInteger();
  if (!Number.isInteger(points)) throw loyaltyErrors.pointsNotInteger();
  const reason = input.reason?.trim();
  if (!reason) throw loyaltyErrors.reasonRequired();
  if (!manager || roleRank[manager.role] < roleRank.manager) throw loyaltyErrors.managerRequired();
  const customerId = requireCustomer(store, input.customerId);
  const now = store.now().toISOString();
  const today = deviceToday(store);
  const rule = ruleOn(store, today);
  return transact(store, (w) => {
    if (points < 0) {
      const available = availableOn(lotStateOf(store, customerId), today);
      if (-points > available) throw loyaltyErrors.beyondBalance(Math.max(0, available));
    }
    const { event } = appendEvent(store, w, {
      source: sources.adjust(store.deviceId, nextLocalSeq(store)),
      kind: 'adjust',
      customerId,
      points,
      occurredAt: now,
      expiresOn: points > 0 && rule ? expiryDay(today, rule.validityMonths) : null,
      outletId: store.outletId,
      staffId: store.staff,
      approvedBy: manager.staffId,
      reason,
      ruleId: rule?.id ?? null,
    });
    audit(store, manager, { action: 'loyalty.adjust', customerId, details: { eventId: event.id, points, reason } });
    return event;
  });
}
