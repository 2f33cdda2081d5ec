import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../electron/core/auth/staffAccounts';
import { addCard } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { mergeCustomers, unmergeCustomers } from '../../electron/core/dedup/merge';
import { blockCard, replaceCard } from '../../electron/core/loyalty/cards/cardLife';
import { eraseCustomer } from '../../electron/core/privacy/erasure';
import { HybridClock } from '../../electron/core/clock/hybridClock';
import type { Store } from '../../electron/core/store/store';
import { transact } from '../../electron/core/store/writer';
import { cards } from '../../db/schema/cards';
import { listSyncConflicts, resolveCardConflict } from '../../electron/core/sync/conflicts';
import type { OutgoingChange } from '../../electron/core/sync/protocol';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import type { RunningServer } from '../../server/main';
import { heldRows } from '../../server/storage/heldRows';
import { aCustomer } from '../support/builders';
import { tempStore } from '../support/tempStore';
import { ADMIN, enrolRawDevice, enrolledCounter, firstAdmin, pushRaw, type RawDevice } from '../sync/support/authority';
import { lookupByCard } from '../sync/support/lookups';
import { backends, inProcessServer } from '../sync/support/servers';

/**
 * A card's number is fixed when the card is issued (server/authority/cardNumbers.ts): a lost card's replacement is a
 * new card, a merge moves cards without renumbering them. Before, `cards` being a device table, a hostile enrolled
 * device gave a blocked card a fresh number (the farmer's blocked card scans as a new one), took the number of
 * another card, or renumbered a replaced card, and every replica followed.
 */
describe.each(backends)("a card's number is fixed at issue (%s)", (backend) => {
  let server: RunningServer;
  let adminId: string;

  beforeAll(async () => {
    server = await inProcessServer(backend);
    adminId = (await firstAdmin(server.database.db)).staffId;
  });
  afterAll(async () => server?.close());

  /** A counter of BDG01 with the admin signed in, synced (stores close after each test: tempStore). */
  async function counter(): Promise<{ store: Store; engine: SyncEngine }> {
    return enrolledCounter(server, adminId, tempStore());
  }
  const cardNos = (store: Store) => store.sqlite.prepare('SELECT id, card_no, status FROM cards ORDER BY id').all();
  const cardId = (store: Store, cardNo: string) =>
    store.sqlite.prepare('SELECT id FROM cards WHERE card_no = ?').pluck().get(cardNo) as string;
  const cardConflicts = (store: Store) => listSyncConflicts(store).filter((c) => c.table === 'cards').map((c) => c.customerId);
  const heldNumber = async (id: string) => (await heldRows(server.database.db, 'cards', new Set([id]))).get(id)?.card_no;

  it('a blocked card given a fresh number, a card given the number of another, a replaced card renumbered: refused; every replica keeps them', async () => {
    const honest = await counter();
    const manager = signIn(honest.store, adminId, { password: ADMIN.password });
    const farmer = registerCustomer(honest.store, aCustomer().withCard('BLOK0001').build()).id;
    registerCustomer(honest.store, aCustomer().withCard('AKTIF001').build());
    registerCustomer(honest.store, aCustomer().withCard('HILANG01').build());
    blockCard(honest.store, manager, { cardNo: 'BLOK0001', reason: 'kartu farming' });
    replaceCard(honest.store, manager, { cardNo: 'HILANG01', newCardNo: 'PENGGANTI1', reason: 'hilang' });
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    const before = cardNos(honest.store);

    const hostile = await enrolRawDevice(server, 'BDG01');
    const at = new Date().toISOString();
    const stamps = { updated_at: at, updated_by_device: hostile.deviceId, updated_by_staff: null };
    const renumber = (cardNo: string, to: string, extra: Record<string, unknown> = {}) => ({
      table: 'cards',
      rowId: cardId(honest.store, cardNo),
      op: 'upsert' as const,
      data: { card_no: to, ...extra, ...stamps } as OutgoingChange['data'],
    });
    const issued = {
      id: 'NEWCARD0000000000000000001',
      customer_id: farmer,
      card_no: 'SEGAR003',
      status: 'active',
      issued_at: at,
      issued_outlet_id: null,
      issued_by_staff: null,
      created_at: at,
      created_by_device: hostile.deviceId,
      created_by_staff: null,
      deleted_at: null,
      ...stamps,
    };
    expect(
      await pushRaw(hostile, null, [
        renumber('BLOK0001', 'SEGAR001'),
        renumber('AKTIF001', 'PENGGANTI1'),
        renumber('HILANG01', 'SEGAR002'),
        // An erasure's number alone, the card left active: not what an erasure writes.
        renumber('AKTIF001', `ERASED-${cardId(honest.store, 'AKTIF001')}`),
        // Its own number sent again (another device's copy of the row), and a new card: accepted.
        renumber('BLOK0001', 'BLOK0001'),
        { table: 'cards', rowId: issued.id, op: 'upsert', data: issued },
      ]),
    ).toEqual(['card_number_immutable', 'card_number_immutable', 'card_number_immutable', 'card_number_immutable', 'accepted', 'accepted']);

    await honest.engine.syncOnce();
    // ULIDs (2026) sort before the made-up id.
    expect(cardNos(honest.store)).toEqual([...before, { id: issued.id, card_no: 'SEGAR003', status: 'active' }]);
    expect(await heldNumber(cardId(honest.store, 'BLOK0001'))).toBe('BLOK0001');
  });

  it("a tampered store's renumbering is refused and reverted to the server's number", async () => {
    const honest = await counter();
    registerCustomer(honest.store, aCustomer().withCard('TETAP0001').build());
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    const id = cardId(honest.store, 'TETAP0001');
    transact(honest.store, (w) => w.update(cards, id, { cardNo: 'GANTI0001' }));
    expect((await honest.engine.syncOnce()).refused).toBe(1);
    expect(honest.store.sqlite.prepare('SELECT card_no FROM cards WHERE id = ?').pluck().get(id)).toBe('TETAP0001');
    expect(await heldNumber(id)).toBe('TETAP0001');
  });

  it("a number conflict's parked card takes a new number; the card that kept the number is not renumbered", async () => {
    const booth = await counter();
    const shop = await counter();
    // Offline, both issue the same number: the booth's card first, so it keeps the number (applyRemoteChanges.ts).
    const siti = registerCustomer(booth.store, aCustomer().build()).id;
    const budi = registerCustomer(shop.store, aCustomer().build()).id;
    addCard(booth.store, siti, 'DUP777');
    await new Promise((r) => setTimeout(r, 5));
    addCard(shop.store, budi, 'DUP777');
    for (const d of [shop, booth, shop]) expect((await d.engine.syncOnce()).refused).toBe(0);
    const [conflict] = listSyncConflicts(shop.store);
    expect(conflict?.customerId).toBe(budi);

    // The holder of the number may not leave it (nor be made to: its claim is the older).
    const hostile = await enrolRawDevice(server, 'BDG01');
    const at = new Date().toISOString();
    const kept = booth.store.sqlite
      .prepare('SELECT id FROM cards WHERE customer_id = ? AND card_no = ?')
      .pluck()
      .get(siti, 'DUP777') as string;
    expect(
      await pushRaw(hostile, null, [
        { table: 'cards', rowId: kept, op: 'upsert', data: { card_no: 'DUP999', updated_at: at, updated_by_device: hostile.deviceId } },
      ]),
    ).toEqual(['card_number_immutable']);

    resolveCardConflict(shop.store, conflict!.rowId, 'DUP778');
    expect((await shop.engine.syncOnce()).refused).toBe(0);
    await booth.engine.syncOnce();
    expect(listSyncConflicts(booth.store)).toEqual([]);
    expect(booth.store.sqlite.prepare('SELECT customer_id FROM cards WHERE card_no = ?').pluck().get('DUP778')).toBe(budi);
    expect(booth.store.sqlite.prepare('SELECT customer_id FROM cards WHERE card_no = ?').pluck().get('DUP777')).toBe(siti);
    // Resolved, the card holds its number alone: fixed again.
    expect(
      await pushRaw(hostile, null, [
        {
          table: 'cards',
          rowId: conflict!.rowId,
          op: 'upsert',
          data: { card_no: 'DUP779', updated_at: at, updated_by_device: hostile.deviceId },
        },
      ]),
    ).toEqual(['card_number_immutable']);
  });

  // A contested number goes to the earliest claim (applyRemoteChanges.ts `resolveGroup`), and a claim is the stamp
  // its device wrote. Before, a device stamped a new card months back and took the number of a card another
  // customer had held since: every replica parked the honest card. A device's stamps only grow, so none of its
  // claims can be older than a row it created in an earlier push; an offline counter's are all newer than that.
  it('a card claiming a number with a stamp older than what its device pushed before is refused; an offline counter still wins', async () => {
    const booth = await counter();
    const shop = await counter();
    registerCustomer(booth.store, aCustomer().build());
    expect((await booth.engine.syncOnce()).refused).toBe(0);
    // Offline, both issue one number: the booth's card first, so it keeps it, though it reaches the server last.
    const siti = registerCustomer(booth.store, aCustomer().build()).id;
    addCard(booth.store, siti, 'JUJUR0001');
    await new Promise((r) => setTimeout(r, 5));
    const budi = registerCustomer(shop.store, aCustomer().build()).id;
    addCard(shop.store, budi, 'JUJUR0001');
    for (const d of [shop, booth, shop]) expect((await d.engine.syncOnce()).refused).toBe(0);
    expect(lookupByCard(shop.store, 'JUJUR0001')).toBe(siti);
    expect(cardConflicts(shop.store)).toEqual([budi]);

    const holder = registerCustomer(shop.store, aCustomer().withCard('LAMA0001').build()).id;
    expect((await shop.engine.syncOnce()).refused).toBe(0);
    // A till that has pushed before: a card of its own, written whole as the core writes a new row.
    const hostile = await enrolRawDevice(server, 'BDG01');
    const newCard = (id: string, cardNo: string, device: RawDevice) => {
      const at = new Date(Date.now() - 90 * 86_400_000).toISOString();
      const data = {
        ...{ id, customer_id: budi, card_no: cardNo, status: 'active', issued_at: at, issued_outlet_id: null, issued_by_staff: null },
        ...{ created_at: at, created_by_device: device.deviceId, created_by_staff: null, deleted_at: null },
        ...{ updated_at: at, updated_by_device: device.deviceId, updated_by_staff: null },
      };
      return { table: 'cards', rowId: id, op: 'upsert' as const, data };
    };
    expect(await pushRaw(hostile, null, [newCard('NEWCARD0000000000000000011', 'PALSU0001', hostile)])).toEqual(['accepted']);
    // Its card on the booth's number, stamped now: it loses the number (parked on every replica).
    expect(await pushRaw(hostile, null, [newCard('NEWCARD0000000000000000012', 'JUJUR0001', hostile)])).toEqual(['accepted']);

    // Then its clock set back three months: a new card on the holder's number, and the parked card renumbered to it.
    hostile.clock = new HybridClock(hostile.deviceId, undefined, () => Date.now() - 90 * 86_400_000);
    const at = new Date(Date.now() - 90 * 86_400_000).toISOString();
    const answers = await pushRaw(hostile, null, [
      newCard('NEWCARD0000000000000000013', 'LAMA0001', hostile),
      {
        table: 'cards',
        rowId: 'NEWCARD0000000000000000012',
        op: 'upsert',
        data: { card_no: 'LAMA0001', updated_at: at, updated_by_device: hostile.deviceId, updated_by_staff: null },
      },
    ]);
    for (const d of [shop, booth]) {
      await d.engine.syncOnce();
      expect(lookupByCard(d.store, 'LAMA0001')).toBe(holder);
      expect(lookupByCard(d.store, 'JUJUR0001')).toBe(siti);
      expect(cardConflicts(d.store)).toEqual([budi, budi]);
    }
    expect(answers).toEqual(['card_number_backdated', 'card_number_backdated']);
    expect(await heldNumber('NEWCARD0000000000000000012')).toBe('JUJUR0001');
  });

  it('a merge moves cards and an unmerge gives them back, an erasure blanks them: accepted', async () => {
    const honest = await counter();
    const survivor = registerCustomer(honest.store, aCustomer().withCard('TAHAN0001').build()).id;
    const merged = registerCustomer(honest.store, aCustomer().withCard('PINDAH001').build()).id;
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    const { mergeId } = mergeCustomers(honest.store, { survivorId: survivor, mergedIds: [merged] });
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    unmergeCustomers(honest.store, mergeId);
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    const name = honest.store.sqlite.prepare('SELECT full_name FROM customers WHERE id = ?').pluck().get(merged) as string;
    eraseCustomer(honest.store, null, { customerId: merged, confirmName: name, reason: 'Permintaan tertulis' });
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    const other = await counter();
    expect(cardNos(other.store)).toEqual(cardNos(honest.store));
    expect(other.store.sqlite.prepare('SELECT customer_id FROM cards WHERE card_no = ?').pluck().get('TAHAN0001')).toBe(survivor);
    expect(other.store.sqlite.prepare('SELECT status FROM cards WHERE customer_id = ?').pluck().get(merged)).toBe('blocked');
  });

  it('an unmerge gives a card back the number its before-image holds, though a conflict renumbered it since the merge', async () => {
    const booth = await counter();
    const shop = await counter();
    const siti = registerCustomer(booth.store, aCustomer().build()).id;
    const budi = registerCustomer(shop.store, aCustomer().build()).id;
    const dewi = registerCustomer(shop.store, aCustomer().build()).id;
    addCard(booth.store, siti, 'DUP555');
    await new Promise((r) => setTimeout(r, 5));
    addCard(shop.store, budi, 'DUP555');
    for (const d of [shop, booth, shop]) expect((await d.engine.syncOnce()).refused).toBe(0);
    // Budi's, not a conflict an earlier test left open (nor the outlet's, when this test runs alone).
    const conflict = listSyncConflicts(shop.store).find((c) => c.table === 'cards' && c.customerId === budi);
    // Budi's parked card moves to Dewi with its parked number in the before-image, gets a new number, then the
    // merge is undone: the restore writes the before-image's number back, as the core does.
    const { mergeId } = mergeCustomers(shop.store, { survivorId: dewi, mergedIds: [budi] });
    resolveCardConflict(shop.store, conflict!.rowId, 'DUP556');
    expect((await shop.engine.syncOnce()).refused).toBe(0);
    expect(await heldNumber(conflict!.rowId)).toBe('DUP556');
    unmergeCustomers(shop.store, mergeId);
    expect((await shop.engine.syncOnce()).refused).toBe(0);
    await booth.engine.syncOnce();
    const card = (store: Store) => store.sqlite.prepare('SELECT customer_id, card_no FROM cards WHERE id = ?').get(conflict!.rowId);
    expect(card(booth.store)).toEqual(card(shop.store));
    expect(card(booth.store)).toMatchObject({ customer_id: budi });
  });
});
