import type { CustomerTier } from './loyaltyTiers';

/** A customer's points as the counter shows them (issue 17 point 9). */
export interface LoyaltySummary {
  customerId: string;
  balance: number;
  available: number;
  expiringSoon: number;
  flagged: boolean;
  tier: CustomerTier;
}

export interface StatementLineView {
  id: string;
  kind: string;
  points: number;
  occurredAt: string;
  expiresOn: string | null;
  invoiceNo: string | null;
  reason: string | null;
  provisional: boolean;
  balanceAfter: number;
}

/**
 * A redemption at the counter: its statement line and how it was judged. `checkedWithServer`: the server's ledger
 * was read just before (the event is not provisional); otherwise the server was out of reach and the offline rule
 * applied (provisional, within the offline limit).
 */
export interface RedemptionView extends StatementLineView {
  checkedWithServer: boolean;
  /** The server's balance before this redemption; null when it was not asked. */
  serverBalance: number | null;
}

export interface FlaggedBalanceView {
  customerId: string;
  fullName: string;
  balance: number;
  /** The customer's active cards. */
  cardNos: string[];
  /** Points redeemed offline (provisional) behind the negative balance, and the outlets that redeemed them. */
  provisionalPoints: number;
  outlets: string[];
  lastEventAt: string | null;
}
