import { z } from 'zod';

/** One tier of the programme and what it gives (issue 17 point 5). */
export const tierLevelSchema = z.object({
  code: z.string().regex(/^[a-z0-9_-]{1,20}$/, { error: 'error.loyalty.tier_code_invalid' }),
  name: z.string().trim().min(1, { error: 'error.loyalty.tier_name_required' }).max(40, { error: 'error.too_long' }),
  /** Rupiah spent in a rolling 12 months to reach the tier. */
  minSpend: z.number().int({ error: 'error.amount_invalid' }).min(1, { error: 'error.amount_invalid' }).max(1e13),
  discountPercent: z.number().int({ error: 'error.loyalty.percent_invalid' }).min(0, { error: 'error.loyalty.percent_invalid' }).max(100, {
    error: 'error.loyalty.percent_invalid',
  }),
  birthdayGift: z.string().trim().max(120, { error: 'error.too_long' }).nullish().transform((v) => v || null),
  /** The tier's complaint service level: at most these hours to a first response, these days to resolution. */
  complaintResponseHours: z.number().positive({ error: 'error.sla_invalid' }).max(24 * 30, { error: 'error.sla_invalid' }).nullish().transform((v) => v ?? null),
  complaintResolutionDays: z.number().positive({ error: 'error.sla_invalid' }).max(365, { error: 'error.sla_invalid' }).nullish().transform((v) => v ?? null),
});
export type TierLevel = z.output<typeof tierLevelSchema>;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'error.date_invalid' });

export const tierProgrammeInputSchema = z.object({
  validFrom: day,
  validTo: day.nullish(),
  graceDays: z.number().int({ error: 'error.days_invalid' }).min(0, { error: 'error.days_invalid' }).max(366, { error: 'error.days_invalid' }),
  levels: z.array(tierLevelSchema).min(1, { error: 'error.loyalty.tiers_empty' }).max(10),
});
export type TierProgrammeInput = z.input<typeof tierProgrammeInputSchema>;

export interface TierProgramme {
  id: string;
  validFrom: string;
  validTo: string | null;
  graceDays: number;
  /** Lowest threshold first. */
  levels: TierLevel[];
}

/** A customer's tier as the last pass left it, with what the next tier needs. */
export interface CustomerTier {
  customerId: string;
  tier: TierLevel | null;
  /** Rupiah spent in the 12 months up to the pass. */
  spend12m: number;
  next: { level: TierLevel; missing: number } | null;
  /** Spend has fallen below the tier's threshold: the tier holds for the grace period, then goes. */
  inGrace: boolean;
  computedOn: string | null;
}

export interface TierPassReport {
  day: string;
  versionId: string | null;
  customers: number;
  changed: number;
  byTier: Record<string, number>;
}
