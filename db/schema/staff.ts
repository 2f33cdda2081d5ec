import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { auditColumns } from './columns';

export const roles = ['booth', 'clerk', 'manager', 'admin'] as const;

/** Staff accounts, synced to every device. Secrets are scrypt hashes, never the PIN or password itself. */
export const staff = sqliteTable(
  'staff',
  {
    id: text('id').primaryKey(),
    /** The outlet the account belongs to; null for admins, who serve every outlet. */
    outletId: text('outlet_id'),
    name: text('name').notNull(),
    role: text('role', { enum: roles }).notNull(),
    pinHash: text('pin_hash').notNull(),
    /** Managers and admins also have a password, asked for the actions only they may do. */
    passwordHash: text('password_hash'),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    ...auditColumns,
  },
  (t) => [index('staff_outlet_idx').on(t.outletId)],
);

/** Append-only trail of who did what: synced like every other write, never updated. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    at: text('at').notNull(),
    staffId: text('staff_id'),
    staffName: text('staff_name'),
    action: text('action').notNull(),
    /** The contract call or command behind the action. */
    call: text('call'),
    customerId: text('customer_id'),
    outcome: text('outcome', { enum: ['ok', 'denied', 'failed'] }).notNull(),
    details: text('details'),
    ...auditColumns,
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_staff_idx').on(t.staffId, t.at), index('audit_log_customer_idx').on(t.customerId, t.at)],
);

/** Failed sign-in attempts on this device: lockout is local, so it is not synced. */
export const signInAttempts = sqliteTable('sign_in_attempts', {
  staffId: text('staff_id').primaryKey(),
  failures: integer('failures').notNull().default(0),
  lockedUntil: text('locked_until'),
});
