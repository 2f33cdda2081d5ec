export { earnForPurchase, earnPoints, reversePurchasePoints, type PurchaseLine } from './earn';
export { redeemPoints, type RedeemInput } from './redeem';
export { expirePoints } from './expire';
export { adjustPoints, type AdjustInput } from './adjust';
export { pointsBalance, pointsStatement, type PointsBalance, type StatementLine } from './reads';
export { verifyBalances, rebuildBalances, flaggedBalances, recomputeBalancesOfEvents } from './balances';
export { setRule, listRules, ruleOn, pointsFor, expiryDay, type LoyaltyRule, type RuleInput } from './rules';
export { ledgerEventId } from './eventIds';
