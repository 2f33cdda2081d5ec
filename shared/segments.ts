import { z } from 'zod';
import { consentPurposes } from './privacy';
import { rfmSegments } from './reports';
import { contactChannels, familyRelations } from './knowledge';

/**
 * Segments (issue 18): a condition tree as data. The core validates it here and compiles it to parameterised SQL
 * (electron/core/segments/compile.ts); the UI builds the same tree. Zod messages are message keys.
 */

const FIELD_UNKNOWN = 'error.segment_field_unknown';
const OPERATOR_UNKNOWN = 'error.segment_operator_unknown';
const VALUE_INVALID = 'error.segment_value_invalid';

const isoDate = z.string({ error: VALUE_INVALID }).regex(/^\d{4}-\d{2}-\d{2}$/, { error: VALUE_INVALID });
const count = z.number({ error: VALUE_INVALID }).int({ error: VALUE_INVALID }).min(0, { error: VALUE_INVALID }).max(1e13, { error: VALUE_INVALID });
const text = z.string({ error: VALUE_INVALID }).trim().min(1, { error: VALUE_INVALID }).max(200, { error: VALUE_INVALID });
const texts = z.array(text, { error: VALUE_INVALID }).min(1, { error: VALUE_INVALID }).max(100, { error: VALUE_INVALID });
const ops = <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values, { error: OPERATOR_UNKNOWN });

/** Numeric comparisons: `between` takes [low, high], both included. */
export const numberOperators = ['eq', 'gte', 'lte', 'between'] as const;
const numberCompare = z.discriminatedUnion(
  'op',
  [
    z.object({ op: z.literal(['eq', 'gte', 'lte']), value: count }),
    z.object({ op: z.literal('between'), value: z.tuple([count, count], { error: VALUE_INVALID }) }),
  ],
  { error: OPERATOR_UNKNOWN },
);
/** Dates: before / after are strict, `between` includes both ends (calendar days, UTC). */
export const dateOperators = ['before', 'after', 'between'] as const;
const dateCompare = z.discriminatedUnion(
  'op',
  [
    z.object({ op: z.literal(['before', 'after']), value: isoDate }),
    z.object({ op: z.literal('between'), value: z.tuple([isoDate, isoDate], { error: VALUE_INVALID }) }),
  ],
  { error: OPERATOR_UNKNOWN },
);
/** Days ago, for "last contact" and "last purchase": `within` N days, `not_within` N days (or never). */
const daysCompare = z.object({ op: ops(['within', 'not_within']), value: count });

/** A period for purchase conditions: the last N days, or calendar dates. */
export const periodSchema = z.union(
  [z.object({ lastDays: count }).strict(), z.object({ from: isoDate, to: isoDate }).strict()],
  { error: VALUE_INVALID },
);

const conditionVariants = [
  z.object({ field: z.literal('city'), op: ops(['is', 'is_not', 'contains']), value: z.union([text, texts], { error: VALUE_INVALID }) }).strict(),
  z.object({ field: z.literal('age') }).and(numberCompare),
  z.object({ field: z.literal('gender'), op: ops(['is']), value: z.enum(['M', 'F', 'unknown'], { error: VALUE_INVALID }) }).strict(),
  /** `this_month`: born in the month of the day the segment is evaluated (a recurring birthday campaign). */
  z.object({ field: z.literal('birthMonth') }).and(
    z.discriminatedUnion(
      'op',
      [
        z.object({ op: z.literal('in'), value: z.array(z.number({ error: VALUE_INVALID }).int().min(1, { error: VALUE_INVALID }).max(12, { error: VALUE_INVALID })).min(1, { error: VALUE_INVALID }) }),
        z.object({ op: z.literal('this_month') }),
      ],
      { error: OPERATOR_UNKNOWN },
    ),
  ),
  z.object({ field: z.literal('homeOutlet'), op: ops(['in', 'not_in']), value: texts }).strict(),
  z.object({ field: z.literal('registered') }).and(dateCompare),
  /**
   * Purchases within a period (default: all history), optionally of a product (the store's `main_product`, matched
   * case-insensitively as a substring, which is how categories are written in the legacy files), measured as a
   * count or a rupiah sum.
   */
  z
    .object({
      field: z.literal('purchases'),
      measure: z.enum(['count', 'amount'], { error: VALUE_INVALID }).default('count'),
      product: text.optional(),
      period: periodSchema.optional(),
    })
    .and(numberCompare),
  z.object({ field: z.literal('firstPurchase') }).and(dateCompare),
  z.object({ field: z.literal('lastPurchase') }).and(dateCompare),
  z.object({ field: z.literal('rfmSegment'), op: ops(['in', 'not_in']), value: z.array(z.enum(rfmSegments, { error: VALUE_INVALID })).min(1, { error: VALUE_INVALID }) }).strict(),
  z.object({ field: z.literal('lastContact') }).and(daysCompare),
  z.object({ field: z.literal('openComplaints') }).and(numberCompare),
  /** The lowest satisfaction score (1–5) the customer gave on a closed complaint; customers who gave none never match. */
  z.object({ field: z.literal('satisfaction') }).and(numberCompare),
  z.object({ field: z.literal('consent'), purpose: z.enum(consentPurposes, { error: VALUE_INVALID }), op: ops(['granted', 'not_granted']) }).strict(),
  z.object({ field: z.literal('points') }).and(numberCompare),
  z.object({ field: z.literal('tier'), op: ops(['in', 'not_in']), value: texts }).strict(),
  // Knowing each customer (issue 19): the product is among the customer's top three co-purchase offers.
  z.object({ field: z.literal('wouldBeOffered'), op: ops(['offered']), value: text }).strict(),
  // The deeper profile (issue 19 point 1), as the customer page shows it: curated interest tags by label (any of
  // them), occupation, preferred channel, a competitor's product owned (brand or product name), a family relation.
  z.object({ field: z.literal('interest'), op: ops(['has', 'has_not']), value: texts }).strict(),
  z.object({ field: z.literal('occupation'), op: ops(['is', 'contains']), value: text }).strict(),
  z.object({ field: z.literal('preferredChannel'), op: ops(['is']), value: z.enum(contactChannels, { error: VALUE_INVALID }) }).strict(),
  z.object({ field: z.literal('competitorProduct'), op: ops(['owns']), value: text }).strict(),
  z.object({ field: z.literal('familyMember'), op: ops(['has']), value: z.enum(familyRelations, { error: VALUE_INVALID }) }).strict(),
] as const;

export const segmentFields = [
  'city',
  'age',
  'gender',
  'birthMonth',
  'homeOutlet',
  'registered',
  'purchases',
  'firstPurchase',
  'lastPurchase',
  'rfmSegment',
  'lastContact',
  'openComplaints',
  'satisfaction',
  'consent',
  'points',
  'tier',
  // Knowing each customer (issue 19).
  'wouldBeOffered',
  'interest',
  'occupation',
  'preferredChannel',
  'competitorProduct',
  'familyMember',
] as const;
export type SegmentField = (typeof segmentFields)[number];

const fieldSchemas = new Map<string, z.ZodType>(segmentFields.map((f, i) => [f, conditionVariants[i]!]));

export type SegmentCondition = z.output<(typeof conditionVariants)[number]>;
/** What the UI and condition files write (defaults such as a purchase condition's `measure` may be left out). */
export type SegmentConditionInput = z.input<(typeof conditionVariants)[number]>;

export type SegmentNode = SegmentCondition | { and: SegmentNode[] } | { or: SegmentNode[] };
export type SegmentNodeInput = SegmentConditionInput | { and: SegmentNodeInput[] } | { or: SegmentNodeInput[] };

const MAX_DEPTH = 6;
const MAX_CONDITIONS = 60;

/** A group: `{ "and": [...] }` or `{ "or": [...] }`, nested up to six levels, sixty conditions in all. */
export const segmentNodeSchema: z.ZodType<SegmentNode> = z.lazy(() =>
  z.unknown().transform((value, ctx) => parseNode(value, ctx, [], 0, { conditions: 0 }) as SegmentNode),
);

function parseNode(value: unknown, ctx: z.RefinementCtx, path: (string | number)[], depth: number, seen: { conditions: number }): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    ctx.addIssue({ code: 'custom', message: 'error.segment_malformed', path });
    return z.NEVER;
  }
  const keys = Object.keys(value);
  const group = keys.length === 1 && (keys[0] === 'and' || keys[0] === 'or') ? keys[0] : null;
  if (group) {
    const children = (value as Record<string, unknown>)[group];
    if (!Array.isArray(children) || children.length === 0 || depth >= MAX_DEPTH) {
      ctx.addIssue({ code: 'custom', message: 'error.segment_malformed', path: [...path, group] });
      return z.NEVER;
    }
    return { [group]: children.map((child, i) => parseNode(child, ctx, [...path, group, i], depth + 1, seen)) };
  }
  if (++seen.conditions > MAX_CONDITIONS) {
    ctx.addIssue({ code: 'custom', message: 'error.segment_too_many_conditions', path });
    return z.NEVER;
  }
  const field = (value as { field?: unknown }).field;
  const schema = typeof field === 'string' ? fieldSchemas.get(field) : undefined;
  if (!schema) {
    ctx.addIssue({ code: 'custom', message: FIELD_UNKNOWN, path: [...path, 'field'] });
    return z.NEVER;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: [...path, ...issue.path.map((p) => p as string | number)] });
    return z.NEVER;
  }
  return parsed.data;
}

export const segmentNameSchema = z
  .string({ error: 'error.text_required' })
  .trim()
  .min(1, { error: 'error.text_required' })
  .max(80, { error: 'error.too_long' });

export const segmentSaveSchema = z.object({
  name: segmentNameSchema,
  where: segmentNodeSchema,
});
export type SegmentSaveInput = z.input<typeof segmentSaveSchema>;

export const segmentCountSchema = z.object({ where: segmentNodeSchema, preview: z.number().int().min(0).max(100).default(20) });

export interface SegmentPreviewRow {
  customerId: string;
  fullName: string;
  city: string | null;
  cardNo: string | null;
  homeOutletCode: string | null;
}

/** A tier the builder offers: the current programme's levels (or the latest one's), lowest first. */
export interface SegmentTierOption {
  code: string;
  name: string;
}

export interface SegmentCount {
  count: number;
  preview: SegmentPreviewRow[];
  /** Milliseconds the count took on this store. */
  tookMs: number;
}

export interface SavedSegment {
  id: string;
  name: string;
  where: SegmentNode;
  updatedAt: string;
  updatedBy: string | null;
}

// Segment customer list export (issue 18): a saved segment by name or id, or the tree being edited.
export const segmentExportSchema = z
  .object({
    segment: z.string().trim().min(1).optional(),
    where: segmentNodeSchema.optional(),
    format: z.enum(['csv', 'xlsx'], { error: 'error.segment_export_format' }),
    language: z.enum(['id', 'en']).default('id'),
    csvDialect: z.enum(['id', 'intl']).default('id'),
    unmask: z.boolean().default(false),
  })
  .refine((v) => (v.segment === undefined) !== (v.where === undefined), { error: 'error.segment_export_source', path: ['segment'] });
