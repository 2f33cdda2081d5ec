import { customers } from '../../../db/schema';
import { consents } from '../../../db/schema/privacy';
import { AkrabError } from '../../../shared/errors';
import {
  consentPurposes,
  type ConsentPurpose,
  type ConsentRecord,
  type ConsentState,
  type MarketingContact,
} from '../../../shared/privacy';
import type { Session } from '../auth/roles';
import { resolveMerged } from '../dedup/merge';
import { newId } from '../ids';
import type { Store } from '../store/store';
import { transact, type Writer } from '../store/writer';

export type ConsentSource = 'counter' | 'registration' | 'written_request' | 'phone_call' | 'erasure';

function requireLiveCustomer(store: Store, customerId: string): string {
  const id = resolveMerged(store, customerId);
  const exists = store.sqlite.prepare('SELECT 1 FROM customers WHERE id = ? AND deleted_at IS NULL').get(id);
  if (!exists) throw new AkrabError({ code: 'not_found', messageKey: 'error.customer_not_found' });
  return id;
}

/** The latest answer per purpose; the legacy single flag stands for every purpose never asked one by one. */
function latestAnswers(store: Store, customerId: string): Map<ConsentPurpose, boolean> {
  const rows = store.sqlite
    .prepare(
      `SELECT purpose, granted FROM consents WHERE customer_id = ? AND deleted_at IS NULL
       ORDER BY at, rowid`,
    )
    .all(customerId) as { purpose: ConsentPurpose; granted: number }[];
  const answers = new Map<ConsentPurpose, boolean>();
  for (const row of rows) answers.set(row.purpose, row.granted === 1);
  return answers;
}

/**
 * Writes grants or withdrawals (inside the caller's transaction) and keeps the customer's single marketing flag,
 * which the care rules read, equal to "some marketing purpose is granted": a withdrawal of the last purpose
 * stops every campaign at once.
 */
export function writeConsents(
  w: Writer,
  store: Store,
  actor: Session | null,
  customerId: string,
  answers: { purpose: ConsentPurpose; granted: boolean }[],
  source: ConsentSource,
): void {
  const legacy = store.sqlite.prepare('SELECT consent_marketing FROM customers WHERE id = ?').pluck().get(customerId) === 1;
  const before = latestAnswers(store, customerId);
  for (const { purpose, granted } of answers) {
    w.insert(consents, {
      id: newId(),
      customerId,
      purpose,
      granted,
      at: w.nowIso,
      staffId: actor?.staffId ?? null,
      staffName: actor?.name ?? store.staff,
      outletId: store.outletId,
      source,
    });
    before.set(purpose, granted);
  }
  const anyGranted = consentPurposes.some((p) => before.get(p) ?? legacy);
  if (anyGranted !== legacy)
    w.update(customers, customerId, { consentMarketing: anyGranted, consentAt: w.nowIso, consentBy: actor?.name ?? store.staff });
}

export function recordConsent(
  store: Store,
  actor: Session | null,
  input: { customerId: string; purpose: ConsentPurpose; granted: boolean; source: ConsentSource },
): ConsentState {
  const customerId = requireLiveCustomer(store, input.customerId);
  transact(store, (w) => writeConsents(w, store, actor, customerId, [{ purpose: input.purpose, granted: input.granted }], input.source));
  return consentState(store, customerId);
}

/** The single `consentMarketing` flag of older callers (CLI, imports, API patches) stands for every marketing purpose at once. */
export function recordAllMarketing(store: Store, actor: Session | null, customerId: string, granted: boolean, source: ConsentSource): void {
  transact(store, (w) =>
    writeConsents(
      w,
      store,
      actor,
      customerId,
      consentPurposes.map((purpose) => ({ purpose, granted })),
      source,
    ),
  );
}

/**
 * The answers given at registration, one per purpose: the ones ticked as grants, the others as refusals (so a
 * customer who agreed to WhatsApp only is not taken for agreeing to every channel).
 */
export function recordRegistrationConsents(store: Store, actor: Session | null, customerId: string, granted: readonly ConsentPurpose[]): void {
  transact(store, (w) =>
    writeConsents(
      w,
      store,
      actor,
      customerId,
      consentPurposes.map((purpose) => ({ purpose, granted: granted.includes(purpose) })),
      'registration',
    ),
  );
}

export function consentState(store: Store, rawCustomerId: string): ConsentState {
  const customerId = requireLiveCustomer(store, rawCustomerId);
  const customer = store.sqlite.prepare('SELECT consent_marketing, consent_at, consent_by FROM customers WHERE id = ?').get(customerId) as {
    consent_marketing: number;
    consent_at: string | null;
    consent_by: string | null;
  };
  const history = (
    store.sqlite
      .prepare(
        `SELECT k.purpose, k.granted, k.at, k.staff_name, o.code AS outlet_code, k.source FROM consents k LEFT JOIN outlets o ON o.id = k.outlet_id
         WHERE k.customer_id = ? AND k.deleted_at IS NULL ORDER BY k.at DESC, k.rowid DESC`,
      )
      .all(customerId) as {
      purpose: ConsentPurpose;
      granted: number;
      at: string;
      staff_name: string | null;
      outlet_code: string | null;
      source: string;
    }[]
  ).map((r): ConsentRecord => ({
    purpose: r.purpose,
    granted: r.granted === 1,
    at: r.at,
    staffName: r.staff_name,
    outletCode: r.outlet_code,
    source: r.source,
  }));
  const current = Object.fromEntries(
    consentPurposes.map((purpose) => {
      const latest = history.find((h) => h.purpose === purpose);
      if (latest) return [purpose, { granted: latest.granted, at: latest.at, staffName: latest.staffName }];
      return [
        purpose,
        customer.consent_marketing === 1 ? { granted: true, at: customer.consent_at, staffName: customer.consent_by } : null,
      ];
    }),
  ) as ConsentState['current'];
  return { customerId, current, history };
}

/**
 * Who may be contacted for one marketing purpose right now: the latest answer for that purpose is a grant (or,
 * never asked one by one, the legacy flag is set). A withdrawal written a moment ago is already excluded.
 */
export function marketingAudience(store: Store, purpose: ConsentPurpose, outletId?: string | null): MarketingContact[] {
  const rows = store.sqlite
    .prepare(
      `SELECT c.id, c.full_name, c.email,
              (SELECT p.e164 FROM phones p WHERE p.customer_id = c.id AND p.deleted_at IS NULL ORDER BY p.created_at, p.rowid LIMIT 1) AS phone
         FROM customers c
        WHERE c.deleted_at IS NULL AND c.merged_into IS NULL ${outletId ? 'AND c.registered_outlet_id = @outlet' : ''}
          AND coalesce((SELECT k.granted FROM consents k WHERE k.customer_id = c.id AND k.purpose = @purpose AND k.deleted_at IS NULL ORDER BY k.at DESC, k.rowid DESC LIMIT 1), c.consent_marketing) = 1
        ORDER BY c.full_name`,
    )
    .all({ purpose, ...(outletId ? { outlet: outletId } : {}) }) as {
    id: string;
    full_name: string;
    email: string | null;
    phone: string | null;
  }[];
  return rows.map((r) => ({ customerId: r.id, fullName: r.full_name, phone: r.phone, email: r.email }));
}
