import { expect } from 'vitest';
import { createCore, type Core } from '../../../electron/core/api/core';
import { createStaff, signIn } from '../../../electron/core/auth/staffAccounts';
import { addPurchase } from '../../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../../electron/core/customers/registerCustomer';
import { setRule } from '../../../electron/core/loyalty';
import { deviceToday } from '../../../electron/core/loyalty/ledgerDays';
import { ruleOn } from '../../../electron/core/loyalty/rules';
import { ensureOutlet } from '../../../electron/core/outlets/outlets';
import type { Store } from '../../../electron/core/store/store';
import type { SyncEngine } from '../../../electron/core/sync/syncEngine';
import { aCustomer, aLoyaltyRule } from '../../support/builders';
import { ADMIN, signedBy } from '../../sync/support/authority';
import type { ledgerServer } from './ledgerServer';
import { outletDay } from '../../support/outletDay';

const CLERK_PIN = '64028173';
let clerks = 0;

/**
 * `count` counters of outlet BDG01 on the server, all synced: a programme with an offline limit of 5 points, a clerk
 * of the outlet, and a customer holding 30 points. `clerkCore` signs the clerk in at a counter (with the PIN, so
 * the session can sign the server balance read) as a transport connection does.
 */
export async function countersWithAClerk(ledger: ReturnType<typeof ledgerServer>, count: number) {
  const admin = ledger.admin();
  const devices: { store: Store; engine: SyncEngine }[] = [];
  for (let i = 0; i < count; i++) devices.push(await ledger.device({ timeoutMs: 15_000 }));
  const a = devices[0]!;
  signedBy(a.store, admin.staffId);
  await a.engine.syncOnce();
  ensureOutlet(a.store, 'BDG01');
  const manager = signIn(a.store, admin.staffId, { password: ADMIN.password });
  const clerk = createStaff(a.store, manager, { name: `Sari Kasir ${++clerks}`, role: 'clerk', outletCode: 'BDG01', pin: CLERK_PIN });
  // An earlier case on the same server set this programme already (the device pulled it): it stays in force.
  if (!ruleOn(a.store, deviceToday(a.store)))
    setRule(a.store, manager, aLoyaltyRule(outletDay()).offlineLimit(5).build());
  const customerId = registerCustomer(a.store, aCustomer().build()).id;
  addPurchase(a.store, { customerId, invoiceNo: `PAGE-${a.store.deviceId}`, purchasedAt: new Date().toISOString(), amount: 300_000 });
  expect((await a.engine.syncOnce()).refused).toBe(0);
  for (const d of devices.slice(1)) await d.engine.syncOnce();
  const clerkCore = (store: Store): Core => {
    const core = createCore(store);
    core.session.start(signIn(store, clerk.id, { pin: CLERK_PIN }), 'pin', { secret: CLERK_PIN });
    return core;
  };
  return { devices, customerId, clerkCore };
}
