import type { AuthState, SessionInfo, StaffCard } from '../../../shared/auth';
import { outletById } from '../outlets/outlets';
import { readSetting, writeSetting, type Store } from '../store/store';
import { autoLockMinutes, type DeviceSession } from './deviceSession';
import { hasStaff, listStaff } from './staffAccounts';

export function sessionInfo(store: Store, session: DeviceSession): SessionInfo | null {
  const current = session.current();
  if (!current || !session.method) return null;
  return {
    staffId: current.staffId,
    name: current.name,
    role: current.role,
    outletCode: current.outletId ? (outletById(store, current.outletId)?.code ?? null) : null,
    method: session.method,
    autoLockMinutes: autoLockMinutes(store),
    // The demo accounts' short PINs are printed on the sign-in screen anyway: no advice for them.
    pinChangeAdvised: session.signedInWithShortPin && !(current.staffId in demoSecrets(store)),
  };
}

export function authState(store: Store, session: DeviceSession): AuthState {
  return { session: sessionInfo(store, session), hasStaff: hasStaff(store), autoLockMinutes: autoLockMinutes(store) };
}


const DEMO_SECRETS = 'demo_staff_secrets';

/** Demo store only: the demo accounts' secrets, kept on this device so the sign-in screen can print them. */
export function rememberDemoSecrets(store: Store, secrets: Record<string, { pin: string; password?: string }>): void {
  writeSetting(store.sqlite, DEMO_SECRETS, JSON.stringify(secrets));
}

/**
 * The accounts the sign-in screen offers on this device: active staff of the device's outlet plus the admins
 * (everyone, when the device serves no outlet yet). Names and roles only, never a hash.
 */
function demoSecrets(store: Store): Record<string, { pin: string; password?: string }> {
  return JSON.parse(readSetting(store.sqlite, DEMO_SECRETS) ?? '{}') as Record<string, { pin: string; password?: string }>;
}

export function staffForSignIn(store: Store): StaffCard[] {
  const demo = demoSecrets(store);
  const order = { admin: 0, manager: 1, clerk: 2, booth: 3 } as const;
  return listStaff(store, store.outletId)
    .filter((s) => s.active)
    .sort((a, b) => order[a.role] - order[b.role] || a.name.localeCompare(b.name))
    .map((s) => ({
      ...s,
      ...(demo[s.id] && { demoPin: demo[s.id]!.pin, ...(demo[s.id]!.password && { demoPassword: demo[s.id]!.password }) }),
    }));
}
