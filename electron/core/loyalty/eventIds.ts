import { createHash } from 'node:crypto';

/**
 * A ledger event's id is derived from its source, never drawn at random: the same purchase line earned at the
 * counter and again by an import, a retried call or a re-delivered sync change all name one row, counted once.
 */
export function ledgerEventId(source: string): string {
  return 'pl_' + createHash('sha256').update(source).digest('hex').slice(0, 32);
}

/** Invoice numbers as typed at counters and in legacy files differ in case and spaces only. */
export function normalizeInvoiceNo(invoiceNo: string): string {
  return invoiceNo.trim().replace(/\s+/g, '').toUpperCase();
}

export const sources = {
  /**
   * One earn per invoice line of an outlet, whatever path the purchase came by (outlets number their invoices
   * each on their own: INV-5 at two outlets is two sales). By the outlet's code, which every device and a legacy
   * file name alike; a purchase of no known outlet keeps the invoice alone (the form every earn had before), and
   * one without invoice earns per purchase row.
   */
  earn: (invoiceNo: string | null, line: number, purchaseId: string, outletCode: string | null = null) =>
    invoiceNo
      ? outletCode
        ? `earn@${outletCode}:${normalizeInvoiceNo(invoiceNo)}:${line}`
        : `earn:${normalizeInvoiceNo(invoiceNo)}:${line}`
      : `earn:purchase:${purchaseId}`,
  reverse: (earnSource: string) => `reverse:${earnSource}`,
  /** With the caller's key (the sale's invoice, a request id) a retried redemption is the same event. */
  redeem: (key: string) => `redeem:${key}`,
  redeemLocal: (deviceId: string, seq: number) => `redeem:${deviceId}:${seq}`,
  expire: (lotId: string) => `expire:${lotId}`,
  /** The n-th correction of an expiry (n = corrections of it already in the ledger): devices that see the same ledger write the same one. */
  expireFix: (expireId: string, n: number) => `expire_fix:${expireId}:${n}`,
  adjust: (deviceId: string, seq: number) => `adjust:${deviceId}:${seq}`,
  /** A merge's move of one lot of a merged customer (`out` of them, `in` to the survivor); an unmerge's undoing is `un` + it. */
  transfer: (mergeId: string, direction: 'out' | 'in', customerId: string, lot: string) => `transfer:${mergeId}:${direction}:${customerId}:${lot}`,
};

/** What a transfer's source says: its merge, direction and merged customer, and whether it undoes the transfer (an unmerge's). */
export interface TransferSource {
  mergeId: string;
  direction: 'out' | 'in';
  customerId: string;
  lot: string;
  undo: boolean;
}

export function transferOfSource(source: string): TransferSource | null {
  const match = /^(un)?transfer:([^:]+):(out|in):([^:]+):(.*)$/.exec(source);
  if (!match) return null;
  return { undo: match[1] === 'un', mergeId: match[2]!, direction: match[3] as 'out' | 'in', customerId: match[4]!, lot: match[5]! };
}

/** What a correction's source says: the expiry it corrects and how many corrections of it came before. */
export function expireFixOfSource(source: string): { expireId: string; n: number } | null {
  const match = /^expire_fix:([^:]+):(\d+)$/.exec(source);
  return match ? { expireId: match[1]!, n: Number(match[2]) } : null;
}

/** What an earn's source says: the invoice line (with its outlet's code, or none: the spelling before outlet codes), or the purchase without an invoice. */
export type EarnSource = { invoiceNo: string; line: number; outletCode: string | null } | { purchaseId: string };

export function earnOfSource(source: string): EarnSource | null {
  if (source.startsWith('earn:purchase:')) {
    const purchaseId = source.slice('earn:purchase:'.length);
    return purchaseId ? { purchaseId } : null;
  }
  const match = /^earn(?:@([^:]+))?:(.+):(\d+)$/.exec(source);
  return match ? { outletCode: match[1] ?? null, invoiceNo: match[2]!, line: Number(match[3]) } : null;
}
