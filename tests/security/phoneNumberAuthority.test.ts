import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../electron/core/auth/staffAccounts';
import { addPhone } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { mergeCustomers, unmergeCustomers } from '../../electron/core/dedup/merge';
import { eraseCustomer } from '../../electron/core/privacy/erasure';
import type { Store } from '../../electron/core/store/store';
import { transact } from '../../electron/core/store/writer';
import { storeDigest } from '../../electron/core/sync/digest';
import type { OutgoingChange } from '../../electron/core/sync/protocol';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { phones } from '../../db/schema';
import type { RunningServer } from '../../server/main';
import { heldRows } from '../../server/storage/heldRows';
import { serverDigest } from '../../server/storage/syncStorage';
import { aCustomer } from '../support/builders';
import { tempStore } from '../support/tempStore';
import { ADMIN, enrolRawDevice, enrolledCounter, firstAdmin, pushRaw, signedBy } from '../sync/support/authority';
import { backends, inProcessServer } from '../sync/support/servers';

/**
 * A phone's number is written once (server/authority/phoneNumbers.ts): the core never edits it and removes a phone
 * only as an erasure retires it. Before, `phones` being a device table, a hostile enrolled device put its own number
 * in place of a customer's (their WhatsApp campaign messages, their vouchers, a reset of their account went to it),
 * or deleted a customer's phones, and every replica followed.
 */
describe.each(backends)("a customer's phone number is written once (%s)", (backend) => {
  let server: RunningServer;
  let adminId: string;

  beforeAll(async () => {
    server = await inProcessServer(backend);
    adminId = (await firstAdmin(server.database.db)).staffId;
  });
  afterAll(async () => server?.close());

  async function counter(): Promise<{ store: Store; engine: SyncEngine }> {
    return enrolledCounter(server, adminId, tempStore());
  }
  const phonesOf = (store: Store, customerId: string) =>
    store.sqlite.prepare('SELECT id, customer_id, e164, digits_reversed, deleted_at FROM phones WHERE customer_id = ? ORDER BY id').all(customerId) as {
      id: string;
      e164: string;
      deleted_at: string | null;
    }[];
  const heldPhone = async (id: string) => (await heldRows(server.database.db, 'phones', new Set([id]))).get(id);
  const nameOf = (store: Store, customerId: string) => store.sqlite.prepare('SELECT full_name FROM customers WHERE id = ?').pluck().get(customerId) as string;

  it("a customer's number replaced by another, its digits changed, or the phone deleted: refused; every replica keeps it", async () => {
    const honest = await counter();
    const customerId = registerCustomer(honest.store, aCustomer().withPhone('081234500001').build()).id;
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    const [phone] = phonesOf(honest.store, customerId);
    const before = phonesOf(honest.store, customerId);

    const hostile = await enrolRawDevice(server, 'BDG01');
    const at = new Date().toISOString();
    const stamps = { updated_at: at, updated_by_device: hostile.deviceId, updated_by_staff: null };
    const change = (data: Record<string, unknown>, op: 'upsert' | 'delete' = 'upsert') => ({
      table: 'phones',
      rowId: phone!.id,
      op,
      data: { ...data, ...stamps } as OutgoingChange['data'],
    });
    expect(
      await pushRaw(hostile, null, [
        change({ e164: '+6281299990000', digits_reversed: '00009992181' }),
        change({ e164: '+6281299990000' }),
        change({ digits_reversed: '00009992181' }),
        change({ created_at: '2020-01-01T00:00:00.000Z' }),
        change({ deleted_at: at }),
        change({ deleted_at: at }, 'delete'),
        // What the server holds, sent again (another device's copy of the row): accepted.
        change({ e164: '+6281234500001' }),
      ]),
    ).toEqual(['row_immutable', 'row_immutable', 'row_immutable', 'row_immutable', 'row_immutable', 'row_immutable', 'accepted']);

    await honest.engine.syncOnce();
    expect(phonesOf(honest.store, customerId)).toEqual(before);
    expect((await heldPhone(phone!.id))?.e164).toBe('+6281234500001');
    expect((await heldPhone(phone!.id))?.deleted_at ?? null).toBeNull();
  });

  it("a tampered store's edit of a number is refused and reverted to the server's value", async () => {
    const honest = await counter();
    const customerId = registerCustomer(honest.store, aCustomer().withPhone('081234500002').build()).id;
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    const [phone] = phonesOf(honest.store, customerId);
    transact(honest.store, (w) => w.update(phones, phone!.id, { e164: '+6281299990001', digitsReversed: '10009992181' }));
    expect((await honest.engine.syncOnce()).refused).toBe(1);
    expect(phonesOf(honest.store, customerId)[0]?.e164).toBe('+6281234500002');
    expect((await heldPhone(phone!.id))?.e164).toBe('+6281234500002');
  });

  it('a phone added, handed to the survivor by a merge and given back by its unmerge: accepted on every replica', async () => {
    const booth = await counter();
    const shop = await counter();
    const survivor = registerCustomer(booth.store, aCustomer().withPhone('081234500003').build()).id;
    const merged = registerCustomer(booth.store, aCustomer().withPhone('081234500004').build()).id;
    expect((await booth.engine.syncOnce()).refused).toBe(0);
    addPhone(booth.store, merged, '081234500005');
    expect((await booth.engine.syncOnce()).refused).toBe(0);
    const { mergeId } = mergeCustomers(signedBy(booth.store, adminId), { survivorId: survivor, mergedIds: [merged], reason: 'sama orang' });
    expect((await booth.engine.syncOnce()).refused).toBe(0);
    await shop.engine.syncOnce();
    expect(phonesOf(shop.store, survivor)).toHaveLength(3);

    unmergeCustomers(booth.store, mergeId);
    expect((await booth.engine.syncOnce()).refused).toBe(0);
    await shop.engine.syncOnce();
    expect(phonesOf(shop.store, merged)).toEqual(phonesOf(booth.store, merged));
    expect(phonesOf(shop.store, merged).map((p) => p.e164)).toEqual(expect.arrayContaining(['+6281234500004', '+6281234500005']));
  });

  it("a manager's erasure retires and removes the phones, split across pushes (one change a push) or in one push: accepted; every replica converges", async () => {
    const eraser = await counter();
    const watcher = await counter();
    const split = registerCustomer(eraser.store, aCustomer().withPhone('081234500006').build()).id;
    addPhone(eraser.store, split, '081234500007');
    const whole = registerCustomer(eraser.store, aCustomer().withPhone('081234500008').build()).id;
    expect((await eraser.engine.syncOnce()).refused).toBe(0);
    await watcher.engine.syncOnce();
    const session = signIn(eraser.store, adminId, { password: ADMIN.password });

    eraseCustomer(eraser.store, session, { customerId: split, confirmName: nameOf(eraser.store, split), reason: 'Permintaan tertulis' });
    const oneByOne = await new SyncEngine(eraser.store, { serverUrl: server.url, pushBatch: 1 }).syncOnce();
    expect(oneByOne.refused).toBe(0);
    expect(oneByOne.pushed).toBeGreaterThan(4);
    eraseCustomer(eraser.store, session, { customerId: whole, confirmName: nameOf(eraser.store, whole), reason: 'Permintaan tertulis' });
    expect((await eraser.engine.syncOnce()).refused).toBe(0);
    await watcher.engine.syncOnce();
    await eraser.engine.syncOnce();

    for (const customerId of [split, whole]) {
      const erased = phonesOf(eraser.store, customerId);
      expect(erased.length).toBeGreaterThan(0);
      for (const p of erased) {
        expect(p.e164).toBe(`erased:${p.id}`);
        expect(p.deleted_at).not.toBeNull();
        expect((await heldPhone(p.id))?.e164).toBe(`erased:${p.id}`);
      }
      expect(phonesOf(watcher.store, customerId)).toEqual(erased);
    }
    expect(storeDigest(watcher.store)).toBe(storeDigest(eraser.store));
    expect((await serverDigest(server.database.db)).digest).toBe(storeDigest(eraser.store));
  });
});
