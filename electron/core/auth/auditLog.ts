import type { AuditEntryView } from '../../../shared/auth';
import { auditLog } from '../../../db/schema/staff';
import { newId } from '../ids';
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
  action?: string;
  limit?: number;
}

/** One entry as the manager's screen shows it (the contract's shape). */
export type AuditRow = AuditEntryView;

export function listAudit(store: Store, filter: AuditFilter = {}): AuditRow[] {
  const where: string[] = ['deleted_at IS NULL'];
  const params: unknown[] = [];
  if (filter.from) {
    where.push('at >= ?');
    params.push(filter.from);
  }
  if (filter.to) {
    where.push('at < ?');
    params.push(filter.to);
  }
  if (filter.staffId) {
    where.push('staff_id = ?');
    params.push(filter.staffId);
  }
  if (filter.customerId) {
    where.push('customer_id = ?');
    params.push(filter.customerId);
  }
  if (filter.action) {
    where.push('action = ?');
    params.push(filter.action);
  }
  const rows = store.sqlite
    .prepare(`SELECT id, at, staff_id, staff_name, action, call, customer_id, outcome, details FROM audit_log WHERE ${where.join(' AND ')} ORDER BY at DESC, rowid DESC LIMIT ?`)
    .all(...params, filter.limit ?? 500) as Record<string, string | null>[];
  return rows.map((r) => ({
    id: r.id!,
    at: r.at!,
    staffId: r.staff_id ?? null,
    staffName: r.staff_name ?? null,
    action: r.action!,
    call: r.call ?? null,
    customerId: r.customer_id ?? null,
    outcome: r.outcome!,
    details: r.details ? JSON.parse(r.details) : null,
  }));
}
