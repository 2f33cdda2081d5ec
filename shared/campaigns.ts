import { z } from 'zod';
import { consentPurposes, type ConsentPurpose } from './privacy';

/** Campaigns (issue 18): the vocabulary, the inputs the core accepts and the shapes it returns. */

/** Channels the outlets really use: click-to-chat, a call list, a text file for an SMS gateway, a mail-merge letter, an email list. */
export const campaignChannels = ['whatsapp', 'phone', 'sms', 'letter', 'email'] as const;
export type CampaignChannel = (typeof campaignChannels)[number];
export const campaignOutcomes = ['reached', 'no_answer', 'responded', 'declined', 'opted_out'] as const;
export type CampaignOutcome = (typeof campaignOutcomes)[number];
/** Outcomes after which a target leaves "my day"; `no_answer` keeps it there for another try. */
export const finalOutcomes: readonly CampaignOutcome[] = ['reached', 'responded', 'declined', 'opted_out'];
export const exclusionReasons = ['merged_or_blocked', 'opted_out', 'no_consent', 'open_complaint', 'contacted_recently'] as const;
export type ExclusionReason = (typeof exclusionReasons)[number];
/** Placeholders a campaign message may use: salutation, name, card, tier, product last bought, outlet. */
export const campaignPlaceholders = ['sapaan', 'nama', 'kartu', 'tier', 'produk', 'outlet'] as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'error.date_invalid' });

export const campaignCreateSchema = z
  .object({
    name: z.string({ error: 'error.text_required' }).trim().min(1, { error: 'error.text_required' }).max(120, { error: 'error.too_long' }),
    purpose: z.enum(consentPurposes, { error: (issue) => (issue.input === undefined ? 'error.campaign_purpose_required' : 'error.consent_purpose_unknown') }),
    channel: z.enum(campaignChannels, { error: 'error.channel_unknown' }),
    segment: z.string({ error: 'error.segment_not_found' }).trim().min(1, { error: 'error.segment_not_found' }).max(120),
    periodFrom: isoDate.optional(),
    periodTo: isoDate.optional(),
    /** Outlet codes; empty = every outlet (each target goes to its home outlet). */
    outlets: z.array(z.string().trim().min(1).max(20)).max(100).default([]),
    template: z
      .string({ error: 'error.text_required' })
      .trim()
      .min(1, { error: 'error.text_required' })
      .max(1000, { error: 'error.too_long' })
      .refine((body) => [...body.matchAll(/\{([^{}]*)\}/g)].every((m) => (campaignPlaceholders as readonly string[]).includes(m[1]!)), {
        error: 'error.template_placeholder_unknown',
      }),
    controlPercent: z
      .number({ error: 'error.campaign_control_range' })
      .int({ error: 'error.campaign_control_range' })
      .min(0, { error: 'error.campaign_control_range' })
      .max(50, { error: 'error.campaign_control_range' })
      .default(10),
    quietDays: z.number({ error: 'error.invalid' }).int().min(0).max(365).default(14),
    attributionDays: z.number({ error: 'error.invalid' }).int().min(1).max(365).default(30),
    recurrence: z.enum(['none', 'monthly'], { error: 'error.invalid' }).default('none'),
  })
  .refine((v) => !v.periodFrom || !v.periodTo || v.periodFrom <= v.periodTo, { error: 'error.period_invalid', path: ['periodTo'] });
export type CampaignCreateInput = z.input<typeof campaignCreateSchema>;

export const campaignContactSchema = z.object({
  targetId: z.string().min(1).max(64),
  outcome: z.enum(campaignOutcomes, { error: 'error.outcome_unknown' }),
  note: z
    .string()
    .trim()
    .max(2000, { error: 'error.too_long' })
    .nullish()
    .transform((v) => v || null),
});
export type CampaignContactInput = z.input<typeof campaignContactSchema>;

export interface Campaign {
  id: string;
  name: string;
  purpose: ConsentPurpose;
  channel: CampaignChannel;
  segmentId: string;
  periodFrom: string;
  periodTo: string;
  outletCodes: string[];
  template: string;
  controlPercent: number;
  quietDays: number;
  attributionDays: number;
  recurrence: 'none' | 'monthly';
  status: 'draft' | 'launched';
  launchedAt: string | null;
  exclusions: LaunchSummary | null;
}

export interface LaunchSummary {
  /** The period whose evaluation this was ('launch' or YYYY-MM for a recurring campaign's later months). */
  period: string;
  matched: number;
  excluded: Record<ExclusionReason, number>;
  /** Targets added by this evaluation (contact group + control group). */
  added: number;
  control: number;
  /** Already targets from an earlier period (recurring campaigns). */
  alreadyTargeted: number;
}

/** One campaign contact waiting on an outlet's "my day". */
export interface CampaignContactItem {
  targetId: string;
  campaignId: string;
  campaignName: string;
  channel: CampaignChannel;
  customerId: string;
  fullName: string;
  cardNo: string | null;
  phone: string | null;
  message: string;
  whatsapp: string | null;
  tel: string | null;
  /** The last outcome logged for this target (no_answer keeps it on the list). */
  lastOutcome: CampaignOutcome | null;
}
