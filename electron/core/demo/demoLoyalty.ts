import { loyaltyRules } from '../../../db/schema/loyalty';
import { loyaltyTiers } from '../../../db/schema/tiers';
import type { Session } from '../auth/roles';
import { newId } from '../ids';
import { sources } from '../loyalty/eventIds';
import { appendEvent } from '../loyalty/ledger';
import { earnForPurchase } from '../loyalty/earn';
import { blockCard, replaceCard } from '../loyalty/cards/cardLife';
import { recomputeTiers } from '../loyalty/tiers/pass';
import type { Store } from '../store/store';
import { transact } from '../store/writer';

/** The demo's programme runs from a year back, so its customers have points, tiers and a history to show. */
const DEMO_SESSION: Session = { staffId: 'demo', name: 'Demo', role: 'admin', outletId: null };

export const DEMO_TIERS = [
  { code: 'silver', name: 'Silver', minSpend: 2_000_000, discountPercent: 2, birthdayGift: null, complaintResponseHours: null, complaintResolutionDays: null },
  { code: 'gold', name: 'Gold', minSpend: 8_000_000, discountPercent: 5, birthdayGift: 'Voucher Rp 100.000', complaintResponseHours: 4, complaintResolutionDays: 3 },
  { code: 'platinum', name: 'Platinum', minSpend: 20_000_000, discountPercent: 10, birthdayGift: 'Voucher Rp 250.000', complaintResponseHours: 2, complaintResolutionDays: 2 },
];

/**
 * Loyalty on the demo store (issue 17): the programme and tiers written from a year back (a demo seed, not a
 * manager's backdating: setRule refuses that), points earned for the last year's purchases, tiers computed, one
 * balance overdrawn by two outlets apart (flagged), one lost card replaced and one card blocked.
 */
export function seedDemoLoyalty(store: Store): { earned: number; flaggedCustomerId: string | null; replacedCard: string | null; blockedCard: string | null } {
  const now = store.now();
  const yearAgo = new Date(now.getTime() - 365 * 86_400_000).toISOString().slice(0, 10);
  let earned = 0;
  transact(store, (w) => {
    w.insert(loyaltyRules, {
      id: newId(),
      kind: 'base',
      validFrom: yearAgo,
      validTo: null,
      rupiahPerPoint: 10_000,
      minPurchase: 50_000,
      rounding: 'floor',
      pointValue: 100,
      validityMonths: 12,
      offlineRedeemLimit: 200,
      earnAndRedeemSameSale: false,
    });
    w.insert(loyaltyTiers, { id: newId(), validFrom: yearAgo, validTo: null, graceDays: 30, levels: JSON.stringify(DEMO_TIERS) });
    const recent = store.sqlite
      .prepare(`SELECT id, customer_id AS customerId, invoice_no AS invoiceNo, outlet_id AS outletId, purchased_at AS purchasedAt, amount FROM purchases WHERE purchased_at >= ? AND deleted_at IS NULL`)
      .all(yearAgo) as { id: string; customerId: string; invoiceNo: string | null; outletId: string | null; purchasedAt: string; amount: number }[];
    for (const p of recent) if (earnForPurchase(store, w, p)) earned++;
  });
  recomputeTiers(store);
  const withPoints = store.sqlite
    .prepare(
      `SELECT b.customer_id AS id, b.balance, (SELECT card_no FROM cards k WHERE k.customer_id = b.customer_id AND k.status = 'active' AND k.deleted_at IS NULL ORDER BY issued_at LIMIT 1) AS cardNo
         FROM points_balances b JOIN customers c ON c.id = b.customer_id WHERE c.deleted_at IS NULL AND b.balance > 20 ORDER BY b.balance DESC, b.customer_id LIMIT 3`,
    )
    .all() as { id: string; balance: number; cardNo: string | null }[];
  let flaggedCustomerId: string | null = null;
  const flagged = withPoints[2];
  if (flagged) {
    // Two outlets redeemed the same points while apart: the second redemption overdraws by 15.
    transact(store, (w) => {
      for (const [n, points] of [
        [1, flagged.balance - 10],
        [2, 25],
      ] as const)
        appendEvent(store, w, {
          source: sources.redeem(`demo-overdraw-${n}`),
          kind: 'redeem',
          customerId: flagged.id,
          points: -points,
          occurredAt: new Date(now.getTime() - (3 - n) * 3_600_000).toISOString(),
          outletId: store.outletId,
          staffId: 'Demo',
          provisional: true,
        });
    });
    flaggedCustomerId = flagged.id;
  }
  let replacedCard: string | null = null;
  const lost = withPoints[0];
  if (lost?.cardNo) {
    replaceCard(store, DEMO_SESSION, { cardNo: lost.cardNo, newCardNo: `${lost.cardNo.slice(0, 24)}R`, reason: 'hilang' });
    replacedCard = lost.cardNo;
  }
  let blockedCard: string | null = null;
  const misused = withPoints[1];
  if (misused?.cardNo) {
    blockCard(store, DEMO_SESSION, { cardNo: misused.cardNo, reason: 'dipakai orang lain' });
    blockedCard = misused.cardNo;
  }
  return { earned, flaggedCustomerId, replacedCard, blockedCard };
}
