import { AkrabError, validationError } from '../../../shared/errors';

/** The specific errors of the knowledge features; each message key is translated in the UI and the CLI. */
export const knowledgeErrors = {
  familySelfLink: () => validationError('memberCustomerId', 'error.knowledge.family_self_link'),
  familyMemberNotFound: () =>
    new AkrabError({ code: 'not_found', field: 'familyMemberId', messageKey: 'error.knowledge.family_member_not_found' }),
  linkedCustomerNotFound: () => new AkrabError({ code: 'not_found', field: 'memberCustomerId', messageKey: 'error.customer_not_found' }),
  tagNotFound: () => new AkrabError({ code: 'not_found', field: 'tagId', messageKey: 'error.knowledge.interest_tag_not_found' }),
  managerRequired: () => new AkrabError({ code: 'forbidden', messageKey: 'error.knowledge.manager_required' }),
  competitorProductNotFound: () =>
    new AkrabError({ code: 'not_found', field: 'competitorProductId', messageKey: 'error.knowledge.competitor_product_not_found' }),
  opportunityNotFound: () =>
    new AkrabError({ code: 'not_found', field: 'opportunityId', messageKey: 'error.knowledge.opportunity_not_found' }),
  illegalTransition: (from: string, to: string) =>
    new AkrabError({ code: 'conflict', field: 'stage', messageKey: 'error.knowledge.stage_change_illegal', params: { from, to } }),
  decisionDateInPast: () => validationError('expectedDecisionDate', 'error.knowledge.decision_date_past'),
  followUpDateInPast: () => validationError('followUpDate', 'error.due_date_past'),
  invoiceRequired: () => validationError('invoiceNo', 'error.knowledge.won_needs_invoice'),
  invoiceNotFound: () => new AkrabError({ code: 'not_found', field: 'invoiceNo', messageKey: 'error.knowledge.invoice_not_of_customer' }),
  lostReasonRequired: () => validationError('lostReason', 'error.knowledge.lost_needs_reason'),
  notOpen: () => new AkrabError({ code: 'conflict', field: 'stage', messageKey: 'error.knowledge.opportunity_closed' }),
};
