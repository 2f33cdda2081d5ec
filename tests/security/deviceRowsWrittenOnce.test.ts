import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../electron/core/auth/staffAccounts';
import { openComplaint, transitionComplaint } from '../../electron/core/care/complaints/complaints';
import { logInteraction } from '../../electron/core/care/interactions/interactions';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { blockCard, replaceCard, unblockCard } from '../../electron/core/loyalty/cards/cardLife';
import { mergeCustomers, unmergeCustomers } from '../../electron/core/dedup/merge';
import { ensureOutlet, outletByCode } from '../../electron/core/outlets/outlets';
import { eraseCustomer } from '../../electron/core/privacy/erasure';
import type { Store } from '../../electron/core/store/store';
import { storeDigest } from '../../electron/core/sync/digest';
import type { OutgoingChange } from '../../electron/core/sync/protocol';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import type { RunningServer } from '../../server/main';
import { heldRows } from '../../server/storage/heldRows';
import { serverDigest } from '../../server/storage/syncStorage';
import { aCustomer } from '../support/builders';
import { tempStore } from '../support/tempStore';
import { ADMIN, enrolRawDevice, enrolledCounter, firstAdmin, pushRaw, signedBy } from '../sync/support/authority';
import { backends, inProcessServer } from '../sync/support/servers';

/**
 * Outlets, logged contacts and cards are written once (server/authority/writtenOnce.ts): the core creates an outlet
 * and never edits it, logs a contact and only an erasure empties its note, issues a card and changes only its number
 * and status (judged on their own). Before, these being device tables, a hostile enrolled device renamed an outlet's
 * code (its managers were then no one's: every manager-signed write of its devices refused) or moved its time zone
 * (the day an offline redemption counts against), rewrote, back-dated or deleted another outlet's contacts with a
 * customer, credited its outlet and clerk with another's registrations or deleted a customer's card, and every
 * replica followed.
 */
describe.each(backends)('outlets, logged contacts and cards are written once (%s)', (backend) => {
  let server: RunningServer;
  let adminId: string;

  beforeAll(async () => {
    server = await inProcessServer(backend);
    adminId = (await firstAdmin(server.database.db)).staffId;
  });
  afterAll(async () => server?.close());

  async function counter(outletCode = 'BDG01'): Promise<{ store: Store; engine: SyncEngine }> {
    return enrolledCounter(server, adminId, tempStore(), { outletCode });
  }
  const interactionsOf = (store: Store, customerId: string) =>
    store.sqlite.prepare('SELECT id, customer_id, channel, at, note, outcome, deleted_at FROM interactions WHERE customer_id = ? ORDER BY id').all(customerId) as {
      id: string;
      note: string | null;
    }[];
  const nameOf = (store: Store, customerId: string) => store.sqlite.prepare('SELECT full_name FROM customers WHERE id = ?').pluck().get(customerId) as string;

  async function hostileChanges(table: string, rowId: string) {
    const hostile = await enrolRawDevice(server, 'BDG01');
    const at = new Date().toISOString();
    const stamps = { updated_at: at, updated_by_device: hostile.deviceId, updated_by_staff: null };
    const change = (data: Record<string, unknown>, op: 'upsert' | 'delete' = 'upsert') => ({
      table,
      rowId,
      op,
      data: { ...data, ...stamps } as OutgoingChange['data'],
    });
    return { push: (changes: ReturnType<typeof change>[]) => pushRaw(hostile, null, changes), change, at };
  }

  it("an outlet's code renamed, its time zone moved or the outlet deleted: refused; every replica keeps it", async () => {
    const honest = await counter('CRB01');
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    const outlet = outletByCode(honest.store, 'CRB01')!;
    const { push, change, at } = await hostileChanges('outlets', outlet.id);
    expect(
      await push([
        change({ code: 'XXX99' }),
        change({ time_zone: 'Pacific/Kiritimati' }),
        change({ name: 'Tutup' }),
        change({ deleted_at: at }, 'delete'),
        change({ code: 'CRB01', time_zone: 'Asia/Jakarta' }),
      ]),
    ).toEqual(['row_immutable', 'row_immutable', 'row_immutable', 'row_immutable', 'accepted']);
    await honest.engine.syncOnce();
    expect(outletByCode(honest.store, 'CRB01')).toEqual(outlet);
    const held = (await heldRows(server.database.db, 'outlets', new Set([outlet.id]))).get(outlet.id);
    expect([held?.code, held?.time_zone, held?.deleted_at ?? null]).toEqual(['CRB01', 'Asia/Jakarta', null]);
  });

  it('two devices creating one outlet code offline: both accepted, every replica parks the same row and converges', async () => {
    const a = await counter();
    const b = await counter();
    ensureOutlet(a.store, 'SBY07');
    ensureOutlet(b.store, 'SBY07');
    expect((await a.engine.syncOnce()).refused).toBe(0);
    expect((await b.engine.syncOnce()).refused).toBe(0);
    await a.engine.syncOnce();
    expect(outletByCode(a.store, 'SBY07')?.id).toBe(outletByCode(b.store, 'SBY07')?.id);
    expect(storeDigest(a.store)).toBe(storeDigest(b.store));
  });

  it("a logged contact back-dated, its outcome or note rewritten, or deleted: refused; an erasure's emptying of the note is not", async () => {
    const honest = await counter();
    const customerId = registerCustomer(honest.store, aCustomer().build()).id;
    const contact = logInteraction(honest.store, { customerId, channel: 'whatsapp', note: 'Minta katalog kulkas', outcome: 'reached' });
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    const before = interactionsOf(honest.store, customerId);
    const { push, change, at } = await hostileChanges('interactions', contact.id);
    expect(
      await push([
        change({ at: '2025-01-01T00:00:00.000Z' }),
        change({ outcome: 'no_answer' }),
        change({ note: 'Tidak tertarik, jangan dihubungi' }),
        change({ deleted_at: at }, 'delete'),
        change({ channel: 'whatsapp', note: 'Minta katalog kulkas' }),
      ]),
    ).toEqual(['row_immutable', 'row_immutable', 'row_immutable', 'row_immutable', 'accepted']);
    await honest.engine.syncOnce();
    expect(interactionsOf(honest.store, customerId)).toEqual(before);
    expect(await push([change({ note: null })])).toEqual(['accepted']);
  });

  it('contacts and complaints handed to the survivor by a merge, given back by its unmerge, emptied by an erasure split across pushes: accepted; every replica converges', async () => {
    const booth = await counter();
    const shop = await counter();
    const survivor = registerCustomer(booth.store, aCustomer().build()).id;
    const merged = registerCustomer(booth.store, aCustomer().build()).id;
    logInteraction(booth.store, { customerId: merged, channel: 'visit', note: 'Lihat mesin cuci' });
    const complaint = openComplaint(booth.store, { customerId: merged, category: 'delivery', description: 'Kulkas datang penyok' });
    transitionComplaint(booth.store, { complaintId: complaint.id, status: 'in_progress', note: 'Ditukar', promisedAction: 'Tukar unit' });
    expect((await booth.engine.syncOnce()).refused).toBe(0);
    const { mergeId } = mergeCustomers(signedBy(booth.store, adminId), { survivorId: survivor, mergedIds: [merged], reason: 'sama orang' });
    expect((await booth.engine.syncOnce()).refused).toBe(0);
    unmergeCustomers(booth.store, mergeId);
    expect((await booth.engine.syncOnce()).refused).toBe(0);
    await shop.engine.syncOnce();
    expect(interactionsOf(shop.store, merged)).toEqual(interactionsOf(booth.store, merged));
    expect(interactionsOf(shop.store, merged)).toHaveLength(1);

    const session = signIn(booth.store, adminId, { password: ADMIN.password });
    eraseCustomer(booth.store, session, { customerId: merged, confirmName: nameOf(booth.store, merged), reason: 'Permintaan tertulis' });
    const oneByOne = await new SyncEngine(booth.store, { serverUrl: server.url, pushBatch: 1 }).syncOnce();
    expect(oneByOne.refused).toBe(0);
    await shop.engine.syncOnce();
    await booth.engine.syncOnce();
    expect(interactionsOf(shop.store, merged).map((i) => i.note)).toEqual([null]);
    expect(shop.store.sqlite.prepare('SELECT description FROM complaints WHERE id = ?').pluck().get(complaint.id)).toBe('[dihapus]');
    expect(storeDigest(shop.store)).toBe(storeDigest(booth.store));
    expect((await serverDigest(server.database.db)).digest).toBe(storeDigest(booth.store));
  });

  it("a card's issue credited to another outlet, clerk or day, or the card deleted: refused; blocks, replacements and its number as held are not", async () => {
    const honest = await counter();
    const customerId = registerCustomer(honest.store, aCustomer().withCard('TERBIT01').build()).id;
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    const card = () =>
      honest.store.sqlite.prepare('SELECT * FROM cards WHERE customer_id = ? AND card_no = ?').get(customerId, 'TERBIT01') as Record<string, unknown>;
    const before = card();
    const other = ensureOutlet(honest.store, 'JKT09');
    const { push, change, at } = await hostileChanges('cards', before.id as string);
    expect(
      await push([
        change({ issued_outlet_id: other.id }),
        change({ issued_by_staff: 'penyusup' }),
        change({ issued_at: '2026-12-01T02:00:00.000Z' }),
        change({ deleted_at: at }),
        change({ deleted_at: at }, 'delete'),
        change({ card_no: 'TERBIT01', issued_at: before.issued_at }),
      ]),
    ).toEqual(['row_immutable', 'row_immutable', 'row_immutable', 'row_immutable', 'row_immutable', 'accepted']);
    await honest.engine.syncOnce();
    const { updated_at: _a, updated_by_device: _b, updated_by_staff: _c, ...kept } = before;
    expect(card()).toMatchObject(kept);

    const session = signIn(honest.store, adminId, { password: ADMIN.password });
    blockCard(honest.store, session, { cardNo: 'TERBIT01', reason: 'Dipakai orang lain' });
    unblockCard(honest.store, session, { cardNo: 'TERBIT01', reason: 'Sudah jelas' });
    replaceCard(honest.store, session, { cardNo: 'TERBIT01', newCardNo: 'TERBIT02', reason: 'Hilang' });
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    const watcher = await counter();
    expect(storeDigest(watcher.store)).toBe(storeDigest(honest.store));
  });

  it("a customer's registration moved to another outlet or day: refused; a profile edit is not", async () => {
    const honest = await counter();
    const customerId = registerCustomer(honest.store, aCustomer().build()).id;
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    const origin = () =>
      honest.store.sqlite.prepare('SELECT registered_outlet_id, created_at, created_by_device FROM customers WHERE id = ?').get(customerId);
    const before = origin();
    const other = ensureOutlet(honest.store, 'JKT08');
    const { push, change } = await hostileChanges('customers', customerId);
    expect(
      await push([
        change({ registered_outlet_id: other.id }),
        change({ created_at: '2026-12-01T02:00:00.000Z' }),
        change({ created_by_device: 'penyusup' }),
        change({ city: 'Cimahi' }),
      ]),
    ).toEqual(['row_immutable', 'row_immutable', 'row_immutable', 'accepted']);
    await honest.engine.syncOnce();
    expect(origin()).toEqual(before);
    expect(honest.store.sqlite.prepare('SELECT city FROM customers WHERE id = ?').pluck().get(customerId)).toBe('Cimahi');
  });

  it("a complaint's severity, category, outlet or opening moved, its description rewritten, or deleted: refused; its transitions are not", async () => {
    const honest = await counter();
    const customerId = registerCustomer(honest.store, aCustomer().build()).id;
    const complaint = openComplaint(honest.store, { customerId, category: 'product_defect', severity: 'high', description: 'Mesin cuci bocor' });
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    const row = () => honest.store.sqlite.prepare('SELECT category, severity, outlet_id, opened_at, description, deleted_at FROM complaints WHERE id = ?').get(complaint.id);
    const before = row();
    const other = ensureOutlet(honest.store, 'JKT07');
    const { push, change, at } = await hostileChanges('complaints', complaint.id);
    expect(
      await push([
        change({ severity: 'low' }),
        change({ category: 'other' }),
        change({ outlet_id: other.id }),
        change({ opened_at: '2026-12-06T02:00:00.000Z' }),
        change({ description: 'Pelanggan salah pakai' }),
        change({ deleted_at: at }, 'delete'),
        change({ severity: 'high', description: 'Mesin cuci bocor' }),
      ]),
    ).toEqual(['row_immutable', 'row_immutable', 'row_immutable', 'row_immutable', 'row_immutable', 'row_immutable', 'accepted']);
    await honest.engine.syncOnce();
    expect(row()).toEqual(before);

    transitionComplaint(honest.store, { complaintId: complaint.id, status: 'in_progress', note: 'Teknisi dikirim', promisedAction: 'Ganti selang', promisedDate: '2026-12-09' });
    transitionComplaint(honest.store, { complaintId: complaint.id, status: 'resolved', note: 'Selang diganti' });
    transitionComplaint(honest.store, { complaintId: complaint.id, status: 'closed', satisfaction: 4 });
    transitionComplaint(honest.store, { complaintId: complaint.id, status: 'reopened', note: 'Bocor lagi' });
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    const watcher = await counter();
    expect(storeDigest(watcher.store)).toBe(storeDigest(honest.store));
  });
});
