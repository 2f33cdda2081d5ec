import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { mergeCustomers, unmergeCustomers } from '../../electron/core/dedup/merge';
import { openComplaint, transitionComplaint } from '../../electron/core/care/complaints/complaints';
import { recordConsent } from '../../electron/core/privacy/consents';
import type { Store } from '../../electron/core/store/store';
import { transact } from '../../electron/core/store/writer';
import { purchases } from '../../db/schema/purchases';
import type { OutgoingChange } from '../../electron/core/sync/protocol';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import type { RunningServer } from '../../server/main';
import { heldRows } from '../../server/storage/heldRows';
import { aCustomer } from '../support/builders';
import { tempStore } from '../support/tempStore';
import { enrolRawDevice, enrolledCounter, firstAdmin, pushRaw, signedBy } from '../sync/support/authority';
import { backends, inProcessServer } from '../sync/support/servers';

/**
 * Purchases, consents, a complaint's history (server/authority/writtenOnce.ts) are written once and never edited or
 * deleted; a merge hands a purchase to another customer and its unmerge writes it back. Before, these being device
 * tables, a hostile enrolled device raised the amount of old purchases (a customer's 12 months' spend, hence their
 * tier), moved them in time or deleted them, turned a withdrawn consent into a granted one, or rewrote how a
 * complaint was handled, and every replica followed.
 */
describe.each(backends)('purchases, consents and histories are written once (%s)', (backend) => {
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
  /** The purchases of these invoices (the server is shared by the file's tests). */
  const purchaseRows = (store: Store, ...invoices: string[]) =>
    store.sqlite
      .prepare(`SELECT id, customer_id, invoice_no, purchased_at, amount, deleted_at FROM purchases WHERE invoice_no IN (${invoices.map(() => '?').join(', ')}) ORDER BY id`)
      .all(...invoices);
  const held = async (id: string) => (await heldRows(server.database.db, 'purchases', new Set([id]))).get(id);

  it("an old purchase's amount raised, its day moved, its invoice changed, or deleted: refused; every replica keeps it", async () => {
    const honest = await counter();
    const customerId = registerCustomer(honest.store, aCustomer().withPurchase('INV-001', 150_000).build()).id;
    const sale = addPurchase(honest.store, { customerId, invoiceNo: 'INV-002', amount: 80_000, purchasedAt: '2026-11-20T03:00:00.000Z' });
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    const before = purchaseRows(honest.store, 'INV-001', 'INV-002');

    const hostile = await enrolRawDevice(server, 'BDG01');
    const at = new Date().toISOString();
    const stamps = { updated_at: at, updated_by_device: hostile.deviceId, updated_by_staff: null };
    const change = (data: Record<string, unknown>, op: 'upsert' | 'delete' = 'upsert') => ({
      table: 'purchases',
      rowId: sale.id,
      op,
      data: { ...data, ...stamps } as OutgoingChange['data'],
    });
    expect(
      await pushRaw(hostile, null, [
        change({ amount: 80_000_000 }),
        change({ purchased_at: '2026-12-01T03:00:00.000Z' }),
        change({ invoice_no: 'INV-999' }),
        change({ deleted_at: at }, 'delete'),
        // What the server holds, sent again (another device's copy of the row): accepted.
        change({ amount: 80_000, invoice_no: 'INV-002' }),
      ]),
    ).toEqual(['row_immutable', 'row_immutable', 'row_immutable', 'row_immutable', 'accepted']);

    await honest.engine.syncOnce();
    expect(purchaseRows(honest.store, 'INV-001', 'INV-002')).toEqual(before);
    expect((await held(sale.id))?.amount).toBe(80_000);
    expect((await held(sale.id))?.deleted_at ?? null).toBeNull();
  });

  it("a withdrawn consent turned granted, a complaint's history rewritten or deleted: refused; an erasure's emptying of a note is not", async () => {
    const honest = await counter();
    const customerId = registerCustomer(honest.store, aCustomer().build()).id;
    recordConsent(honest.store, null, { customerId, purpose: 'marketing_whatsapp', granted: false, source: 'counter' });
    const complaint = openComplaint(honest.store, { customerId, category: 'service', description: 'Antre lama' });
    transitionComplaint(honest.store, { complaintId: complaint.id, status: 'in_progress', note: 'Ditelepon, minta maaf' });
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    const consentId = honest.store.sqlite.prepare('SELECT id FROM consents WHERE customer_id = ? AND granted = 0').pluck().get(customerId) as string;
    const eventId = honest.store.sqlite
      .prepare("SELECT id FROM complaint_events WHERE complaint_id = ? AND to_status = 'in_progress'")
      .pluck()
      .get(complaint.id) as string;

    const hostile = await enrolRawDevice(server, 'BDG01');
    const at = new Date().toISOString();
    const stamps = { updated_at: at, updated_by_device: hostile.deviceId, updated_by_staff: null };
    const change = (table: string, rowId: string, data: Record<string, unknown>, op: 'upsert' | 'delete' = 'upsert') => ({
      table,
      rowId,
      op,
      data: { ...data, ...stamps } as OutgoingChange['data'],
    });
    expect(
      await pushRaw(hostile, null, [
        change('consents', consentId, { granted: 1 }),
        change('consents', consentId, { deleted_at: at }, 'delete'),
        change('complaint_events', eventId, { at: '2026-01-01T00:00:00.000Z' }),
        change('complaint_events', eventId, { note: 'Sudah selesai' }),
        change('complaint_events', eventId, { deleted_at: at }, 'delete'),
        change('complaint_events', eventId, { note: null }),
      ]),
    ).toEqual(['row_immutable', 'row_immutable', 'row_immutable', 'row_immutable', 'row_immutable', 'accepted']);
    expect((await heldRows(server.database.db, 'consents', new Set([consentId]))).get(consentId)?.granted).toBe(0);
  });

  it("a tampered store's edit of a purchase is refused and reverted to the server's values", async () => {
    const honest = await counter();
    const customerId = registerCustomer(honest.store, aCustomer().withPurchase('INV-101', 250_000).build()).id;
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    const id = honest.store.sqlite.prepare('SELECT id FROM purchases WHERE customer_id = ?').pluck().get(customerId) as string;
    transact(honest.store, (w) => w.update(purchases, id, { amount: 25_000_000 }));
    expect((await honest.engine.syncOnce()).refused).toBe(1);
    expect(honest.store.sqlite.prepare('SELECT amount FROM purchases WHERE id = ?').pluck().get(id)).toBe(250_000);
    expect((await held(id))?.amount).toBe(250_000);
  });

  it("a merge hands purchases to the survivor and its unmerge writes them back whole: accepted on every replica", async () => {
    const booth = await counter();
    const shop = await counter();
    const survivor = registerCustomer(booth.store, aCustomer().withPurchase('INV-201', 90_000).build()).id;
    const merged = registerCustomer(booth.store, aCustomer().withPurchase('INV-202', 40_000).build()).id;
    expect((await booth.engine.syncOnce()).refused).toBe(0);
    const { mergeId } = mergeCustomers(signedBy(booth.store, adminId), { survivorId: survivor, mergedIds: [merged], reason: 'sama orang' });
    expect((await booth.engine.syncOnce()).refused).toBe(0);
    await shop.engine.syncOnce();
    expect(purchaseRows(shop.store, 'INV-201', 'INV-202').map((p) => (p as { customer_id: string }).customer_id)).toEqual([survivor, survivor]);

    unmergeCustomers(booth.store, mergeId);
    expect((await booth.engine.syncOnce()).refused).toBe(0);
    await shop.engine.syncOnce();
    expect(purchaseRows(shop.store, 'INV-201', 'INV-202')).toEqual(purchaseRows(booth.store, 'INV-201', 'INV-202'));
    expect(purchaseRows(shop.store, 'INV-201', 'INV-202').map((p) => (p as { customer_id: string }).customer_id).sort()).toEqual([survivor, merged].sort());
  });
});
