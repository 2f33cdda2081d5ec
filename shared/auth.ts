import { z } from 'zod';

/** Roles from least to most: each can do everything the ones before it can. */
export const staffRoles = ['booth', 'clerk', 'manager', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

/** A staff account as the sign-in screen and the staff list show it: never a secret. */
export interface StaffCard {
  id: string;
  name: string;
  role: StaffRole;
  outletCode: string | null;
  active: boolean;
  /** Demo store only: the account's PIN (and password), printed on the sign-in screen so a newcomer can try every role. */
  demoPin?: string;
  demoPassword?: string;
}

export interface SessionInfo {
  staffId: string;
  name: string;
  role: StaffRole;
  outletCode: string | null;
  /** How the session was opened: a PIN serves the counter; manager calls need the password. */
  method: 'pin' | 'password';
  /** Minutes without activity after which the device locks itself. */
  autoLockMinutes: number;
}

/** What a signed-out screen needs: who is signed in (nobody or someone), and whether the device has any staff yet. */
export interface AuthState {
  session: SessionInfo | null;
  hasStaff: boolean;
  autoLockMinutes: number;
}

export interface AuditEntryView {
  id: string;
  at: string;
  staffId: string | null;
  staffName: string | null;
  action: string;
  call: string | null;
  customerId: string | null;
  outcome: string;
  details: unknown;
}

const pin = z.string().regex(/^\d{4,8}$/, { error: 'error.pin_format' });
const password = z.string().min(8, { error: 'error.password_too_short' }).max(200, { error: 'error.too_long' });
const staffName = z.string().trim().min(1, { error: 'error.name_required' }).max(80, { error: 'error.too_long' });
const outletCode = z.string().trim().max(32, { error: 'error.too_long' });

export const signInSchema = z
  .object({ staffId: z.string().min(1).max(64), pin: z.string().max(8).optional(), password: z.string().max(200).optional() })
  .refine((v) => !!v.pin !== !!v.password, { error: 'error.pin_or_password', path: ['pin'] });

export const newStaffSchema = z.object({
  name: staffName,
  role: z.enum(staffRoles),
  outletCode: outletCode.nullish(),
  pin,
  password: password.nullish(),
});

export const setupAdminSchema = z.object({ name: staffName, pin, password });

export const auditFilterSchema = z.object({
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  staffId: z.string().max(64).optional(),
  customerId: z.string().max(64).optional(),
  action: z.string().max(40).optional(),
  limit: z.number().int().min(1).max(2000).default(500),
});
