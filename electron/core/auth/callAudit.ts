import type { CallName, CallOutput, ParsedInput } from '../../../shared/contract';
import type { CustomerDetail } from '../../../shared/types';
import { getCustomer } from '../customers/editCustomer';
import { recordAllMarketing, recordRegistrationConsents } from '../privacy/consents';
import { scopeFiltersFor } from '../reports/sessionScope';
import type { Store } from '../store/store';
import { transact } from '../store/writer';
import { audit, type AuditEntry } from './auditLog';
import type { Session } from './roles';

interface CallContext {
  store: Store;
  session: Session | null;
}

/**
 * What the boundary adds around a feature's call without the feature knowing: inputs narrowed to the caller
 * (a branch manager's reports), a before-image, and the audit entry written once the call succeeded.
 */
interface CallHook<K extends CallName> {
  prepare?: (ctx: CallContext, input: ParsedInput<K>) => ParsedInput<K>;
  before?: (ctx: CallContext, input: ParsedInput<K>) => unknown;
  after: (ctx: CallContext, input: ParsedInput<K>, output: CallOutput<K>, before: unknown) => AuditEntry | null;
  /**
   * The call and its audit entry commit together (the default): a crash never leaves a change without its
   * record, nor a record of a change that did not happen. Off for calls that commit in batches of their own.
   */
  atomic?: false;
}

type Hooks = { [K in CallName]?: CallHook<K> };

/** Only the fields a patch changed, before and after: the audit trail of an edit. */
function changedFields(before: CustomerDetail, after: CustomerDetail, patch: Record<string, unknown>) {
  const keys = Object.keys(patch).filter(
    (k) => k in after && JSON.stringify(before[k as keyof CustomerDetail]) !== JSON.stringify(after[k as keyof CustomerDetail]),
  );
  const pick = (c: CustomerDetail) => Object.fromEntries(keys.map((k) => [k, c[k as keyof CustomerDetail] ?? null]));
  return keys.length ? { before: pick(before), after: pick(after) } : null;
}

export const callHooks: Hooks = {
  'customers.get': { after: (_ctx, _input, output) => ({ action: 'customer.view', customerId: output.id }) },
  'customers.register': {
    after: ({ store, session }, { draft }, output) => {
      if (draft.consentPurposes) recordRegistrationConsents(store, session, output.id, draft.consentPurposes);
      else if (draft.consentMarketing) recordAllMarketing(store, session, output.id, true, 'registration');
      return { action: 'customer.register', customerId: output.id };
    },
  },
  'customers.update': {
    before: ({ store }, { customerId }) => getCustomer(store, customerId),
    after: ({ store, session }, { patch }, output, before) => {
      const diff = changedFields(before as CustomerDetail, output, patch);
      if (!diff) return null;
      if ('consentMarketing' in diff.after) recordAllMarketing(store, session, output.id, output.consentMarketing, 'counter');
      return { action: 'customer.edit', customerId: output.id, details: diff };
    },
  },
  'customers.addCard': {
    after: (_ctx, { cardNo }, output) => ({ action: 'customer.edit', customerId: output.id, details: { addedCard: cardNo } }),
  },
  'privacy.consent': {
    after: (_ctx, { purpose, granted, source }, output) => ({
      action: 'consent',
      customerId: output.customerId,
      details: { purpose, granted, source },
    }),
  },
  'reports.run': {
    prepare: ({ store, session }, input) => ({ ...input, filters: scopeFiltersFor(store, input.filters, session) }),
    after: () => null,
  },
  // Segments and campaigns (issue 18): a campaign's results exported from its screen.
  // A segment's customer list leaves the store: who, which segment, masked or not.
  'segments.export': {
    after: (_ctx, { segment, format, unmask }, output) => ({ action: 'export', details: { segment: segment ?? null, format, unmask, exportId: output.id } }),
  },
  'campaigns.export': {
    after: (_ctx, { campaignId, format }, output) => ({ action: 'export', details: { campaign: campaignId, format, exportId: output.id } }),
  },
  'reports.export': {
    prepare: ({ store, session }, input) => ({ ...input, filters: scopeFiltersFor(store, input.filters, session) }),
    after: (_ctx, { name, format, unmask, filters }, output) => ({
      action: 'export',
      details: { report: name, format, unmask, filters, exportId: output.id },
    }),
  },
  'dedup.merge': {
    after: (_ctx, { clusterId, reason }, output) => ({
      action: 'merge',
      customerId: output.survivorId,
      details: { clusterId, mergeId: output.mergeId, mergedIds: output.mergedIds, movedRows: output.movedRows, reason: reason ?? null },
    }),
  },
  'dedup.bulkMerge': {
    // Hundreds of merges, each committed on its own (and recorded in `merges` with who and when) so the store
    // stays usable; the audit entry for the whole run follows them.
    atomic: false,
    after: (_ctx, input, output) => ({ action: 'merge', details: { bulk: true, ...input, merged: output.merged } }),
  },
  'dedup.unmerge': {
    after: (_ctx, { mergeId }, output) => ({
      action: 'unmerge',
      customerId: output.survivorId,
      details: { mergeId, mergedIds: output.mergedIds },
    }),
  },
  'dedup.rejectCluster': {
    after: (_ctx, { clusterId, reason }) => ({ action: 'dedup.reject', details: { clusterId, reason: reason ?? null } }),
  },
  'care.holidays.save': { after: () => ({ action: 'settings.edit', details: { setting: 'holidays' } }) },
  'auth.setAutoLock': { after: (_ctx, { minutes }) => ({ action: 'settings.edit', details: { setting: 'auto_lock_minutes', minutes } }) },
};

export function runHooked<K extends CallName>(
  name: K,
  ctx: CallContext,
  input: ParsedInput<K>,
  handler: (input: ParsedInput<K>) => CallOutput<K>,
): CallOutput<K> {
  const hook = callHooks[name] as CallHook<K> | undefined;
  if (!hook) return handler(input);
  const call = () => {
    const prepared = hook.prepare ? hook.prepare(ctx, input) : input;
    const before = hook.before?.(ctx, prepared);
    const output = handler(prepared);
    const entry = hook.after(ctx, prepared, output, before);
    if (entry) audit(ctx.store, ctx.session, { call: name, ...entry });
    return output;
  };
  return hook.atomic === false ? call() : transact(ctx.store, call);
}
