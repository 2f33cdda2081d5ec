import type { CallName, CallOutput, ParsedInput } from '../../../shared/contract';
import type { StatementLineView } from '../../../shared/loyalty';
import type { DeviceSession } from '../auth/deviceSession';
import type { Store } from '../store/store';
import { cardState, replaceCard } from './cards/cardLife';
import { flaggedBalances } from './balances';
import type { LedgerEvent } from './ledger';
import { pointsBalance, pointsStatement } from './reads';
import { redeemPoints } from './redeem';
import { customerTier } from './tiers/read';

type LoyaltyCall = Extract<CallName, `loyalty.${string}`>;

function lineOf(e: LedgerEvent & { balanceAfter?: number }, balanceAfter = e.balanceAfter ?? 0): StatementLineView {
  return {
    id: e.id,
    kind: e.kind,
    points: e.points,
    occurredAt: e.occurredAt,
    expiresOn: e.expiresOn,
    invoiceNo: e.invoiceNo,
    reason: e.reason,
    provisional: e.provisional,
    balanceAfter,
  };
}

/**
 * Loyalty's contract calls. The screen's redemption is the offline one (provisional, within the offline limit):
 * the server check (redeemChecked) needs the sync engine, which lives outside the core's handlers.
 */
export function createLoyaltyHandlers(store: Store, session: DeviceSession): { [K in LoyaltyCall]: (input: ParsedInput<K>) => CallOutput<K> } {
  return {
    'loyalty.summary': ({ customerId }) => {
      const b = pointsBalance(store, customerId);
      return { customerId, balance: b.balance, available: b.available, expiringSoon: b.expiringSoon, flagged: b.flagged, tier: customerTier(store, customerId) };
    },
    'loyalty.statement': ({ customerId, offset, limit }) => pointsStatement(store, customerId, { offset, limit }).map((l) => lineOf(l)),
    'loyalty.redeem': ({ customerId, points, key }) => {
      const event = redeemPoints(store, { customerId, points, key, online: false });
      return lineOf(event, pointsBalance(store, customerId).balance);
    },
    'loyalty.cardStatus': ({ cardNo }) => cardState(store, cardNo),
    'loyalty.flagged': () => {
      const name = store.sqlite.prepare('SELECT full_name FROM customers WHERE id = ?').pluck();
      return flaggedBalances(store).map((f) => ({ ...f, fullName: (name.get(f.customerId) as string | undefined) ?? '' }));
    },
    'loyalty.replaceCard': ({ cardNo, newCardNo, reason }) => replaceCard(store, session.current(), { cardNo, newCardNo, reason }),
  };
}
