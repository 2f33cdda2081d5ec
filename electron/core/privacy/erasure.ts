import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cards, customers, phones } from '../../../db/schema';
import { complaintEvents, complaints, followUpOutcomes, followUps, interactions } from '../../../db/schema/care';
import { mergeItems } from '../../../db/schema/dedup';
import { competitorProducts, customerFacts, customerInterests, familyMembers, opportunities } from '../../../db/schema/knowledge';
import { auditLog } from '../../../db/schema/staff';
import { AkrabError, validationError } from '../../../shared/errors';
import { consentPurposes, type CustomerDataExport, type ErasureSummary } from '../../../shared/privacy';
import { audit } from '../auth/auditLog';
import type { Session } from '../auth/roles';
import { exportsDir } from '../reports/exportJobs';
import type { Store } from '../store/store';
import type { SyncedTable } from '../store/syncedTables';
import { transact } from '../store/writer';
import { writeConsents } from './consents';
import { personIds, rowsAbout } from './customerRows';
import { ERASURE_ACTION, erasureMarkerOf } from './erasureMarker';
import { forgetEarlierValues } from './forgetEarlierValues';

const ERASED_TEXT = '[dihapus]';

/** The name typed back to confirm an erasure: case, spacing and Unicode forms do not matter. */
const foldForCompare = (text: string) => text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('id');

/** Whether a customer was erased: the audit trail records it (the row itself stays, pseudonymised). */
export function isErased(store: Store, customerId: string): boolean {
  return !!store.sqlite
    .prepare(`SELECT 1 FROM audit_log WHERE action = 'privacy.erase' AND customer_id = ? AND outcome = 'ok' LIMIT 1`)
    .get(customerId);
}

/** A customer's access request (UU PDP): every row the store holds about them, merged records included. */
export function exportCustomerData(store: Store, actor: Session | null, customerId: string): CustomerDataExport {
  const ids = personIds(store, customerId);
  const tables = rowsAbout(store, ids);
  if (!tables.customers?.length) throw new AkrabError({ code: 'not_found', messageKey: 'error.customer_not_found' });
  const exportedAt = store.now().toISOString();
  const data = { customerId: ids[0]!, exportedAt, exportedBy: actor?.name ?? null, tables };
  // Written beside the reports' exports, where the desktop app opens them, to hand to the customer.
  const file = path.join(exportsDir(store), `data-pelanggan-${ids[0]!}-${exportedAt.slice(0, 19).replace(/[-:T]/g, '')}.json`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(data, null, 2), { mode: 0o600 });
  audit(store, actor, {
    action: 'privacy.access_export',
    call: 'privacy.exportCustomer',
    customerId: ids[0]!,
    details: { file: path.basename(file), tables: Object.fromEntries(Object.entries(tables).map(([t, rows]) => [t, rows.length])) },
  });
  return { ...data, file };
}

/**
 * Erases a customer on request: identifiers and free text about them are overwritten with a pseudonym or
 * nothing (so the erasure syncs as ordinary writes), phones and cards are retired, consent is withdrawn for
 * every purpose, and earlier audit entries lose their details. Purchases stay, tied to the pseudonym, so the
 * outlet's totals do not change. Irreversible: the unmerge before-images are scrubbed too.
 */
export function eraseCustomer(
  store: Store,
  actor: Session | null,
  input: { customerId: string; confirmName: string; reason?: string },
): ErasureSummary {
  const ids = personIds(store, input.customerId);
  const root = ids[0]!;
  const row = store.sqlite.prepare('SELECT full_name FROM customers WHERE id = ? AND deleted_at IS NULL').get(root) as
    { full_name: string } | undefined;
  if (!row) throw new AkrabError({ code: 'not_found', messageKey: 'error.customer_not_found' });
  if (isErased(store, root)) throw new AkrabError({ code: 'conflict', messageKey: 'error.customer_already_erased' });
  if (foldForCompare(input.confirmName) !== foldForCompare(row.full_name))
    throw validationError('confirmName', 'error.erase_confirm_mismatch');

  const pseudonym = `Pelanggan terhapus ${createHash('sha256').update(root).digest('hex').slice(0, 8).toUpperCase()}`;
  const placeholders = ids.map(() => '?').join(', ');
  const select = (sql: string) =>
    store.sqlite
      .prepare(sql)
      .pluck()
      .all(...ids) as string[];
  const totals = store.sqlite
    .prepare(
      `SELECT count(*) AS n, coalesce(sum(amount), 0) AS total FROM purchases WHERE customer_id IN (${placeholders}) AND deleted_at IS NULL`,
    )
    .get(...ids) as { n: number; total: number };
  const erasedAt = store.now().toISOString();
  const lastSeqBefore = store.sqlite.prepare('SELECT coalesce(max(seq), 0) FROM changes').pluck().get() as number;

  transact(store, (w) => {
    const scrub = (table: SyncedTable, rowIds: string[], values: Record<string, unknown>) => {
      for (const id of rowIds) w.update(table, id, values as never);
    };
    // The customer row is written first: its stamp starts the erasure's marker (erasureMarker.ts).
    for (const id of ids) {
      w.update(customers, id, {
        fullName: pseudonym,
        nameSearch: pseudonym.toLowerCase(),
        gender: null,
        birthDate: null,
        nik: null,
        email: null,
        address: null,
        notes: null,
        consentBy: null,
      });
    }
    // Retired identifiers keep a unique placeholder: the unique indexes and the sync's parked-value rule still hold.
    for (const id of select(`SELECT id FROM phones WHERE customer_id IN (${placeholders})`)) {
      w.update(phones, id, { e164: `erased:${id}`, digitsReversed: '' });
      w.remove(phones, id);
    }
    for (const id of select(`SELECT id FROM cards WHERE customer_id IN (${placeholders})`))
      w.update(cards, id, { cardNo: `ERASED-${id}`, status: 'blocked' });
    scrub(interactions, select(`SELECT id FROM interactions WHERE customer_id IN (${placeholders})`), { note: null });
    const complaintIds = select(`SELECT id FROM complaints WHERE customer_id IN (${placeholders})`);
    scrub(complaints, complaintIds, { description: ERASED_TEXT, promisedAction: null });
    for (const complaintId of complaintIds) {
      scrub(
        complaintEvents,
        store.sqlite.prepare('SELECT id FROM complaint_events WHERE complaint_id = ?').pluck().all(complaintId) as string[],
        { note: null },
      );
    }
    const followUpIds = select(`SELECT id FROM follow_ups WHERE customer_id IN (${placeholders})`);
    scrub(followUps, followUpIds, { reason: ERASED_TEXT });
    scrub(
      followUpOutcomes,
      followUpIds.filter((id) => store.sqlite.prepare('SELECT 1 FROM follow_up_outcomes WHERE id = ?').get(id)),
      { note: null },
    );
    // The deeper profile (issue 19): facts emptied, family and competitor products emptied and removed, interests
    // untagged, opportunity notes emptied (the opportunities stay for the outlet's pipeline figures, like purchases).
    scrub(customerFacts, select(`SELECT id FROM customer_facts WHERE customer_id IN (${placeholders})`), { value: null });
    for (const id of select(`SELECT id FROM family_members WHERE customer_id IN (${placeholders})`)) {
      w.update(familyMembers, id, { name: ERASED_TEXT, birthDate: null, memberCustomerId: null });
      w.remove(familyMembers, id);
    }
    // Other customers' family lists keep a member, no longer this customer's name or link.
    scrub(familyMembers, select(`SELECT id FROM family_members WHERE member_customer_id IN (${placeholders})`), {
      name: ERASED_TEXT,
      birthDate: null,
      memberCustomerId: null,
    });
    for (const id of select(`SELECT id FROM competitor_products WHERE customer_id IN (${placeholders})`)) {
      w.update(competitorProducts, id, { brand: ERASED_TEXT, product: ERASED_TEXT, since: null });
      w.remove(competitorProducts, id);
    }
    scrub(customerInterests, select(`SELECT id FROM customer_interests WHERE customer_id IN (${placeholders})`), { active: false });
    scrub(opportunities, select(`SELECT id FROM opportunities WHERE customer_id IN (${placeholders})`), { note: null, lostNote: null });
    // Earlier audit entries keep who did what and when, but no longer the values (before/after of edits).
    scrub(auditLog, select(`SELECT id FROM audit_log WHERE customer_id IN (${placeholders}) AND details IS NOT NULL`), {
      details: JSON.stringify({ erased: true }),
    });
    writeConsents(
      w,
      store,
      actor,
      root,
      consentPurposes.map((purpose) => ({ purpose, granted: false })),
      'erasure',
    );
    scrubMergeImages(store, ids);
    // The audit entry is the erasure's last write and, with the stamp of its first, tells every replica which
    // changes the erasure wrote (erasureMarker.ts); in the same transaction, so no erasure goes unmarked.
    const changesFrom = store.sqlite
      .prepare('SELECT hlc FROM changes WHERE seq > ? ORDER BY seq LIMIT 1')
      .pluck()
      .get(lastSeqBefore) as string;
    audit(store, actor, {
      action: ERASURE_ACTION,
      call: 'privacy.eraseCustomer',
      customerId: root,
      details: { records: ids.length, purchasesKept: totals.n, purchaseTotal: totals.total, reason: input.reason ?? null, changesFrom },
    });
    const marker = store.sqlite
      .prepare('SELECT table_name AS "table", device_id AS deviceId, hlc, data FROM changes ORDER BY seq DESC LIMIT 1')
      .get() as { table: string; deviceId: string; hlc: string; data: string };
    const erasure = erasureMarkerOf({ ...marker, data: JSON.parse(marker.data) as Record<string, unknown> });
    if (!erasure) throw new Error('erasure written without its marker');
    // The log of earlier writes would still tell the old name, NIK and phone: those values are replaced too.
    // Other devices and the server do the same when the marker reaches them.
    forgetEarlierValues(store, erasure);
  });
  // Search and duplicate-finding indexes the dedup scan keeps locally (not synced) are rebuilt by the next scan.
  for (const table of ['dedup_keys', 'dedup_cluster_members']) {
    if (store.sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE name = ?`).get(table))
      store.sqlite.prepare(`DELETE FROM ${table} WHERE customer_id IN (${placeholders})`).run(...ids);
  }
  // Access-request files made earlier for this customer hold everything in clear.
  const dir = exportsDir(store);
  if (existsSync(dir))
    for (const name of readdirSync(dir))
      if (ids.some((id) => name.startsWith(`data-pelanggan-${id}-`))) rmSync(path.join(dir, name), { force: true });
  return { customerId: root, pseudonym, erasedAt, purchasesKept: totals.n, purchaseTotal: totals.total };
}

/** Merge before-images hold the customer's old values: emptied, which makes those merges impossible to undo. */
function scrubMergeImages(store: Store, ids: string[]): void {
  const all = rowsAbout(store, ids).merge_items ?? [];
  if (all.length === 0) return;
  transact(store, (w) => {
    for (const item of all) w.update(mergeItems, String(item.id), { before: JSON.stringify({ erased: true }) });
  });
}
