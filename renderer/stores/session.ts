import { create } from 'zustand';
import type { AuthState, SessionInfo, StaffRole } from '../../shared/auth';
import type { CallName } from '../../shared/callNames';
import { callRules } from '../../electron/core/auth/permissions';

const rank: Record<StaffRole, number> = { booth: 0, clerk: 1, manager: 2, admin: 3 };

interface SessionState {
  phase: 'loading' | 'signedOut' | 'signedIn';
  session: SessionInfo | null;
  hasStaff: boolean;
  autoLockMinutes: number;
  /** Who was at the keyboard before the lock: the sign-in screen offers them first. */
  lastStaffId: string | null;
  /** The last sign-out was the idle lock: the sign-in screen says so. */
  lockedByIdle: boolean;
  setAuth: (auth: AuthState) => void;
  setSession: (session: SessionInfo) => void;
  /** The core said nobody is signed in any more (idle lock, sign-out, a revoked account). */
  signedOut: (reason?: 'idle') => void;
}

/** Who is signed in, as the core last said. The UI hides what a role cannot use; the core refuses it anyway. */
export const useSession = create<SessionState>((set, get) => ({
  phase: 'loading',
  session: null,
  hasStaff: true,
  autoLockMinutes: 5,
  lastStaffId: null,
  lockedByIdle: false,
  setAuth: (auth) =>
    set({
      phase: auth.session ? 'signedIn' : 'signedOut',
      session: auth.session,
      hasStaff: auth.hasStaff,
      autoLockMinutes: auth.autoLockMinutes,
      lastStaffId: auth.session?.staffId ?? get().session?.staffId ?? get().lastStaffId,
    }),
  setSession: (session) =>
    set({
      phase: 'signedIn',
      session,
      hasStaff: true,
      autoLockMinutes: session.autoLockMinutes,
      lastStaffId: session.staffId,
      lockedByIdle: false,
    }),
  signedOut: (reason) =>
    set((s) => ({ phase: 'signedOut', session: null, lastStaffId: s.session?.staffId ?? s.lastStaffId, lockedByIdle: reason === 'idle' })),
}));

/** Whether the signed-in staff member's role reaches `role`. */
export function useCan(role: StaffRole): boolean {
  return useSession((s) => !!s.session && rank[s.session.role] >= rank[role]);
}

/**
 * Whether the signed-in staff member may make `call`, by the core's own rule table: a screen offers only what
 * the core would allow (a booth worker is not offered a profile she may not open).
 */
export function useMayCall(call: CallName): boolean {
  return useSession((s) => {
    const rule = callRules[call];
    if (rule === 'anyone') return true;
    return !!s.session && rank[s.session.role] >= rank[rule];
  });
}
