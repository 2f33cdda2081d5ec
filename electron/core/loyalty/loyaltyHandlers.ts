import type { AsyncCallName, CallName, CallOutput, ParsedInput } from '../../../shared/contract';
import type { StatementLineView } from '../../../shared/loyalty';
import type { DeviceSession } from '../auth/deviceSession';
import type { Store } from '../store/store';
import { cardState, replaceCard } from './cards/cardLife';
import { flaggedBalanceList } from './balances';
import { listRules, setRule, type LoyaltyRule } from './rules';
import { listTierProgrammes, setTiers } from './tiers/programme';
import type { LoyaltyRuleView } from '../../../shared/loyaltyRules';
import type { LedgerEvent } from './ledger';
import { pointsBalance, pointsStatement } from './reads';
import { redeemChecked } from './redeemChecked';
import { syncEngineOf } from '../sync/backgroundSync';
import { customerTier } from './tiers/read';
import { deviceToday } from './ledgerDays';

function ruleView(r: LoyaltyRule): LoyaltyRuleView {
  return {
    id: r.id,
    validFrom: r.validFrom,
    validTo: r.validTo,
    rupiahPerPoint: r.rupiahPerPoint,
    minPurchase: r.minPurchase,
    rounding: r.rounding,
    pointValue: r.pointValue,
    validityMonths: r.validityMonths,
    offlineRedeemLimit: r.offlineRedeemLimit,
    earnAndRedeemSameSale: r.earnAndRedeemSameSale,
    multipliers: r.multipliers,
    promotions: r.promotions,
  };
}

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
 * Loyalty's contract calls. The screen's redemption is checked against the server's ledger through the background
 * sync engine where one runs (Electron main, the web harness: `startBackgroundSync`) and the server answers;
 * otherwise it is the offline one (provisional, within the offline limit).
 */
export function createLoyaltyHandlers(
  store: Store,
  session: DeviceSession,
): { [K in LoyaltyCall]: (input: ParsedInput<K>) => K extends AsyncCallName ? Promise<CallOutput<K>> : CallOutput<K> } {
  return {
    'loyalty.summary': ({ customerId }) => {
      const b = pointsBalance(store, customerId);
      return { customerId, balance: b.balance, available: b.available, expiringSoon: b.expiringSoon, flagged: b.flagged, tier: customerTier(store, customerId) };
    },
    'loyalty.statement': ({ customerId, offset, limit }) => pointsStatement(store, customerId, { offset, limit }),
    'loyalty.redeem': async ({ customerId, points, key }) => {
      // While the background engine knows the server is out of reach (it retries with backoff), the counter does
      // not wait for a request to time out again: the offline redemption at once.
      const engine = syncEngineOf(store);
      const { event, serverBalance } = await redeemChecked(store, engine?.status().reachable === false ? null : engine, { customerId, points, key });
      return { ...lineOf(event, pointsBalance(store, customerId).balance), checkedWithServer: !event.provisional, serverBalance };
    },
    'loyalty.cardStatus': ({ cardNo }) => cardState(store, cardNo),
    'loyalty.flagged': () => flaggedBalanceList(store),
    'loyalty.replaceCard': ({ cardNo, newCardNo, reason }) => replaceCard(store, session.current(), { cardNo, newCardNo, reason }),
    'loyalty.rules': () => listRules(store).map(ruleView),
    'loyalty.setRule': ({ rule }) => ruleView(setRule(store, session.current(), rule)),
    'loyalty.tierProgrammes': () => listTierProgrammes(store),
    'loyalty.setTiers': ({ programme }) => setTiers(store, session.current(), programme),
    'loyalty.today': () => deviceToday(store),
  };
}
