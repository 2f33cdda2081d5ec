import { z } from 'zod';
import { personName } from './schemas';

/** Roles from least to most: each can do everything the ones before it can. */
export const staffRoles = ['booth', 'clerk', 'manager', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];

/** Wrong secrets in a row (signing in, or changing one's own) that lock an account on a device, and for how long. */
export const LOCKOUT = { maxFailures: 5, minutes: 5 } as const;

/** A new or reset PIN has 6–8 digits; PINs of 4–5 digits set earlier still sign in (and are advised to change). */
export const NEW_PIN_MIN_DIGITS = 6;
export const PIN_MAX_DIGITS = 8;
export const NEW_PIN_PATTERN = new RegExp(`^\\d{${NEW_PIN_MIN_DIGITS},${PIN_MAX_DIGITS}}$`);

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

/** An account as the staff screen shows it to a manager or admin. */
export interface StaffMember extends StaffCard {
  hasPassword: boolean;
  /** Until when this device refuses the account after too many wrong secrets (the lockout is per device). */
  lockedUntil: string | null;
  /** Whether the signed-in staff member may change this account (role, active, PIN reset). */
  manageable: boolean;
}

/** The staff screen: the accounts the signed-in manager or admin sees, and what they may give a new account. */
export interface StaffDirectory {
  staff: StaffMember[];
  /** The outlets a new account may belong to (a manager: their own). */
  outlets: { code: string; name: string }[];
  assignableRoles: StaffRole[];
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
  /** Signed in with a PIN shorter than a new one may be (set before 6 digits were required): advise a change. */
  pinChangeAdvised: boolean;
}

/** What a signed-out screen needs: who is signed in (nobody or someone), and whether the device has any staff yet. */
export interface AuthState {
  session: SessionInfo | null;
  hasStaff: boolean;
  autoLockMinutes: number;
}

/** The customer an audit entry is about, as a manager knows them (an erased customer by its pseudonym, no card). */
export interface AuditCustomer {
  name: string;
  cardNo: string | null;
  erased: boolean;
}

export interface AuditEntryView {
  id: string;
  at: string;
  staffId: string | null;
  staffName: string | null;
  action: string;
  call: string | null;
  customerId: string | null;
  customer: AuditCustomer | null;
  /** The staff account a staff or sign-in entry is about (details.staffId), by name. */
  subjectStaffName: string | null;
  outcome: string;
  details: unknown;
}

const pin = z.string().regex(NEW_PIN_PATTERN, { error: 'error.pin_format' });
const password = z.string().min(8, { error: 'error.password_too_short' }).max(200, { error: 'error.too_long' });
const staffName = personName(80);
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

const staffId = z.string().min(1).max(64);

/** A role change; `password` sets one when the new role needs it and the account has none. */
export const changeRoleSchema = z.object({ staffId, role: z.enum(staffRoles), password: password.nullish() });

export const setStaffActiveSchema = z.object({ staffId, active: z.boolean() });

/** Another staff member's new PIN (and, for a manager or admin, optionally a new password). */
export const resetPinSchema = z.object({ staffId, pin, password: password.nullish() });

/** One's own PIN or password, given the current one of the same kind. */
export const changeOwnSecretSchema = z.object({
  what: z.enum(['pin', 'password']),
  current: z.string().min(1, { error: 'error.current_secret_wrong' }).max(200, { error: 'error.too_long' }),
  // The rules for the new secret depend on its kind: the core checks them (error.pin_format, error.pin_weak…).
  next: z.string().max(200, { error: 'error.too_long' }),
});

export const auditFilterSchema = z.object({
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  staffId: z.string().max(64).optional(),
  customerId: z.string().max(64).optional(),
  /** A customer's name, card number or phone, as the manager types it; the core finds whom it means. */
  customer: z.string().trim().max(100).optional(),
  action: z.string().max(40).optional(),
  limit: z.number().int().min(1).max(2000).default(500),
});
