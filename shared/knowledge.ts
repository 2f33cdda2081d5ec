import { z } from 'zod';
import { isoDate } from './schemas';

/** Knowing each customer (issue 19): profile facts, family, interests, competitor products, opportunities, offers. */

export const profileFactKeys = ['occupation', 'preferred_channel', 'preferred_time', 'likes', 'dislikes'] as const;
export type ProfileFactKey = (typeof profileFactKeys)[number];
export const contactChannels = ['whatsapp', 'phone', 'sms', 'email', 'visit'] as const;
export const contactTimes = ['morning', 'afternoon', 'evening', 'weekend', 'anytime'] as const;
export const familyRelations = ['spouse', 'child', 'parent', 'sibling', 'grandparent', 'grandchild', 'in_law', 'other'] as const;
export type FamilyRelation = (typeof familyRelations)[number];

export const opportunityStages = ['interested', 'quoted', 'negotiating', 'won', 'lost'] as const;
export type OpportunityStage = (typeof opportunityStages)[number];
export const openStages = ['interested', 'quoted', 'negotiating'] as const satisfies readonly OpportunityStage[];
export type OpenStage = (typeof openStages)[number];
export const reasonsNotBought = ['price', 'stock', 'delivery', 'comparing', 'competitor', 'financing'] as const;
export type ReasonNotBought = (typeof reasonsNotBought)[number];
/** Why a sale was lost: the reasons not bought, plus "no longer needed". */
export const lostReasons = [...reasonsNotBought, 'no_need'] as const;
export type LostReason = (typeof lostReasons)[number];
export const offerActions = ['opportunity', 'follow_up'] as const;
export type OfferAction = (typeof offerActions)[number];

/**
 * Legal stage changes: forward through the open stages (skipping is allowed: a quote can be accepted at once),
 * back one step when a negotiation reopens, and from any open stage to won or lost. Won and lost are final.
 */
export const stageTransitions: Readonly<Record<OpportunityStage, readonly OpportunityStage[]>> = {
  interested: ['quoted', 'negotiating', 'won', 'lost'],
  quoted: ['interested', 'negotiating', 'won', 'lost'],
  negotiating: ['quoted', 'won', 'lost'],
  won: [],
  lost: [],
};

export function isLegalTransition(from: OpportunityStage, to: OpportunityStage): boolean {
  return stageTransitions[from].includes(to);
}

const id = z.string().min(1).max(64);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: 'error.too_long' })
    .nullish()
    .transform((v) => (v ? v : null));
const requiredText = (max: number) =>
  z.string({ error: 'error.text_required' }).trim().min(1, { error: 'error.text_required' }).max(max, { error: 'error.too_long' });
/** A rupiah amount: a positive whole number (the currency has no minor unit in practice). */
export const rupiahAmount = z
  .number({ error: 'error.knowledge.budget_not_positive_rupiah' })
  .int({ error: 'error.knowledge.budget_not_positive_rupiah' })
  .positive({ error: 'error.knowledge.budget_not_positive_rupiah' })
  .max(1e12, { error: 'error.knowledge.budget_not_positive_rupiah' });

const emptyToNull = (v: unknown) => (v === '' || v === undefined ? null : v);

/** A patch of profile facts: a key present with null or '' clears the fact; absent keys are left alone. */
export const profileFactsPatchSchema = z
  .object({
    occupation: optionalText(120),
    preferred_channel: z.preprocess(emptyToNull, z.enum(contactChannels, { error: 'error.channel_unknown' }).nullable()),
    preferred_time: z.preprocess(emptyToNull, z.enum(contactTimes, { error: 'error.knowledge.contact_time_unknown' }).nullable()),
    likes: optionalText(500),
    dislikes: optionalText(500),
  })
  .partial()
  .strict();
export type ProfileFactsPatch = z.input<typeof profileFactsPatchSchema>;

export const familyMemberInputSchema = z.object({
  customerId: id,
  name: requiredText(120),
  relation: z.enum(familyRelations, { error: 'error.knowledge.relation_unknown' }),
  birthDate: isoDate.nullish().transform((v) => v ?? null),
  memberCustomerId: id.nullish().transform((v) => v ?? null),
});
export type FamilyMemberInput = z.input<typeof familyMemberInputSchema>;

export const competitorProductInputSchema = z.object({
  customerId: id,
  brand: requiredText(80),
  product: requiredText(120),
  since: z
    .string()
    .regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, { error: 'error.knowledge.since_invalid' })
    .nullish()
    .transform((v) => v ?? null),
});
export type CompetitorProductInput = z.input<typeof competitorProductInputSchema>;

export const opportunityCreateSchema = z.object({
  customerId: id,
  product: requiredText(120),
  category: requiredText(60),
  budget: rupiahAmount,
  expectedDecisionDate: isoDate,
  reasonNotBought: z
    .enum(reasonsNotBought, { error: 'error.knowledge.reason_unknown' })
    .nullish()
    .transform((v) => v ?? null),
  owner: optionalText(80),
  note: optionalText(1000),
  stage: z.enum(openStages, { error: 'error.knowledge.stage_unknown' }).default('interested'),
  /** Day of the first follow-up; default: three days from today, never after the decision date. */
  followUpDate: isoDate.nullish().transform((v) => v ?? null),
  offerId: id.nullish().transform((v) => v ?? null),
});
export type OpportunityCreateInput = z.input<typeof opportunityCreateSchema>;

export const opportunityUpdateSchema = z
  .object({
    opportunityId: id,
    stage: z.enum(opportunityStages, { error: 'error.knowledge.stage_unknown' }).optional(),
    budget: rupiahAmount.optional(),
    expectedDecisionDate: isoDate.optional(),
    reasonNotBought: z.enum(reasonsNotBought, { error: 'error.knowledge.reason_unknown' }).nullish(),
    owner: optionalText(80).optional(),
    note: optionalText(1000).optional(),
    /** Won: the invoice that closed the sale (a purchase of this customer). */
    invoiceNo: optionalText(60).optional(),
    /** Lost: why. */
    lostReason: z.enum(lostReasons, { error: 'error.knowledge.lost_reason_unknown' }).optional(),
    lostNote: optionalText(500).optional(),
    followUpDate: isoDate.optional(),
  })
  .strict();
export type OpportunityUpdateInput = z.input<typeof opportunityUpdateSchema>;

export interface FamilyMember {
  id: string;
  name: string;
  relation: FamilyRelation;
  birthDate: string | null;
  memberCustomerId: string | null;
  memberCustomerName: string | null;
}

export interface CompetitorProduct {
  id: string;
  brand: string;
  product: string;
  since: string | null;
}

export interface InterestTag {
  id: string;
  label: string;
  active: boolean;
}

export interface CustomerKnowledge {
  customerId: string;
  facts: Partial<Record<ProfileFactKey, string>>;
  family: FamilyMember[];
  interests: InterestTag[];
  competitorProducts: CompetitorProduct[];
  /** Other members of household clusters the duplicate scan found, not yet in the family list. */
  householdSuggestions: { customerId: string; fullName: string }[];
}

export interface Opportunity {
  id: string;
  customerId: string;
  customerName: string;
  outletId: string;
  owner: string | null;
  product: string;
  category: string;
  budget: number;
  stage: OpportunityStage;
  expectedDecisionDate: string;
  reasonNotBought: ReasonNotBought | null;
  note: string | null;
  followUpId: string | null;
  closedAt: string | null;
  invoiceNo: string | null;
  wonAmount: number | null;
  lostReason: LostReason | null;
  lostNote: string | null;
  createdAt: string;
  next: OpportunityStage[];
}

export interface Offer {
  product: string;
  /** `rule`: a co-purchase rule from something the customer bought; `popular`: fills a slot no rule reached. */
  kind: 'rule' | 'popular';
  /** The product the customer bought that the rule starts from; null for a popular product. */
  because: string | null;
  confidence: number;
  lift: number;
  support: number;
  pairCustomers: number;
}

/** Minimums a manager sets for co-purchase rules. */
export const offerSettingsSchema = z.object({
  windowDays: z.number().int().min(1).max(730),
  minPairCustomers: z.number().int().min(1),
  minSupport: z.number().min(0).max(1),
  minConfidence: z.number().min(0).max(1),
  minLift: z.number().min(0),
});
export type OfferSettings = z.infer<typeof offerSettingsSchema>;
export const defaultOfferSettings: OfferSettings = { windowDays: 90, minPairCustomers: 3, minSupport: 0, minConfidence: 0.05, minLift: 1 };
