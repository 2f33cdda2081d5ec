import { AkrabError } from '../../../shared/errors';
import { seedDemoStore } from '../demo/seedDemoStore';
import type { Store } from '../store/store';
import type { DeviceSession } from './deviceSession';
import type { Role, Session } from './roles';
import { rememberDemoSecrets } from './sessionInfo';
import { createStaff, hasStaff } from './staffAccounts';

/** One account per role, so a newcomer can see what each role may do. Their secrets are printed on the sign-in screen. */
export const DEMO_STAFF: { name: string; role: Role; pin: string; password?: string }[] = [
  { name: 'Dewi (Admin)', role: 'admin', pin: '1111', password: 'demo-admin' },
  { name: 'Budi (Manajer)', role: 'manager', pin: '2222', password: 'demo-manajer' },
  { name: 'Sari (Staf toko)', role: 'clerk', pin: '3333' },
  { name: 'Rina (SPG)', role: 'booth', pin: '4444' },
];

/**
 * `app.seedDemo`: fills an empty store with the demo outlet, customers and staff. Anyone may do it on a device
 * with no staff yet (the first start); once accounts exist only a signed-in admin may, so a stranger at a real
 * outlet's PC cannot pour 500 made-up customers into it.
 */
export function seedDemoWithStaff(store: Store, session: DeviceSession): { customers: number } {
  const actor = session.current();
  if (hasStaff(store) && actor?.role !== 'admin') throw new AkrabError({ code: 'forbidden', messageKey: 'error.demo_needs_admin' });
  const result = seedDemoStore(store);
  let creator: Session | null = actor;
  const secrets: Record<string, { pin: string; password?: string }> = {};
  for (const account of DEMO_STAFF) {
    const created = createStaff(store, creator, { ...account, outletCode: account.role === 'admin' ? null : 'DEMO' }, { allowWeakPin: true });
    secrets[created.id] = { pin: account.pin, ...(account.password && { password: account.password }) };
    creator ??= { staffId: created.id, name: created.name, role: created.role, outletId: null };
  }
  rememberDemoSecrets(store, secrets);
  return result;
}
