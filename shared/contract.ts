import { z } from 'zod';
import { campaignContactSchema, campaignCreateSchema, type Campaign, type CampaignContactItem, type LaunchSummary } from './campaigns';
import { segmentCountSchema, segmentExportSchema, segmentSaveSchema, type SavedSegment, type SegmentCount, type SegmentTierOption } from './segments';
import type { CampaignResultsView } from './campaignResults';
import { customerDraftSchema, customerPatchSchema, purchaseInputSchema, type CustomerDraftInput } from './schemas';
import type { CallName } from './callNames';
import {
  exportFormats,
  reportFiltersSchema,
  reportLanguages,
  csvDialects,
  reportNames,
  type ExportLogEntry,
  type ExportStatus,
  type ReportView,
} from './reports';
import {
  closedDayInputSchema,
  complaintOpenSchema,
  complaintStatuses,
  complaintTransitionSchema,
  followUpCloseSchema,
  followUpCreateSchema,
  followUpRulesSchema,
  followUpStatuses,
  interactionInputSchema,
  openingHoursSchema,
  serviceLevelsSchema,
  templateKeys,
  type CareSummary,
  type ClosedDay,
  type Complaint,
  type ComplaintDetail,
  type ContactLinks,
  type FollowUp,
  type FollowUpRules,
  type Interaction,
  type MessageTemplate,
  type MyDay,
  type OpeningHours,
  type RulePassReport,
  type ServiceLevels,
  type Timeline,
} from './care';
import {
  auditFilterSchema,
  changeOwnSecretSchema,
  changeRoleSchema,
  newStaffSchema,
  resetPinSchema,
  setStaffActiveSchema,
  setupAdminSchema,
  signInSchema,
  type AuditEntryView,
  type AuthState,
  type SessionInfo,
  type StaffCard,
  type StaffDirectory,
  type StaffMember,
} from './auth';
import {
  competitorProductInputSchema,
  familyMemberInputSchema,
  offerSettingsSchema,
  opportunityCreateSchema,
  opportunityStages,
  opportunityUpdateSchema,
  type CompetitorProduct,
  type CustomerKnowledge,
  type FamilyMember,
  type InterestTag,
  type Offer,
  type OfferSettings,
  type Opportunity,
} from './knowledge';
import type { Forecast, PipelineColumn } from './knowledgeViews';
import { consentInputSchema, consentPurposes, eraseInputSchema, type ConsentState, type CustomerDataExport, type ErasureSummary, type MarketingContact } from './privacy';
import type { CardState } from './cardLife';
import type { FlaggedBalanceView, LoyaltySummary, RedemptionView, StatementLineView } from './loyalty';
import type { LoyaltyRuleView } from './loyaltyRules';
import type { TierProgramme } from './loyaltyTiers';
import type { AppStatus, CustomerDetail, CustomerRfm, DedupClusterDetail, DedupClusterSummary, DedupMergeSummary, DedupScanSummary, DuplicateCandidate, Purchase, SearchHit } from './types';

/**
 * The whole API between the renderer and the core: each call has one name, one zod input and one output type.
 * Electron's main process, the preload bridge and the web harness are all generated from this map.
 */
const returns =
  <Output>() =>
  <Input extends z.ZodType>(input: Input) => ({ input, output: undefined as unknown as Output });

const id = z.string().min(1).max(64);
const none = z.object({});

export const contract = {
  'app.status': returns<AppStatus>()(none),
  'app.seedDemo': returns<{ customers: number }>()(none),

  // The draft is checked whole inside the call (validateDraft), field by field, so the booth sees every problem
  // at once; a schema check here would stop at the first stage and hide the phone, card and NIK checks.
  'customers.register': returns<CustomerDetail>()(
    z.object({ draft: z.custom<CustomerDraftInput>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), { error: 'error.invalid' }) }),
  ),
  'customers.addCard': returns<CustomerDetail>()(
    z.object({
      customerId: id,
      cardNo: z.string().trim().min(1, { error: 'error.card_required' }).max(40, { error: 'error.too_long' }),
      // The purchase that came with the card at the booth: written with the card, in one transaction.
      purchase: purchaseInputSchema.pick({ invoiceNo: true, amount: true, mainProduct: true }).optional(),
    }),
  ),
  'customers.addPurchase': returns<Purchase>()(purchaseInputSchema),
  'customers.update': returns<CustomerDetail>()(z.object({ customerId: id, patch: customerPatchSchema })),
  'customers.get': returns<CustomerDetail>()(z.object({ customerId: id })),
  'customers.purchases': returns<Purchase[]>()(
    z.object({ customerId: id, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(5000).default(1000) }),
  ),
  'customers.rfm': returns<CustomerRfm>()(z.object({ customerId: id })),
  'customers.lookup': returns<CustomerDetail | null>()(z.object({ query: z.string().max(100) })),
  'customers.search': returns<SearchHit[]>()(z.object({ text: z.string().max(100), limit: z.number().int().min(1).max(100).default(20) })),
  'customers.findDuplicates': returns<DuplicateCandidate[]>()(z.object({ draft: customerDraftSchema.partial() })),
  'registrations.today': returns<{ count: number }>()(none),

  // Customer care (issue 9). The outlet is the device's; staff is the signed-in staff member.
  'care.timeline': returns<Timeline>()(z.object({ customerId: id, before: z.string().max(40).nullish(), limit: z.number().int().min(1).max(1000).default(200) })),
  'care.summary': returns<CareSummary>()(z.object({ customerId: id })),
  'care.logInteraction': returns<Interaction>()(interactionInputSchema),
  'care.contactLinks': returns<ContactLinks>()(
    z.object({ customerId: id, template: z.enum(templateKeys, { error: 'error.template_unknown' }), occasion: z.string().max(200).nullish(), phone: z.string().max(20).nullish() }),
  ),
  // `mine`: only the follow-ups assigned to the signed-in staff member, not the whole outlet's.
  'care.myDay': returns<MyDay>()(z.object({ staff: z.string().max(80).nullish(), mine: z.boolean().default(false) })),
  'care.followUps.create': returns<FollowUp>()(followUpCreateSchema),
  'care.followUps.complete': returns<FollowUp>()(followUpCloseSchema),
  'care.followUps.cancel': returns<FollowUp>()(followUpCloseSchema.omit({ interaction: true })),
  'care.followUps.list': returns<FollowUp[]>()(
    z.object({ customerId: id.optional(), status: z.enum(followUpStatuses).optional(), dueBy: z.string().max(10).optional(), limit: z.number().int().min(1).max(5000).default(500) }),
  ),
  'care.followUps.runRules': returns<RulePassReport>()(none),
  'care.complaints.open': returns<ComplaintDetail>()(complaintOpenSchema),
  'care.complaints.transition': returns<ComplaintDetail>()(complaintTransitionSchema),
  'care.complaints.get': returns<ComplaintDetail>()(z.object({ complaintId: id })),
  'care.complaints.list': returns<Complaint[]>()(
    z.object({ status: z.enum(complaintStatuses).optional(), overdue: z.boolean().default(false), customerId: id.optional(), limit: z.number().int().min(1).max(5000).default(500) }),
  ),
  'care.templates.list': returns<MessageTemplate[]>()(none),
  'care.templates.save': returns<MessageTemplate[]>()(z.object({ key: z.enum(templateKeys, { error: 'error.template_unknown' }), body: z.string().max(5000).nullable() })),
  'care.rules.get': returns<FollowUpRules>()(none),
  'care.rules.save': returns<FollowUpRules>()(z.object({ rules: followUpRulesSchema })),
  'care.hours.get': returns<OpeningHours>()(none),
  'care.hours.save': returns<OpeningHours>()(z.object({ hours: openingHoursSchema })),
  'care.serviceLevels.get': returns<ServiceLevels>()(none),
  'care.serviceLevels.save': returns<ServiceLevels>()(z.object({ levels: serviceLevelsSchema })),
  'care.holidays.list': returns<ClosedDay[]>()(z.object({ includeInactive: z.boolean().default(false) })),
  'care.holidays.save': returns<ClosedDay[]>()(z.object({ days: z.array(closedDayInputSchema).min(1).max(400) })),
  // Identity resolution (issue 5): the managers' review queue.
  // Asynchronous (see asyncCalls): the scan reads and finds on a thread of its own.
  'dedup.scan': returns<DedupScanSummary>()(none),
  'dedup.lastScan': returns<DedupScanSummary | null>()(none),
  'dedup.clusters': returns<DedupClusterSummary[]>()(
    z.object({
      kind: z.enum(['person', 'farming', 'household', 'all']).default('all'),
      status: z.enum(['open', 'merged', 'rejected', 'all']).default('open'),
      minConfidence: z.number().min(0).max(1).optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(500).default(50),
    }),
  ),
  'dedup.cluster': returns<DedupClusterDetail>()(z.object({ clusterId: z.string().min(1).max(80) })),
  'dedup.merge': returns<DedupMergeSummary>()(
    z.object({
      clusterId: z.string().min(1).max(80),
      survivorId: id.optional(),
      fieldChoices: z.partialRecord(z.enum(['fullName', 'birthDate', 'gender', 'nik', 'email', 'address', 'city', 'notes']), id).optional(),
      reason: z.string().max(500).optional(),
      // Loyalty (issue 17 point 7): the merged customers' points move to the survivor, or are forfeited with a reason.
      points: z.enum(['transfer', 'forfeit']).optional(),
      pointsReason: z.string().max(200).optional(),
    }),
  ),
  'dedup.unmerge': returns<DedupMergeSummary>()(z.object({ mergeId: id })),
  'dedup.rejectCluster': returns<{ pairs: number }>()(z.object({ clusterId: z.string().min(1).max(80), reason: z.string().max(500).optional() })),
  'dedup.bulkMerge': returns<{ merged: number }>()(z.object({ minConfidence: z.number().min(0.5).max(1), kind: z.enum(['person', 'farming']).default('person') })),
  'dedup.merges': returns<DedupMergeSummary[]>()(z.object({ limit: z.number().int().min(1).max(500).default(100) })),

  // Managers' reports (issue 6): built from the local store; exports run in the background into the data folder's exports/.
  'reports.run': returns<ReportView>()(z.object({ name: z.enum(reportNames), filters: reportFiltersSchema.default({ outlets: [] }), language: z.enum(reportLanguages).default('id') })),
  'reports.export': returns<ExportStatus>()(
    z.object({
      name: z.enum(reportNames),
      filters: reportFiltersSchema.default({ outlets: [] }),
      format: z.enum(exportFormats),
      unmask: z.boolean().default(false),
      language: z.enum(reportLanguages).default('id'),
      csvDialect: z.enum(csvDialects).default('id'),
    }),
  ),
  'reports.exportStatus': returns<ExportStatus>()(z.object({ id })),
  'reports.exportLog': returns<ExportLogEntry[]>()(z.object({ limit: z.number().int().min(1).max(1000).default(100) })),

  // Staff accounts, sessions and the audit trail (issue 7). Who may call what: electron/core/auth/permissions.ts.
  'auth.session': returns<AuthState>()(none),
  'auth.staff': returns<StaffCard[]>()(none),
  'auth.signIn': returns<SessionInfo>()(signInSchema),
  'auth.signOut': returns<AuthState>()(none),
  'auth.lock': returns<AuthState>()(z.object({ reason: z.enum(['idle', 'manual']).default('manual') })),
  'auth.setupAdmin': returns<SessionInfo>()(setupAdminSchema),
  'auth.createStaff': returns<StaffCard>()(newStaffSchema),
  'auth.changeRole': returns<StaffMember>()(changeRoleSchema),
  'auth.setAutoLock': returns<AuthState>()(z.object({ minutes: z.number().int().min(1).max(240) })),
  'auth.staffList': returns<StaffDirectory>()(none),
  'auth.setStaffActive': returns<StaffMember>()(setStaffActiveSchema),
  'auth.resetPin': returns<StaffMember>()(resetPinSchema),
  'auth.changeOwnSecret': returns<{ changed: 'pin' | 'password' }>()(changeOwnSecretSchema),
  'audit.list': returns<AuditEntryView[]>()(auditFilterSchema),
  // The customer's rights under UU PDP (issue 7).
  'privacy.consents': returns<ConsentState>()(z.object({ customerId: id })),
  'privacy.consent': returns<ConsentState>()(consentInputSchema),
  'privacy.marketingList': returns<MarketingContact[]>()(z.object({ purpose: z.enum(consentPurposes), ownOutlet: z.boolean().default(false) })),
  'privacy.exportCustomer': returns<CustomerDataExport>()(z.object({ customerId: id })),
  'privacy.eraseCustomer': returns<ErasureSummary>()(eraseInputSchema),
  // Segments and campaigns (issue 18): managers build and launch, clerks work the contacts on "my day".
  'segments.count': returns<SegmentCount>()(segmentCountSchema),
  'segments.save': returns<SavedSegment>()(segmentSaveSchema),
  'segments.list': returns<SavedSegment[]>()(none),
  'segments.tiers': returns<SegmentTierOption[]>()(none),
  // Segment customer list export (CSV/XLSX, in the background like a report's).
  'segments.export': returns<ExportStatus>()(segmentExportSchema),
  'campaigns.create': returns<Campaign>()(campaignCreateSchema),
  'campaigns.launch': returns<{ campaign: Campaign; summary: LaunchSummary }>()(z.object({ campaignId: id })),
  'campaigns.list': returns<Campaign[]>()(none),
  'campaigns.results': returns<CampaignResultsView>()(z.object({ campaignId: id, language: z.enum(reportLanguages).default('id') })),
  'campaigns.export': returns<ExportStatus>()(
    z.object({ campaignId: id, format: z.enum(exportFormats), language: z.enum(reportLanguages).default('id'), csvDialect: z.enum(csvDialects).default('id') }),
  ),
  'campaigns.myDay': returns<CampaignContactItem[]>()(none),
  'campaigns.contact': returns<{ id: string; interactionId: string }>()(campaignContactSchema),
  // Knowing each customer (issue 19): the deeper profile, potential sales, the forecast and next best offers.
  'knowledge.get': returns<CustomerKnowledge>()(z.object({ customerId: id })),
  'knowledge.setFacts': returns<CustomerKnowledge>()(z.object({ customerId: id, facts: z.record(z.string(), z.unknown()) })),
  'knowledge.addFamily': returns<FamilyMember>()(familyMemberInputSchema),
  'knowledge.updateFamily': returns<FamilyMember>()(z.object({ familyMemberId: id, patch: z.record(z.string(), z.unknown()) })),
  'knowledge.removeFamily': returns<{ removed: true }>()(z.object({ familyMemberId: id })),
  'knowledge.setInterest': returns<CustomerKnowledge>()(z.object({ customerId: id, tagId: id, on: z.boolean() })),
  'knowledge.tags': returns<InterestTag[]>()(z.object({ includeRetired: z.boolean().default(false) })),
  'knowledge.curateTag': returns<InterestTag>()(z.object({ label: z.string().max(200), active: z.boolean().default(true) })),
  'knowledge.addCompetitorProduct': returns<CompetitorProduct>()(competitorProductInputSchema),
  'knowledge.removeCompetitorProduct': returns<{ removed: true }>()(z.object({ competitorProductId: id })),
  'opportunities.create': returns<Opportunity>()(opportunityCreateSchema),
  'opportunities.update': returns<Opportunity>()(opportunityUpdateSchema),
  'opportunities.list': returns<Opportunity[]>()(
    z.object({
      customerId: id.optional(),
      stage: z.enum(opportunityStages).optional(),
      open: z.boolean().default(false),
      limit: z.number().int().min(1).max(1000).default(200),
    }),
  ),
  // `limits`: a column's "show more" asks for more of its cards; the counts and totals are always over all of them.
  'opportunities.board': returns<PipelineColumn[]>()(
    z.object({
      limitPerColumn: z.number().int().min(1).max(500).default(50),
      limits: z.partialRecord(z.enum(opportunityStages), z.number().int().min(1).max(100_000)).default({}),
    }),
  ),
  'opportunities.forecast': returns<Forecast>()(z.object({ ownOutlet: z.boolean().default(true) })),
  'offers.forCustomer': returns<Offer[]>()(z.object({ customerId: id })),
  'offers.startOpportunity': returns<Opportunity>()(opportunityCreateSchema.omit({ offerId: true })),
  'offers.followUp': returns<{ followUpId: string }>()(
    z.object({ customerId: id, product: z.string().min(1).max(120), dueDate: z.string().max(10), owner: z.string().max(80).nullish() }),
  ),
  'offers.settings': returns<OfferSettings>()(none),
  'offers.saveSettings': returns<OfferSettings>()(z.object({ settings: offerSettingsSchema.partial() })),
  // Loyalty (issue 17): points, tier and the card's life at the counter; flagged balances for managers.
  'loyalty.summary': returns<LoyaltySummary>()(z.object({ customerId: id })),
  'loyalty.statement': returns<StatementLineView[]>()(
    z.object({ customerId: id, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(500).default(100) }),
  ),
  // Asynchronous (see asyncCalls): checked against the server's ledger when a sync engine runs and reaches it.
  'loyalty.redeem': returns<RedemptionView>()(z.object({ customerId: id, points: z.number(), key: z.string().max(100).optional() })),
  'loyalty.cardStatus': returns<CardState>()(z.object({ cardNo: z.string().min(1).max(40) })),
  'loyalty.flagged': returns<FlaggedBalanceView[]>()(none),
  'loyalty.replaceCard': returns<CardState>()(
    z.object({ cardNo: z.string().min(1).max(40), newCardNo: z.string().min(1).max(40), reason: z.string().max(200).optional() }),
  ),
  // Loyalty programme settings (issue 17 point 2, 5): versions of the rules and of the tiers, set by a manager.
  'loyalty.rules': returns<LoyaltyRuleView[]>()(none),
  'loyalty.setRule': returns<LoyaltyRuleView>()(z.object({ rule: z.unknown() })),
  'loyalty.tierProgrammes': returns<TierProgramme[]>()(none),
  'loyalty.setTiers': returns<TierProgramme>()(z.object({ programme: z.unknown() })),
  /** The outlet's calendar day, as rule and tier versions count it (the UTC date is yesterday there from 17:00 UTC in WIB). */
  'loyalty.today': returns<string>()(none),
} satisfies Record<CallName, { input: z.ZodType; output: unknown }>;

export type Contract = typeof contract;

/** Calls whose handler returns a promise (it waits for the server): transports dispatch them with dispatchCall. */
export const asyncCalls = ['loyalty.redeem', 'dedup.scan'] as const satisfies readonly CallName[];
export type AsyncCallName = (typeof asyncCalls)[number];
export { callNames, type CallName } from './callNames';
export type CallInput<K extends CallName> = z.input<Contract[K]['input']>;
export type ParsedInput<K extends CallName> = z.output<Contract[K]['input']>;
export type CallOutput<K extends CallName> = Contract[K]['output'];

/** What the renderer holds: every call as an async function. */
export type AkrabApi = { [K in CallName]: (input: CallInput<K>) => Promise<CallOutput<K>> };
