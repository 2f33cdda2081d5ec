import { staff } from '../../../db/schema/staff';
import { AkrabError, validationError } from '../../../shared/errors';
import type { Store } from '../store/store';
import { transact } from '../store/writer';
import { audit } from './auditLog';
import type { Session } from './roles';
import { hashSecret, verifySecret } from './secrets';
import { authorityKeysFor } from '../authority/signing';
import { checkNewPassword, checkNewPin } from './secretRules';
import { clearAttempts, lockedUntil, recordAttempt } from './signInAttempts';

export interface OwnSecretChange {
  what: 'pin' | 'password';
  /** The current secret of the same kind: the PIN to change the PIN, the password to change the password. */
  current: string;
  next: string;
}

/**
 * The signed-in staff member changes their own PIN or password. The current one must be given; a wrong one counts
 * toward the lockout exactly as at sign-in, so a signed-in screen left open is no shortcut to guessing. The new
 * secret syncs (its hash); the audit records the change and every failed attempt, never a secret.
 */
export function changeOwnSecret(store: Store, actor: Session, change: OwnSecretChange): void {
  const row = store.sqlite
    .prepare('SELECT pin_hash, password_hash, active FROM staff WHERE id = ? AND deleted_at IS NULL')
    .get(actor.staffId) as { pin_hash: string; password_hash: string | null; active: number } | undefined;
  if (!row || row.active !== 1) throw new AkrabError({ code: 'unauthorized', messageKey: 'error.sign_in_required' });
  const stored = change.what === 'pin' ? row.pin_hash : row.password_hash;
  if (!stored) throw validationError('what', 'error.password_not_for_role');
  if (change.what === 'pin') checkNewPin(change.next, 'next');
  else checkNewPassword(change.next, 'next');
  if (!change.current) throw validationError('current', 'error.current_secret_wrong');
  if (change.next === change.current) throw validationError('next', 'error.secret_unchanged');

  const until = lockedUntil(store, actor.staffId);
  if (until) {
    audit(store, actor, {
      action: 'staff.secret',
      outcome: 'denied',
      details: { staffId: actor.staffId, what: change.what, reason: 'locked' },
    });
    throw new AkrabError({ code: 'unauthorized', messageKey: 'error.account_locked', params: { until } });
  }
  if (!verifySecret(change.current, stored)) {
    const lockedNow = transact(store, () => {
      const locked = recordAttempt(store, actor.staffId, false);
      audit(store, actor, {
        action: 'staff.secret',
        outcome: 'failed',
        details: { staffId: actor.staffId, what: change.what, ...(locked && { locked: true }) },
      });
      return locked;
    });
    if (lockedNow) throw new AkrabError({ code: 'unauthorized', messageKey: 'error.account_locked', params: { until: lockedNow } });
    throw validationError('current', 'error.current_secret_wrong');
  }
  transact(store, (w) => {
    w.update(
      staff,
      actor.staffId,
      change.what === 'pin' ? { pinHash: hashSecret(change.next) } : { passwordHash: hashSecret(change.next) },
      authorityKeysFor(actor.staffId, { [change.what]: change.next }),
    );
    clearAttempts(store, actor.staffId);
    audit(store, actor, { action: 'staff.secret', details: { staffId: actor.staffId, what: change.what } });
  });
}
