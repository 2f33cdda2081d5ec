import { z } from 'zod';
import { hasVisibleLetter, withoutInvisibles } from './text';
import { parseAmount } from './amount';
import { consentPurposes } from './privacy';

/** Zod messages are message keys; the UI translates them. */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: 'error.too_long' })
    .optional()
    .nullable()
    .transform((v) => (v ? v : null));

/** A real calendar day: 1990-13-45 has the right shape but is no date. */
const isCalendarDay = (value: string) => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};

/**
 * A person's name: invisible characters removed (so the stored name is the one people type), then it must hold a
 * visible letter — a name of zero-width characters alone is refused with its own message.
 */
export const personName = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { error: 'error.name_required', abort: true })
    .refine(hasVisibleLetter, { error: 'error.name_no_letters', abort: true })
    .overwrite((name) => withoutInvisibles(name).trim())
    .max(max, { error: 'error.too_long' });

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'error.date_invalid' }).refine(isCalendarDay, { error: 'error.date_invalid' });

export const customerDraftSchema = z.object({
  fullName: personName(120),
  phone: z.string().trim().min(1, { error: 'error.phone_required' }).max(40, { error: 'error.too_long' }),
  cardNo: z.string().trim().min(1, { error: 'error.card_required' }).max(40, { error: 'error.too_long' }),
  birthDate: isoDate.optional().nullable().or(z.literal('').transform(() => null)),
  gender: z.enum(['M', 'F']).optional().nullable(),
  nik: optionalText(32),
  email: optionalText(120).pipe(z.email({ error: 'error.email_invalid' }).nullable()),
  address: optionalText(300),
  city: optionalText(80),
  notes: optionalText(2000),
  consentMarketing: z.boolean().default(false),
  /**
   * The marketing purposes the customer agreed to, one by one (UU PDP). When given, every purpose is recorded as
   * granted or refused at registration and `consentMarketing` follows it; without it the single flag stands for all.
   */
  consentPurposes: z.array(z.enum(consentPurposes, { error: 'error.consent_purpose_unknown' })).max(consentPurposes.length).optional(),
  mainProduct: optionalText(120),
  invoiceNo: optionalText(60),
  // The amount as typed at the booth (`Rp 1.250.000`) or as a number: checked here with every other field.
  amount: z.preprocess(
    (v) => (typeof v === 'string' ? (parseAmount(v) === 'invalid' ? v : parseAmount(v)) : v),
    z.number({ error: 'error.amount_invalid' }).int({ error: 'error.amount_invalid' }).nonnegative({ error: 'error.amount_invalid' }).max(1e12, { error: 'error.amount_invalid' }).optional().nullable(),
  ),
});
/** The amount is checked by a preprocess (input type unknown to zod): a number, or the text the booth typed. */
export type CustomerDraftInput = Omit<z.input<typeof customerDraftSchema>, 'amount'> & { amount?: number | string | null };
export type CustomerDraft = z.output<typeof customerDraftSchema>;

export const customerPatchSchema = customerDraftSchema
  .pick({ fullName: true, birthDate: true, gender: true, nik: true, email: true, address: true, city: true, notes: true, consentMarketing: true })
  .partial()
  // The draft defaults consent to false; a patch that does not mention consent must leave it as it is.
  .extend({ consentMarketing: z.boolean().optional() });
export type CustomerPatch = z.output<typeof customerPatchSchema>;

export const purchaseInputSchema = z.object({
  customerId: z.string().min(1),
  invoiceNo: optionalText(60),
  purchasedAt: z.string().min(10, { error: 'error.date_invalid' }),
  amount: z.number().int({ error: 'error.amount_invalid' }).nonnegative({ error: 'error.amount_invalid' }).max(1e12),
  mainProduct: optionalText(120),
});
export type PurchaseInput = z.output<typeof purchaseInputSchema>;
