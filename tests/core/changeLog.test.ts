import { describe, expect, it } from 'vitest';
import { customers } from '../../db/schema';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { transact } from '../../electron/core/store/writer';
import { openStore, closeStore } from '../../electron/core/store/store';
import { aCustomer } from '../support/builders';
import { tempStore } from '../support/tempStore';

describe('the change log', () => {
  it('records every domain write with a causally ordered stamp, in the same transaction', () => {
    const store = tempStore();
    const c = registerCustomer(store, aCustomer().withPurchase('INV-9', 100_000).build());
    const rows = store.sqlite.prepare(`SELECT hlc, table_name, row_id, op, data FROM changes ORDER BY seq`).all() as { hlc: string; table_name: string; row_id: string; op: string; data: string }[];
    expect(rows.map((r) => r.table_name)).toEqual(['customers', 'cards', 'phones', 'purchases']);
    expect(rows[0]).toMatchObject({ row_id: c.id, op: 'upsert' });
    expect(JSON.parse(rows[0]!.data)).toMatchObject({ id: c.id, full_name: c.fullName, created_by_device: store.deviceId });
    expect(rows.map((r) => r.hlc)).toEqual(rows.map((r) => r.hlc).sort());
  });

  it('a transaction that fails leaves neither the row nor its change', () => {
    const store = tempStore();
    const c = registerCustomer(store, aCustomer().build());
    const before = store.sqlite.prepare(`SELECT count(*) FROM changes`).pluck().get();
    expect(() =>
      transact(store, (w) => {
        w.update(customers, c.id, { city: 'Ambon' });
        throw new Error('power cut');
      }),
    ).toThrow('power cut');
    expect(store.sqlite.prepare(`SELECT city FROM customers WHERE id = ?`).pluck().get(c.id)).toBeNull();
    expect(store.sqlite.prepare(`SELECT count(*) FROM changes`).pluck().get()).toBe(before);
  });

  it('deletion is a tombstone that is logged too', () => {
    const store = tempStore();
    const c = registerCustomer(store, aCustomer().build());
    transact(store, (w) => w.remove(customers, c.id));
    expect(store.sqlite.prepare(`SELECT deleted_at IS NOT NULL FROM customers WHERE id = ?`).pluck().get(c.id)).toBe(1);
    expect(store.sqlite.prepare(`SELECT op FROM changes ORDER BY seq DESC LIMIT 1`).pluck().get()).toBe('delete');
  });

  it('the device keeps its id and its clock across restarts', () => {
    const store = tempStore();
    registerCustomer(store, aCustomer().build());
    const lastStamp = store.sqlite.prepare(`SELECT max(hlc) FROM changes`).pluck().get() as string;
    closeStore(store);
    // A wall clock that went back an hour must not produce stamps older than those already written.
    const reopened = openStore(store.file, { now: () => new Date(Date.now() - 3_600_000) });
    expect(reopened.deviceId).toBe(store.deviceId);
    registerCustomer(reopened, aCustomer().build());
    expect((reopened.sqlite.prepare(`SELECT max(hlc) FROM changes`).pluck().get() as string) > lastStamp).toBe(true);
    closeStore(reopened);
  });

  it('opens with WAL, foreign keys and a busy timeout', () => {
    const store = tempStore();
    expect(store.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.sqlite.pragma('busy_timeout', { simple: true })).toBe(15_000);
  });
});
