import { describe, expect, it } from 'vitest';
import { appStatus } from '../../electron/core/api/appStatus';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';
import { customers } from '../../db/schema';
import { transact } from '../../electron/core/store/writer';
import { aCustomer } from '../support/builders';
import { tempStore } from '../support/tempStore';

describe('app status', () => {
  it('keeps running totals of customers and waiting changes that agree with a full count', () => {
    const store = tempStore();
    useOutlet(store, ensureOutlet(store, 'MKS01', { timeZone: 'Asia/Makassar' }));
    const a = registerCustomer(store, aCustomer().build());
    registerCustomer(store, aCustomer().build());
    transact(store, (w) => w.remove(customers, a.id));
    store.sqlite.prepare(`UPDATE changes SET pushed_at = '2026-11-23T00:00:00Z' WHERE seq <= 3`).run();
    const status = appStatus(store);
    expect(status.customerCount).toBe(1);
    expect(status.pendingChanges).toBe(store.sqlite.prepare(`SELECT count(*) FROM changes WHERE pushed_at IS NULL`).pluck().get());
    expect(status.outletTimeZone).toBe('Asia/Makassar');
  });
});
