import { z } from 'zod';

/** Purposes a customer can consent to, one by one (UU PDP: consent is per purpose). */
export const consentPurposes = ['marketing_whatsapp', 'marketing_sms', 'marketing_email', 'marketing_phone'] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];

export interface ConsentRecord {
  purpose: ConsentPurpose;
  granted: boolean;
  at: string;
  staffName: string | null;
  outletCode: string | null;
  source: string;
}

export interface ConsentState {
  customerId: string;
  /** The current answer per purpose; null when never asked. */
  current: Record<ConsentPurpose, { granted: boolean; at: string | null; staffName: string | null } | null>;
  /** Every grant and withdrawal, newest first. */
  history: ConsentRecord[];
}

export interface MarketingContact {
  customerId: string;
  fullName: string;
  phone: string | null;
  email: string | null;
}

/** A customer's access request: every row the store holds about them, table by table. */
export interface CustomerDataExport {
  customerId: string;
  exportedAt: string;
  exportedBy: string | null;
  tables: Record<string, Record<string, unknown>[]>;
  /** The same data as a JSON file in the data folder's exports/, to hand to the customer. */
  file: string;
}

export interface ErasureSummary {
  customerId: string;
  pseudonym: string;
  erasedAt: string;
  /** Purchases kept (pseudonymised) so the outlet's totals stay right. */
  purchasesKept: number;
  purchaseTotal: number;
}

export const consentInputSchema = z.object({
  customerId: z.string().min(1).max(64),
  purpose: z.enum(consentPurposes, { error: 'error.consent_purpose_unknown' }),
  granted: z.boolean(),
  source: z.enum(['counter', 'registration', 'written_request', 'phone_call']).default('counter'),
});

export const eraseInputSchema = z.object({
  customerId: z.string().min(1).max(64),
  /** The staff types the customer's name back: erasure is irreversible. */
  confirmName: z.string().max(200),
  reason: z.string().max(500).optional(),
});
