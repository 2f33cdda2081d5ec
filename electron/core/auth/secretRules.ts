import { NEW_PIN_MIN_DIGITS, NEW_PIN_PATTERN } from '../../../shared/auth';
import { validationError } from '../../../shared/errors';
import { roleRank, type Role } from './roles';

/**
 * A PIN someone chooses: 6–8 digits, not one digit repeated and not a straight run (111111 and 123456 are the
 * first things a thief types). Six digits because every device holds every PIN hash: a copied store must not give
 * a PIN away in hours (tests/bench/pinCrackBench.ts measures it; electron/core/auth/README.md has the figures).
 */
export function checkNewPin(pin: string, field = 'pin'): void {
  if (!NEW_PIN_PATTERN.test(pin)) throw validationError(field, 'error.pin_format');
  if (isGuessablePin(pin)) throw validationError(field, 'error.pin_weak');
}

/** One digit repeated, or each digit one above (or one below) the previous, 9 wrapping to 0: 000000, 123456, 789012, 987654. */
export function isGuessablePin(pin: string): boolean {
  const steps = new Set<number>();
  for (let i = 1; i < pin.length; i++) steps.add((pin.charCodeAt(i) - pin.charCodeAt(i - 1) + 10) % 10);
  return steps.size === 1 && [0, 1, 9].includes([...steps][0]!);
}

/**
 * The demo store's printed PINs (1111…) and PINs set before six digits were required: 4–8 digits. They still
 * sign in; a PIN shorter than a new one may be is advised to change (`pinChangeAdvised`).
 */
export function checkLegacyPinFormat(pin: string, field = 'pin'): void {
  if (!/^\d{4,8}$/.test(pin)) throw validationError(field, 'error.pin_format');
}

export function pinChangeAdvised(pin: string): boolean {
  return pin.length < NEW_PIN_MIN_DIGITS;
}

export function checkNewPassword(password: string | null | undefined, field = 'password'): asserts password is string {
  if (!password || password.length < 8) throw validationError(field, 'error.password_too_short');
  if (password.length > 200) throw validationError(field, 'error.too_long');
}

/** Managers and admins also need a password: their screens ask for it. */
export function roleNeedsPassword(role: Role): boolean {
  return roleRank[role] >= roleRank.manager;
}
