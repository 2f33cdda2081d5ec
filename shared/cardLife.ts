import type { CardStatus } from './types';

/** Where a member card stands and why (issue 17 point 6): what the counter shows when a card is scanned. */
export interface CardState {
  cardNo: string;
  status: CardStatus;
  customerId: string;
  customerName: string;
  /** The last replacement or block: its reason, when, by whom. Null for a card never blocked. */
  reason: string | null;
  since: string | null;
  byStaff: string | null;
  /** A lost card's replacement: the number the customer carries now. */
  replacedBy: string | null;
}

export interface CardEventRow {
  kind: 'replaced' | 'blocked' | 'unblocked';
  reason: string;
  at: string;
  staffId: string | null;
  replacementCardNo: string | null;
}
