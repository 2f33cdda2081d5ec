import { validationError } from '../../../shared/errors';
import { roleRank, type Role } from './roles';

/** A PIN is 4–8 digits. */
export function checkPinFormat(pin: string, field = 'pin'): void {
  if (!/^\d{4,8}$/.test(pin)) throw validationError(field, 'error.pin_format');
}

/** A PIN someone chooses: the format, and not one digit repeated (1111 is the first thing a thief types). */
export function checkNewPin(pin: string, field = 'pin'): void {
  checkPinFormat(pin, field);
  if (/^(\d)\1*$/.test(pin)) throw validationError(field, 'error.pin_weak');
}

export function checkNewPassword(password: string | null | undefined, field = 'password'): asserts password is string {
  if (!password || password.length < 8) throw validationError(field, 'error.password_too_short');
  if (password.length > 200) throw validationError(field, 'error.too_long');
}

/** Managers and admins also need a password: their screens ask for it. */
export function roleNeedsPassword(role: Role): boolean {
  return roleRank[role] >= roleRank.manager;
}
