import type { AuditEntryView } from '../../../shared/auth';
import { auditLog } from '../../../db/schema/staff';
import { lookupCustomer } from '../customers/lookup';
import { searchCustomers } from '../customers/search';
import { newId } from '../ids';
import { ERASURE_ACTION } from '../privacy/erasureMarker';
import type { Store } from '../store/store';
import { transact } from '../store/writer';
import type { Session } from './roles';

export interface AuditEntry {
  action: string;
  call?: string;
  customerId?: string | null;
  outcome?: 'ok' | 'denied' | 'failed';
  details?: Record<string, unknown>;
}

/** Appends to the audit trail (in the caller's transaction when there is one). Entries are never updated. */
export function audit(store: Store, session: Session | null, entry: AuditEntry): void {
  transact(store, (w) =>
    w.insert(auditLog, {
      id: newId(),
      at: store.now().toISOString(),
      staffId: session?.staffId ?? null,
      staffName: session?.name ?? null,
      action: entry.action,
      call: entry.call ?? null,
      customerId: entry.customerId ?? null,
      outcome: entry.outcome ?? 'ok',
      details: entry.details ? JSON.stringify(entry.details) : null,
    }),
  );
}

export interface AuditFilter {
  from?: string;
  to?: string;
  staffId?: string;
  customerId?: string;
  /** A name, card number or phone: the entries about every customer it finds (and those merged into them). */
  customer?: string;
  action?: string;
  limit?: number;
}

/** One entry as the manager's screen shows it (the contract's shape). */
export type AuditRow = AuditEntryView;

/**
 * The customers a manager means by what they typed: the exact card or phone when there is one, else the
 * search's hits; with the records merged into them, whose history is theirs.
 */
function customersMeant(store: Store, text: string): string[] {
  const exact = lookupCustomer(store, text);
  const ids = exact ? [exact.customer.id] : searchCustomers(store, text, 50).map((h) => h.customerId);
  if (ids.length === 0) return [];
  const merged = store.sqlite
    .prepare(`SELECT id FROM customers WHERE merged_into IN (${ids.map(() => '?').join(', ')})`)
    .pluck()
    .all(...ids) as string[];
  return [...new Set([...ids, ...merged])];
}

export function listAudit(store: Store, filter: AuditFilter = {}): AuditRow[] {
  const where: string[] = ['a.deleted_at IS NULL'];
  const params: unknown[] = [];
  if (filter.from) {
    where.push('a.at >= ?');
    params.push(filter.from);
  }
  if (filter.to) {
    where.push('a.at < ?');
    params.push(filter.to);
  }
  if (filter.staffId) {
    where.push('a.staff_id = ?');
    params.push(filter.staffId);
  }
  if (filter.customerId) {
    where.push('a.customer_id = ?');
    params.push(filter.customerId);
  }
  if (filter.customer) {
    const ids = customersMeant(store, filter.customer);
    if (ids.length === 0) return [];
    where.push(`a.customer_id IN (${ids.map(() => '?').join(', ')})`);
    params.push(...ids);
  }
  if (filter.action) {
    where.push('a.action = ?');
    params.push(filter.action);
  }
  // The customer's name and first live card as they are now (an erased one's pseudonym; its cards were blanked).
  const rows = store.sqlite
    .prepare(
      `SELECT a.id, a.at, a.staff_id, a.staff_name, a.action, a.call, a.customer_id, a.outcome, a.details,
              c.full_name AS customer_name,
              (SELECT k.card_no FROM cards k WHERE k.customer_id = a.customer_id AND k.deleted_at IS NULL AND k.card_no NOT LIKE 'ERASED-%'
                 ORDER BY k.issued_at LIMIT 1) AS card_no,
              EXISTS (SELECT 1 FROM audit_log e WHERE e.customer_id = a.customer_id AND e.action = '${ERASURE_ACTION}' AND e.outcome = 'ok') AS erased,
              s.name AS subject_staff_name
         FROM audit_log a
         LEFT JOIN customers c ON c.id = a.customer_id
         LEFT JOIN staff s ON s.id = json_extract(a.details, '$.staffId')
        WHERE ${where.join(' AND ')} ORDER BY a.at DESC, a.rowid DESC LIMIT ?`,
    )
    .all(...params, filter.limit ?? 500) as Record<string, string | number | null>[];
  const text = (v: string | number | null | undefined) => (v === null || v === undefined ? null : String(v));
  return rows.map((r) => ({
    id: String(r.id),
    at: String(r.at),
    staffId: text(r.staff_id),
    staffName: text(r.staff_name),
    action: String(r.action),
    call: text(r.call),
    customerId: text(r.customer_id),
    customer:
      r.customer_name === null || r.customer_name === undefined
        ? null
        : { name: String(r.customer_name), cardNo: text(r.card_no), erased: r.erased === 1 },
    subjectStaffName: text(r.subject_staff_name),
    outcome: String(r.outcome),
    details: r.details ? JSON.parse(String(r.details)) : null,
  }));
}
