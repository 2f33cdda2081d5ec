import { z } from 'zod';
import { isoDate } from './schemas';

export const roundingModes = ['floor', 'round', 'ceil'] as const;

// A day that exists: `2026-02-30` is not "in the past" but no day at all.
const day = isoDate;
const wholeRupiah = z.number().int({ error: 'error.amount_invalid' }).nonnegative({ error: 'error.amount_invalid' });
/** A multiplier of the points a purchase earns: 2 doubles them, 1.5 adds half; two decimals at most. */
const factor = z
  .number({ error: 'error.loyalty.factor_invalid' })
  .min(0.1, { error: 'error.loyalty.factor_invalid' })
  .max(10, { error: 'error.loyalty.factor_invalid' })
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-9, { error: 'error.loyalty.factor_invalid' });

/** Points of purchases of a product (the purchase's main product, compared without case) are multiplied. */
export const productMultiplierSchema = z.object({
  product: z.string().trim().min(1, { error: 'error.loyalty.product_required' }).max(120, { error: 'error.too_long' }),
  factor,
});

/** A promotion multiplies the points of purchases on its days (from and until, both inclusive), at one outlet or all. */
export const promotionSchema = z.object({
  name: z.string().trim().min(1, { error: 'error.loyalty.promotion_name_required' }).max(80, { error: 'error.too_long' }),
  from: day,
  until: day,
  /** The outlet's code (as on reports); null: every outlet. */
  outletCode: z.string().trim().max(20, { error: 'error.too_long' }).nullish().transform((v) => (v ? v.toUpperCase() : null)),
  factor,
});

export const ruleInputSchema = z.object({
  validFrom: day,
  validTo: day.nullish(),
  rupiahPerPoint: wholeRupiah.min(1, { error: 'error.amount_invalid' }),
  minPurchase: wholeRupiah.default(0),
  rounding: z.enum(roundingModes).default('floor'),
  pointValue: wholeRupiah,
  validityMonths: z.number({ error: 'error.loyalty.months_invalid' }).int({ error: 'error.loyalty.months_invalid' }).min(1, { error: 'error.loyalty.months_invalid' }).max(120, { error: 'error.loyalty.months_invalid' }),
  offlineRedeemLimit: z.number({ error: 'error.loyalty.points_not_integer' }).int({ error: 'error.loyalty.points_not_integer' }).nonnegative({ error: 'error.loyalty.points_not_integer' }).default(0),
  earnAndRedeemSameSale: z.boolean().default(false),
  multipliers: z.array(productMultiplierSchema).max(200).default([]),
  promotions: z.array(promotionSchema).max(100).default([]),
});
export type RuleInput = z.input<typeof ruleInputSchema>;
export type ProductMultiplier = z.output<typeof productMultiplierSchema>;
export type Promotion = z.output<typeof promotionSchema>;

/** A version of the programme as the manager's screen shows it. */
export interface LoyaltyRuleView {
  id: string;
  validFrom: string;
  validTo: string | null;
  rupiahPerPoint: number;
  minPurchase: number;
  rounding: (typeof roundingModes)[number];
  pointValue: number;
  validityMonths: number;
  offlineRedeemLimit: number;
  earnAndRedeemSameSale: boolean;
  multipliers: ProductMultiplier[];
  promotions: Promotion[];
}
