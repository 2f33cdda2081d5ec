import type { CallOutput, ParsedInput } from '../../../shared/contract';
import { AkrabError } from '../../../shared/errors';
import type { StaffCard } from '../../../shared/auth';
import type { Store } from '../store/store';
import { listAudit } from './auditLog';
import { setAutoLockMinutes, type DeviceSession } from './deviceSession';
import { authState, sessionInfo, staffForSignIn } from './sessionInfo';
import { changeOwnSecret } from './ownSecret';
import { pinChangeAdvised } from './secretRules';
import { createFirstAdmin, createStaff, listStaff, signIn, type StaffSummary } from './staffAccounts';
import { changeRole, resetPin, setStaffActive, staffDirectory } from './staffManagement';

type AuthCalls =
  | 'auth.session'
  | 'auth.staff'
  | 'auth.signIn'
  | 'auth.signOut'
  | 'auth.lock'
  | 'auth.setupAdmin'
  | 'auth.createStaff'
  | 'auth.changeRole'
  | 'auth.setAutoLock'
  | 'auth.staffList'
  | 'auth.setStaffActive'
  | 'auth.resetPin'
  | 'auth.changeOwnSecret'
  | 'audit.list';

const card = (s: StaffSummary): StaffCard => ({ id: s.id, name: s.name, role: s.role, outletCode: s.outletCode, active: s.active });

/** Staff accounts, the device's session and the audit trail, bound to one store and one transport's session. */
export function createAuthHandlers(store: Store, session: DeviceSession): { [K in AuthCalls]: (input: ParsedInput<K>) => CallOutput<K> } {
  const requireSession = () => {
    const current = session.current();
    if (!current) throw new AkrabError({ code: 'unauthorized', messageKey: 'error.sign_in_required' });
    return current;
  };
  return {
    // Also the renderer's heartbeat while the staff member is busy on one screen: it keeps the session awake.
    'auth.session': () => {
      if (session.current()) session.touch();
      return authState(store, session);
    },
    'auth.staff': () => staffForSignIn(store),
    'auth.signIn': ({ staffId, pin, password }) => {
      const next = signIn(store, staffId, password ? { password } : { pin: pin ?? '' });
      // Quick switch: whoever was signed in is signed out first, so the audit shows the hand-over.
      if (session.current()?.staffId !== next.staffId) session.end('sign_out', { reason: 'switch' });
      session.start(next, password ? 'password' : 'pin', { secret: password ?? pin ?? '', shortPin: !password && pinChangeAdvised(pin ?? '') });
      return sessionInfo(store, session)!;
    },
    'auth.signOut': () => {
      session.end('sign_out', { reason: 'manual' });
      return authState(store, session);
    },
    'auth.lock': ({ reason }) => {
      session.end('lock', { reason });
      return authState(store, session);
    },
    'auth.setupAdmin': ({ name, pin, password }) => {
      const admin = createFirstAdmin(store, { name, pin, password });
      session.start(signIn(store, admin.id, { password }), 'password', { secret: password });
      return sessionInfo(store, session)!;
    },
    'auth.createStaff': (input) => card(createStaff(store, requireSession(), input)),
    'auth.changeRole': ({ staffId, role, password }) => changeRole(store, requireSession(), staffId, role, password),
    'auth.staffList': () => staffDirectory(store, requireSession()),
    'auth.setStaffActive': ({ staffId, active }) => setStaffActive(store, requireSession(), staffId, active),
    'auth.resetPin': ({ staffId, pin, password }) => resetPin(store, requireSession(), staffId, pin, password),
    'auth.changeOwnSecret': (change) => {
      try {
        changeOwnSecret(store, requireSession(), change);
      } catch (error) {
        // Too many wrong current secrets: the account is locked, so whoever is at this screen is signed out too.
        if (error instanceof AkrabError && error.messageKey === 'error.account_locked') session.end('lock', { reason: 'locked' });
        throw error;
      }
      if (change.what === 'pin') session.pinChanged();
      return { changed: change.what };
    },
    'auth.setAutoLock': ({ minutes }) => {
      setAutoLockMinutes(store, minutes);
      return authState(store, session);
    },
    'audit.list': (filter) => {
      const actor = requireSession();
      // A branch manager reads the trail of their own outlet's staff (and their own); admins read everything.
      const outletStaff = actor.role === 'admin' || !actor.outletId ? null : new Set(listStaff(store, actor.outletId).map((s) => s.id));
      const rows = listAudit(store, filter);
      return outletStaff ? rows.filter((r) => r.staffId === null || outletStaff.has(r.staffId)) : rows;
    },
  };
}
