import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff, signIn } from '../../electron/core/auth/staffAccounts';
import { deriveAuthorityKey } from '../../electron/core/authority/signing';
import type { HybridClock } from '../../electron/core/clock/hybridClock';
import { addCard } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { eraseCustomer } from '../../electron/core/privacy/erasure';
import type { Store } from '../../electron/core/store/store';
import { storeDigest } from '../../electron/core/sync/digest';
import type { OutgoingChange } from '../../electron/core/sync/protocol';
import { SyncEngine, type SyncEngineOptions } from '../../electron/core/sync/syncEngine';
import type { RunningServer } from '../../server/main';
import { rows } from '../../server/storage/database';
import { heldRows } from '../../server/storage/heldRows';
import { serverDigest } from '../../server/storage/syncStorage';
import { aCustomer } from '../support/builders';
import { tempStore } from '../support/tempStore';
import { ADMIN, enrolRawDevice, enrolledCounter, firstAdmin, pushRaw, type RawDevice, type RawSigner } from '../sync/support/authority';
import { backends, inProcessServer } from '../sync/support/servers';

const CLERK_PIN = '51840372';

/**
 * A card is blanked (`ERASED-<id>`, blocked) only by its customer's erasure (privacy/erasure.ts), a manager's act
 * (server/authority/cardErasures.ts). Before, the server took the blanked form on the device's word: a hostile
 * enrolled device, or a clerk's, blocked any customer's card and destroyed its number (fixed at issue, so no one
 * could give it back) by pretending it had been erased.
 */
describe.each(backends)("a card is blanked only by its customer's erasure (%s)", (backend) => {
  let server: RunningServer;
  let adminId: string;

  beforeAll(async () => {
    server = await inProcessServer(backend);
    adminId = (await firstAdmin(server.database.db)).staffId;
  });
  afterAll(async () => server?.close());

  /** A counter of BDG01 with the admin's password session signing its writes, synced. */
  async function counter(options: SyncEngineOptions = {}): Promise<{ store: Store; engine: SyncEngine }> {
    return enrolledCounter(server, adminId, tempStore(), { engine: options });
  }
  const manager = (): RawSigner => ({ staffId: adminId, kind: 'password', key: deriveAuthorityKey(ADMIN.password, adminId, 'password') });
  const cardId = (store: Store, cardNo: string) => store.sqlite.prepare('SELECT id FROM cards WHERE card_no = ?').pluck().get(cardNo) as string;
  const cardOn = (store: Store, id: string) => store.sqlite.prepare('SELECT card_no, status FROM cards WHERE id = ?').get(id);
  const cardsOf = (store: Store, customerId: string) =>
    store.sqlite.prepare('SELECT id, card_no, status FROM cards WHERE customer_id = ? ORDER BY id').all(customerId) as { id: string; card_no: string; status: string }[];
  const heldCard = async (id: string) => {
    const row = (await heldRows(server.database.db, 'cards', new Set([id]))).get(id);
    return { card_no: row?.card_no, status: row?.status };
  };
  const nameOf = (store: Store, customerId: string) => store.sqlite.prepare('SELECT full_name FROM customers WHERE id = ?').pluck().get(customerId) as string;
  const verifiedErasures = async (customerId: string) =>
    Number(
      (
        await rows<{ n: number | string }>(
          server.database.db,
          sql`SELECT count(*) AS n FROM changes WHERE table_name = 'audit_log' AND data->>'action' = 'privacy.erase.verified' AND data->>'customer_id' = ${customerId}`,
        )
      )[0]!.n,
    );

  type Raw = Omit<OutgoingChange, 'id' | 'hlc' | 'author'> & { signer?: RawSigner | null };
  const stamps = (device: RawDevice) => ({ updated_at: new Date().toISOString(), updated_by_device: device.deviceId, updated_by_staff: null });
  /** What an erasure writes on a card: its number blanked and the card blocked, in one change. */
  const blank = (device: RawDevice, id: string, signer?: RawSigner | null): Raw => ({
    table: 'cards',
    rowId: id,
    op: 'upsert',
    data: { card_no: `ERASED-${id}`, status: 'blocked', ...stamps(device) },
    ...(signer !== undefined && { signer }),
  });
  /** An erasure's audit entry, its last write, marking this device's writes stamped from `changesFrom` on. */
  const erasureEntry = (device: RawDevice, customerId: string, changesFrom: string, signer?: RawSigner | null): Raw => {
    const id = `ERASEAUDIT${Math.random().toString(36).slice(2, 12).toUpperCase()}`;
    const at = new Date().toISOString();
    return {
      table: 'audit_log',
      rowId: id,
      op: 'upsert',
      data: {
        id,
        at,
        staff_id: adminId,
        staff_name: ADMIN.name,
        action: 'privacy.erase',
        call: 'privacy.eraseCustomer',
        customer_id: customerId,
        outcome: 'ok',
        details: JSON.stringify({ records: 1, reason: 'Permintaan tertulis', changesFrom }),
        created_at: at,
        created_by_device: device.deviceId,
        created_by_staff: adminId,
        deleted_at: null,
        ...stamps(device),
      },
      ...(signer !== undefined && { signer }),
    };
  };

  it("a device blanking a card with no erasure of its customer, unsigned or signed by a clerk, is refused; the card keeps its number and status everywhere", async () => {
    const honest = await counter();
    const session = signIn(honest.store, adminId, { password: ADMIN.password });
    const clerkId = createStaff(honest.store, session, { name: 'Rina Kasir', role: 'clerk', outletCode: 'BDG01', pin: CLERK_PIN }).id;
    const siti = registerCustomer(honest.store, aCustomer().withCard('SITI0001').build()).id;
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    const id = cardId(honest.store, 'SITI0001');
    const clerk: RawSigner = { staffId: clerkId, kind: 'pin', key: deriveAuthorityKey(CLERK_PIN, clerkId, 'pin') };

    const hostile = await enrolRawDevice(server, 'BDG01');
    const from = hostile.clock.tick();
    expect(await pushRaw(hostile, null, [blank(hostile, id)])).toEqual(['card_erasure_without_erasure']);
    expect(await pushRaw(hostile, clerk, [blank(hostile, id)])).toEqual(['card_erasure_without_erasure']);
    // An erasure entry of the card's customer whose stamps cover the card's, but no manager's: the server refuses the
    // erasure, so it accounts for nothing.
    expect(await pushRaw(hostile, null, [blank(hostile, id), erasureEntry(hostile, siti, from)])).toEqual([
      'card_erasure_without_erasure',
      'erasure_not_permitted',
    ]);
    expect(await pushRaw(hostile, clerk, [blank(hostile, id), erasureEntry(hostile, siti, from)])).toEqual([
      'card_erasure_without_erasure',
      'erasure_not_permitted',
    ]);

    expect(await heldCard(id)).toEqual({ card_no: 'SITI0001', status: 'active' });
    expect(await verifiedErasures(siti)).toBe(0);
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    expect(cardOn(honest.store, id)).toEqual({ card_no: 'SITI0001', status: 'active' });
    const other = await counter();
    expect(cardOn(other.store, id)).toEqual({ card_no: 'SITI0001', status: 'active' });
  });

  it("a manager's erasure, split across pushes (one change a push) or in one push, is accepted and every replica converges", async () => {
    const eraser = await counter();
    const watcher = await counter();
    const split = registerCustomer(eraser.store, aCustomer().withCard('PISAH001').build()).id;
    addCard(eraser.store, split, 'PISAH002');
    const whole = registerCustomer(eraser.store, aCustomer().withCard('UTUH0001').build()).id;
    expect((await eraser.engine.syncOnce()).refused).toBe(0);
    await watcher.engine.syncOnce();
    const session = signIn(eraser.store, adminId, { password: ADMIN.password });

    eraseCustomer(eraser.store, session, { customerId: split, confirmName: nameOf(eraser.store, split), reason: 'Permintaan tertulis' });
    const oneByOne = await new SyncEngine(eraser.store, { serverUrl: server.url, pushBatch: 1 }).syncOnce();
    expect(oneByOne.refused).toBe(0);
    expect(oneByOne.pushed).toBeGreaterThan(3);
    eraseCustomer(eraser.store, session, { customerId: whole, confirmName: nameOf(eraser.store, whole), reason: 'Permintaan tertulis' });
    expect((await eraser.engine.syncOnce()).refused).toBe(0);
    await watcher.engine.syncOnce();
    await eraser.engine.syncOnce();

    for (const customerId of [split, whole]) {
      const erased = cardsOf(eraser.store, customerId);
      expect(erased.length).toBeGreaterThan(0);
      expect(erased).toEqual(erased.map((c) => ({ id: c.id, card_no: `ERASED-${c.id}`, status: 'blocked' })));
      expect(cardsOf(watcher.store, customerId)).toEqual(erased);
      for (const c of erased) expect(await heldCard(c.id)).toEqual({ card_no: c.card_no, status: 'blocked' });
      expect(await verifiedErasures(customerId)).toBe(1);
    }
    expect(storeDigest(watcher.store)).toBe(storeDigest(eraser.store));
    expect((await serverDigest(server.database.db)).digest).toBe(storeDigest(eraser.store));
  });

  it('a device not yet updated (its erasure\'s card unsigned) with the erasure in the same push: accepted; a card the erased customer got later may be blanked', async () => {
    const honest = await counter();
    const lama = registerCustomer(honest.store, aCustomer().withCard('LAMA0001').build()).id;
    const bystander = registerCustomer(honest.store, aCustomer().withCard('LAIN0001').build()).id;
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    const id = cardId(honest.store, 'LAMA0001');

    const older = await enrolRawDevice(server, 'BDG01');
    // The device's stamps, handed out in order: the bystander's card is stamped before the erasure's first write.
    const ticks = [older.clock.tick(), older.clock.tick(), older.clock.tick(), older.clock.tick()];
    const from = ticks[1]!;
    const scripted: RawDevice = { ...older, clock: { tick: () => ticks.shift()! } as unknown as HybridClock };
    const pseudonym: Raw = {
      table: 'customers',
      rowId: lama,
      op: 'upsert',
      signer: null,
      data: { full_name: 'Pelanggan terhapus 0000AAAA', nik: null, email: null, ...stamps(older) },
    };
    const other = cardId(honest.store, 'LAIN0001');
    // In the push of a manager's erasure, but not one of its writes (stamped before its first): refused.
    expect(await pushRaw(scripted, manager(), [blank(older, other, null), pseudonym, blank(older, id, null), erasureEntry(older, lama, from)])).toEqual([
      'card_erasure_without_erasure',
      'accepted',
      'accepted',
      'accepted',
    ]);
    expect(await heldCard(id)).toEqual({ card_no: `ERASED-${id}`, status: 'blocked' });

    // A card a counter that had not heard of the erasure gave her: the server holds her erasure, so it may be blanked
    // (not a bystander's card in the same push).
    const late = 'LATECARD000000000000000001';
    const at = new Date().toISOString();
    const issued: Raw = {
      table: 'cards',
      rowId: late,
      op: 'upsert',
      signer: null,
      data: {
        id: late,
        customer_id: lama,
        card_no: 'TELAT001',
        status: 'active',
        issued_at: at,
        issued_outlet_id: null,
        issued_by_staff: null,
        created_at: at,
        created_by_device: older.deviceId,
        created_by_staff: null,
        deleted_at: null,
        ...stamps(older),
      },
    };
    expect(await pushRaw(older, null, [issued])).toEqual(['accepted']);
    expect(await pushRaw(older, null, [blank(older, other), blank(older, late)])).toEqual(['card_erasure_without_erasure', 'accepted']);

    expect((await honest.engine.syncOnce()).refused).toBe(0);
    expect(cardsOf(honest.store, lama)).toEqual(
      [id, late].sort().map((c) => ({ id: c, card_no: `ERASED-${c}`, status: 'blocked' })),
    );
    expect(cardsOf(honest.store, bystander)).toEqual([{ id: other, card_no: 'LAIN0001', status: 'active' }]);
  });
});
