import { z } from 'zod';

/**
 * Customer care (issue 9): the vocabulary, the inputs the core accepts and the shapes it returns.
 * Shared by the schema, the core, the contract and the renderer. Zod messages are message keys.
 */

export const interactionChannels = ['visit', 'phone', 'whatsapp', 'sms', 'email', 'consultation', 'after_sales', 'note'] as const;
export const interactionDirections = ['in', 'out'] as const;
export const interactionOutcomes = ['reached', 'no_answer', 'follow_up_needed', 'purchase_made'] as const;
export const complaintCategories = ['product_defect', 'delivery', 'installation', 'service', 'billing', 'warranty', 'other'] as const;
export const complaintSeverities = ['low', 'normal', 'high'] as const;
export const complaintStatuses = ['open', 'in_progress', 'resolved', 'closed', 'reopened'] as const;
export const complaintEventKinds = ['opened', 'transition', 'note', 'escalated'] as const;
export const followUpKinds = ['manual', 'birthday', 'after_purchase', 'neglected', 'complaint_check', 'escalation'] as const;
export const followUpStatuses = ['open', 'done', 'cancelled'] as const;
export const templateKeys = ['greeting', 'birthday', 'after_purchase', 'neglected', 'complaint_check', 'complaint_update'] as const;
/** Placeholders a message template may use (Indonesian, as managers write them). */
export const templatePlaceholders = ['sapaan', 'nama', 'kartu', 'acara', 'outlet', 'staf'] as const;

export type InteractionChannel = (typeof interactionChannels)[number];
export type InteractionDirection = (typeof interactionDirections)[number];
export type InteractionOutcome = (typeof interactionOutcomes)[number];
export type ComplaintCategory = (typeof complaintCategories)[number];
export type ComplaintSeverity = (typeof complaintSeverities)[number];
export type ComplaintStatus = (typeof complaintStatuses)[number];
export type ComplaintEventKind = (typeof complaintEventKinds)[number];
export type FollowUpKind = (typeof followUpKinds)[number];
export type FollowUpStatus = (typeof followUpStatuses)[number];
export type TemplateKey = (typeof templateKeys)[number];

export const MAX_NOTE = 2000;
export const MAX_TEMPLATE = 1000;

const id = z.string().min(1).max(64);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'error.date_invalid' });
const instant = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}T/.test(s) && !Number.isNaN(Date.parse(s)), { error: 'error.date_invalid' });
const requiredText = (max: number) =>
  z.string({ error: 'error.text_required' }).trim().min(1, { error: 'error.text_required' }).max(max, { error: 'error.too_long' });
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: 'error.too_long' })
    .nullish()
    .transform((v) => (v ? v : null));

export const interactionInputSchema = z
  .object({
    customerId: id,
    channel: z.enum(interactionChannels, { error: 'error.channel_unknown' }),
    /** Defaults by channel: visits and in-store consultations come in, calls and messages go out. */
    direction: z.enum(interactionDirections, { error: 'error.direction_unknown' }).optional(),
    outcome: z
      .enum(interactionOutcomes, { error: 'error.outcome_unknown' })
      .nullish()
      .transform((v) => v ?? null),
    note: optionalText(MAX_NOTE),
    at: instant.optional(),
    followUpId: id.optional(),
  })
  // A note is nothing but its text.
  .refine((v) => v.channel !== 'note' || v.note !== null, { error: 'error.text_required', path: ['note'] });
export type InteractionInput = z.input<typeof interactionInputSchema>;

export const complaintOpenSchema = z.object({
  customerId: id,
  category: z.enum(complaintCategories, { error: 'error.category_unknown' }),
  severity: z.enum(complaintSeverities, { error: 'error.severity_unknown' }).default('normal'),
  invoiceNo: optionalText(60),
  description: requiredText(MAX_NOTE),
  promisedAction: optionalText(500),
  promisedDate: isoDate.nullish().transform((v) => v ?? null),
});
export type ComplaintOpenInput = z.input<typeof complaintOpenSchema>;

export const complaintTransitionSchema = z.object({
  complaintId: id,
  status: z.enum(complaintStatuses, { error: 'error.status_unknown' }),
  note: optionalText(MAX_NOTE),
  satisfaction: z
    .number({ error: 'error.satisfaction_range' })
    .int({ error: 'error.satisfaction_range' })
    .min(1, { error: 'error.satisfaction_range' })
    .max(5, { error: 'error.satisfaction_range' })
    .nullish()
    .transform((v) => v ?? null),
  // Absent = unchanged (no transform here: absent must stay distinguishable from cleared).
  promisedAction: z.string().trim().max(500, { error: 'error.too_long' }).nullish(),
  promisedDate: isoDate.nullish(),
});
export type ComplaintTransitionInput = z.input<typeof complaintTransitionSchema>;

export const followUpCreateSchema = z.object({
  customerId: id,
  reason: requiredText(500),
  dueDate: isoDate,
  /** A staff member's name; null or absent = the whole outlet. */
  owner: optionalText(80),
});
export type FollowUpCreateInput = z.input<typeof followUpCreateSchema>;

export const followUpCloseSchema = z.object({
  followUpId: id,
  note: optionalText(MAX_NOTE),
  /** Completing by contacting: the contact is logged in the same transaction. */
  interaction: z
    .object({
      channel: z.enum(interactionChannels, { error: 'error.channel_unknown' }),
      outcome: z.enum(interactionOutcomes, { error: 'error.outcome_unknown' }).nullish(),
    })
    .optional(),
});
export type FollowUpCloseInput = z.input<typeof followUpCloseSchema>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, { error: 'error.time_invalid' });
export const dayHoursSchema = z
  .object({ opens: hhmm, closes: hhmm })
  .refine((d) => d.opens < d.closes, { error: 'error.hours_invalid' })
  .nullable();
/** Opening hours by ISO weekday: index 0 = Monday … 6 = Sunday; null = closed all day. */
export const openingHoursSchema = z.array(dayHoursSchema).length(7);
export type OpeningHours = z.infer<typeof openingHoursSchema>;

export const serviceLevelSchema = z.object({
  responseHours: z
    .number()
    .positive({ error: 'error.sla_invalid' })
    .max(24 * 30, { error: 'error.sla_invalid' }),
  resolutionDays: z
    .number()
    .int({ error: 'error.sla_invalid' })
    .min(0, { error: 'error.sla_invalid' })
    .max(365, { error: 'error.sla_invalid' }),
});
export type ServiceLevel = z.infer<typeof serviceLevelSchema>;
/** Service levels per category, then per severity; cells left out keep the defaults. */
export const serviceLevelsSchema = z.partialRecord(
  z.enum(complaintCategories),
  z.partialRecord(z.enum(complaintSeverities), serviceLevelSchema),
);
export type ServiceLevels = Record<ComplaintCategory, Record<ComplaintSeverity, ServiceLevel>>;

const rupiah = z.number().int({ error: 'error.amount_invalid' }).nonnegative({ error: 'error.amount_invalid' }).max(1e12);
const days = z
  .number()
  .int({ error: 'error.days_invalid' })
  .min(0, { error: 'error.days_invalid' })
  .max(3650, { error: 'error.days_invalid' });
export const followUpRulesSchema = z.object({
  birthday: z.object({ enabled: z.boolean(), daysAhead: days, minTotal: rupiah }),
  afterPurchase: z.object({ enabled: z.boolean(), afterDays: days, minAmount: rupiah }),
  /** maxOpen: the neglected list of an outlet holds at most this many open follow-ups; a pass tops it up. */
  neglected: z.object({
    enabled: z.boolean(),
    noContactDays: days.min(1, { error: 'error.days_invalid' }),
    minTotal: rupiah,
    maxOpen: z.number().int().min(1).max(10_000),
  }),
  complaintCheck: z.object({ enabled: z.boolean(), afterDays: days }),
  escalation: z.object({ enabled: z.boolean() }),
  /** Who receives escalations; null = the whole outlet. */
  managerStaff: z.string().trim().max(80).nullable(),
});
export type FollowUpRules = z.infer<typeof followUpRulesSchema>;

export const templateBodySchema = requiredText(MAX_TEMPLATE).refine(
  (body) => [...body.matchAll(/\{([^{}]*)\}/g)].every((m) => (templatePlaceholders as readonly string[]).includes(m[1]!)),
  { error: 'error.template_placeholder_unknown' },
);

export const closedDayInputSchema = z.object({
  date: isoDate,
  name: requiredText(120),
  active: z.boolean().default(true),
  allOutlets: z.boolean().default(false),
});

// ---- Outputs ----

export interface Interaction {
  id: string;
  customerId: string;
  outletCode: string | null;
  staff: string | null;
  channel: InteractionChannel;
  direction: InteractionDirection;
  at: string;
  note: string | null;
  outcome: InteractionOutcome | null;
}

export interface ComplaintEvent {
  id: string;
  kind: ComplaintEventKind;
  at: string;
  staff: string | null;
  outletCode: string | null;
  fromStatus: ComplaintStatus | null;
  toStatus: ComplaintStatus | null;
  note: string | null;
  satisfaction: number | null;
}

export interface Complaint {
  id: string;
  customerId: string;
  customerName: string | null;
  outletCode: string | null;
  category: ComplaintCategory;
  severity: ComplaintSeverity;
  invoiceNo: string | null;
  description: string;
  promisedAction: string | null;
  promisedDate: string | null;
  openedAt: string;
  status: ComplaintStatus;
  firstResponseDueAt: string;
  resolutionDueAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  satisfaction: number | null;
  reopenCount: number;
  /** Past a due time it has not met (at the moment of reading). */
  overdue: boolean;
  escalated: boolean;
}

export interface ComplaintDetail extends Complaint {
  /** Oldest first. */
  history: ComplaintEvent[];
  /** The statuses it may move to now. */
  next: ComplaintStatus[];
}

export interface FollowUp {
  id: string;
  customerId: string;
  customerName: string | null;
  outletCode: string | null;
  owner: string | null;
  kind: FollowUpKind;
  reason: string;
  dueDate: string;
  status: FollowUpStatus;
  closedAt: string | null;
  closedBy: string | null;
}

export interface MyDay {
  outletCode: string;
  /** Local date at the outlet. */
  date: string;
  staff: string | null;
  dueToday: FollowUp[];
  overdue: FollowUp[];
  doneToday: FollowUp[];
  overdueComplaints: Complaint[];
  /** Open or reopened complaints with no first response yet and not past a due time (the overdue ones are above), most urgent first. */
  awaitingResponse: Complaint[];
  /** How many complaints await a first response in all (the list holds at most a page). */
  awaitingResponseCount: number;
  counts: { dueToday: number; overdue: number; doneToday: number; overdueComplaints: number };
}

export type TimelineEntry =
  | {
      kind: 'purchase';
      id: string;
      at: string;
      invoiceNo: string | null;
      amount: number;
      mainProduct: string | null;
      outletCode: string | null;
    }
  | {
      kind: 'interaction';
      id: string;
      at: string;
      channel: InteractionChannel;
      direction: InteractionDirection;
      outcome: InteractionOutcome | null;
      note: string | null;
      staff: string | null;
      outletCode: string | null;
    }
  | {
      kind: 'complaint';
      id: string;
      at: string;
      category: ComplaintCategory;
      severity: ComplaintSeverity;
      status: ComplaintStatus;
      description: string;
      outletCode: string | null;
    };

export interface Timeline {
  entries: TimelineEntry[];
  /** Pass as `before` to read the next (older) page; null when there is nothing older. */
  nextBefore: string | null;
}

export interface CareSummary {
  lastContact: string | null;
  lastVisit: string | null;
  openComplaints: number;
}

export interface ContactLinks {
  phone: string | null;
  text: string;
  /** https://wa.me/62…?text=…; null when the customer has no mobile number. */
  whatsapp: string | null;
  tel: string | null;
}

export interface MessageTemplate {
  key: TemplateKey;
  body: string;
  /** False while the outlet uses the built-in Indonesian text. */
  customised: boolean;
}

export interface ClosedDay {
  id: string;
  date: string;
  name: string;
  allOutlets: boolean;
  active: boolean;
}

export interface RulePassReport {
  date: string;
  created: Record<FollowUpKind, number>;
  skippedExisting: number;
  escalated: number;
  /** Set when the scheduled pass also relearnt the next-best-offer rules (issue 19). */
  offerRules?: { rules: number; computedAt: string; ms: number };
  /** The daily loyalty pass, when this pass was the day's first (issue 17). */
  loyalty?: { expiredPoints: number; tierChanges: number };
  /** The daily refresh of recurring campaigns for this outlet, when this pass was the day's first (issue 18). */
  campaigns?: { refreshed: number; added: number; failed: number };
}
