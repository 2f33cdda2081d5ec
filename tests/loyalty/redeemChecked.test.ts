import { describe, expect, it } from 'vitest';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { pointsBalance, redeemChecked, setRule } from '../../electron/core/loyalty';
import { akrabErrorOf } from '../support/akrabError';
import { aCustomer, aLoyaltyRule } from '../support/builders';
import { signedBy } from '../sync/support/authority';
import { backends } from '../sync/support/servers';
import { ledgerServer } from './support/ledgerServer';
import { outletDay } from '../support/outletDay';

const rejection = async (work: Promise<unknown>) => {
  try {
    await work;
  } catch (error) {
    return akrabErrorOf(() => {
      throw error;
    });
  }
  throw new Error('expected a refusal');
};

describe.each(backends)("a counter's redemption is checked against the server's ledger when it is reachable (%s)", (backend) => {
  const ledger = ledgerServer(backend);
  const device = (serverUrl?: string) => ledger.device({ serverUrl, timeoutMs: 15_000 });

  it('online: beyond the offline limit and not provisional; refused beyond the server balance; offline: provisional within the limit', async () => {
    const admin = ledger.admin();
    const a = await device();
    const b = await device();
    signedBy(a.store, admin.staffId);
    setRule(a.store, admin, aLoyaltyRule(outletDay()).offlineLimit(5).build());
    a.store.authority = null;
    const customerId = registerCustomer(a.store, aCustomer().build()).id;
    addPurchase(a.store, { customerId, invoiceNo: 'ONL-1', purchasedAt: new Date().toISOString(), amount: 300_000 });
    await a.engine.syncOnce();
    await b.engine.syncOnce();
    // The server's balance is read for a signed-in staff member who may redeem (the admin here); without one the
    // counter cannot ask and redeems offline.
    await expect(b.engine.serverLoyaltyBalance(customerId)).rejects.toMatchObject({ code: 'staff_signature_required' });
    signedBy(a.store, admin.staffId);
    signedBy(b.store, admin.staffId);
    const first = await redeemChecked(b.store, b.engine, { customerId, points: 20 });
    expect(first.serverBalance).toBe(30);
    expect(first.event).toMatchObject({ points: -20, provisional: false });
    // A has not pulled B's redemption: its check asks the server and is refused beyond what the server holds.
    const refused = await rejection(redeemChecked(a.store, a.engine, { customerId, points: 15 }));
    expect([refused.messageKey, refused.params]).toEqual(['error.loyalty.beyond_server_balance', { available: 10 }]);
    expect(pointsBalance(a.store, customerId).balance).toBe(10);

    // The same counter with the server out of reach: the offline redemption, provisional, within the limit.
    const offline = await device('http://127.0.0.1:9');
    signedBy(offline.store, admin.staffId);
    setRule(offline.store, admin, aLoyaltyRule(outletDay()).offlineLimit(5).build());
    offline.store.authority = null;
    const walkIn = registerCustomer(offline.store, aCustomer().build()).id;
    addPurchase(offline.store, { customerId: walkIn, invoiceNo: 'ONL-2', purchasedAt: new Date().toISOString(), amount: 300_000 });
    const provisional = await redeemChecked(offline.store, offline.engine, { customerId: walkIn, points: 5 });
    expect(provisional).toMatchObject({ serverBalance: null, event: { provisional: true, points: -5 } });
    expect((await rejection(redeemChecked(offline.store, offline.engine, { customerId: walkIn, points: 1 }))).messageKey).toBe(
      'error.loyalty.beyond_offline_limit',
    );
  });
});
