import { LOCKOUT } from '../../../shared/auth';
import type { Store } from '../store/store';

export const MAX_FAILURES = LOCKOUT.maxFailures;
export const LOCK_MINUTES = LOCKOUT.minutes;

/**
 * Wrong secrets in a row per account on this device (`sign_in_attempts`, not synced): signing in and changing
 * one's own PIN or password both count, so a forgotten signed-in screen is no easier to guess on than the
 * sign-in screen.
 */
export function lockedUntil(store: Store, staffId: string): string | null {
  const row = store.sqlite.prepare(`SELECT locked_until FROM sign_in_attempts WHERE staff_id = ?`).get(staffId) as
    { locked_until: string | null } | undefined;
  return row?.locked_until && row.locked_until > store.now().toISOString() ? row.locked_until : null;
}

/** Records one attempt (in the caller's transaction, if any); returns when the account is now locked until, or null. */
export function recordAttempt(store: Store, staffId: string, ok: boolean): string | null {
  if (ok) {
    clearAttempts(store, staffId);
    return null;
  }
  const previous = store.sqlite.prepare(`SELECT failures FROM sign_in_attempts WHERE staff_id = ?`).pluck().get(staffId) as
    number | undefined;
  const failures = (previous ?? 0) + 1;
  const until = failures >= MAX_FAILURES ? new Date(store.now().getTime() + LOCK_MINUTES * 60_000).toISOString() : null;
  store.sqlite
    .prepare(
      `INSERT INTO sign_in_attempts (staff_id, failures, locked_until) VALUES (?, ?, ?)
       ON CONFLICT(staff_id) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until`,
    )
    .run(staffId, until ? 0 : failures, until);
  return until;
}

export function clearAttempts(store: Store, staffId: string): void {
  store.sqlite.prepare(`DELETE FROM sign_in_attempts WHERE staff_id = ?`).run(staffId);
}
