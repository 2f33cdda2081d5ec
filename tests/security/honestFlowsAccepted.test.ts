import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../electron/core/auth/staffAccounts';
import { openComplaint, transitionComplaint } from '../../electron/core/care/complaints/complaints';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { mergeCustomers, unmergeCustomers } from '../../electron/core/dedup/merge';
import { importCustomersFile } from '../../electron/core/import/importCustomers';
import { recordConsent } from '../../electron/core/privacy/consents';
import { eraseCustomer } from '../../electron/core/privacy/erasure';
import { backupStore, restoreStore } from '../../electron/core/store/backup';
import { closeStore, openStore, type Store } from '../../electron/core/store/store';
import { listSyncConflicts, resolveCardConflict } from '../../electron/core/sync/conflicts';
import { storeDigest } from '../../electron/core/sync/digest';
import { SyncEngine, type SyncEngineOptions } from '../../electron/core/sync/syncEngine';
import type { RunningServer } from '../../server/main';
import { rows } from '../../server/storage/database';
import { pruneChanges, setRetention } from '../../server/storage/retention';
import { materialiseAll, serverDigest } from '../../server/storage/syncStorage';
import { aCustomer } from '../support/builders';
import { tempDir, tempStore } from '../support/tempStore';
import { ADMIN, enrolledCounter, firstAdmin, signedBy } from '../sync/support/authority';
import { lookupByCard } from '../sync/support/lookups';
import { backends, inProcessServer } from '../sync/support/servers';

/**
 * The push rules refuse what only a hostile or tampered device writes: a card blanked with no erasure
 * (cardErasures.ts), a number claimed with a stamp below its device's floor (cardNumbers.ts), a held purchase,
 * consent or history row rewritten (writtenOnce.ts). A refusal of an honest device's change loses its write, so
 * these run the core's own flows that write those rows and columns, end to end through the real server, and expect
 * nothing refused and every replica to agree.
 */
describe.each(backends)('honest flows the push rules accept (%s)', (backend) => {
  let server: RunningServer;
  let adminId: string;

  beforeAll(async () => {
    server = await inProcessServer(backend);
    adminId = (await firstAdmin(server.database.db)).staffId;
  });
  afterAll(async () => server?.close());

  interface Counter {
    store: Store & { file: string };
    engine: SyncEngine;
  }

  /** A counter of BDG01 with the admin's password session signing its writes, synced. */
  async function counter(options: { engine?: SyncEngineOptions; clockOffsetMs?: number } = {}): Promise<Counter> {
    const offset = options.clockOffsetMs ?? 0;
    const store = tempStore(offset ? { now: () => new Date(Date.now() + offset) } : {});
    return enrolled(store, options.engine);
  }
  async function enrolled(store: Store & { file: string }, options: SyncEngineOptions = {}): Promise<Counter> {
    return enrolledCounter(server, adminId, store, { engine: options });
  }
  const nameOf = (store: Store, customerId: string) =>
    store.sqlite.prepare('SELECT full_name FROM customers WHERE id = ?').pluck().get(customerId) as string;
  const rowsOf = (store: Store, table: string, where: string, ...args: unknown[]) =>
    store.sqlite.prepare(`SELECT * FROM ${table} WHERE ${where} ORDER BY id`).all(...args);
  /** Every pruned change of the server's log, as a long retention leaves it: rows held folded only. */
  async function pruneTheLog(): Promise<void> {
    await setRetention(server.database.db, 1);
    await materialiseAll(server.database.db);
    expect((await pruneChanges(server.database.db, Date.now() + 2 * 86_400_000)).pruned).toBeGreaterThan(0);
    await setRetention(server.database.db, null);
  }

  it('an erased customer merged into another, the merge undone on a counter that bootstrapped after the log was pruned: nothing refused', async () => {
    const booth = await counter({ engine: { pushBatch: 1 } });
    const erased = registerCustomer(booth.store, aCustomer().withCard('REVX0001').withPurchase('REVX-INV-1', 125_000).build()).id;
    addPurchase(booth.store, { customerId: erased, amount: 0, purchasedAt: '2026-10-02T03:00:00.000Z' });
    recordConsent(booth.store, null, { customerId: erased, purpose: 'marketing_whatsapp', granted: true, source: 'counter' });
    const complaint = openComplaint(booth.store, { customerId: erased, category: 'service', description: 'Antre lama' });
    transitionComplaint(booth.store, { complaintId: complaint.id, status: 'in_progress', note: 'Ditelepon, minta maaf' });
    const survivor = registerCustomer(booth.store, aCustomer().withCard('REVS0001').withPurchase('REVS-INV-1', 90_000).build()).id;
    expect((await booth.engine.syncOnce()).refused).toBe(0);

    // The erasure reaches the server a change a push: its cards before its entry.
    const session = signIn(booth.store, adminId, { password: ADMIN.password });
    eraseCustomer(booth.store, session, { customerId: erased, confirmName: nameOf(booth.store, erased), reason: 'Permintaan tertulis' });
    expect((await booth.engine.syncOnce()).refused).toBe(0);
    // Her pseudonymous record, found again as a duplicate, is folded into another: its blanked card and purchases move.
    const { mergeId } = mergeCustomers(signedBy(booth.store, adminId), { survivorId: survivor, mergedIds: [erased] });
    expect((await booth.engine.syncOnce()).refused).toBe(0);
    await pruneTheLog();

    // Another counter, bootstrapped from the folded rows (values read back from the server's JSON), undoes it.
    const shop = await counter({ engine: { pushBatch: 1 } });
    unmergeCustomers(shop.store, mergeId);
    const undone = await shop.engine.syncOnce();
    expect(undone.refused).toBe(0);
    expect(undone.pushed).toBeGreaterThan(4);
    await booth.engine.syncOnce();
    for (const table of ['cards', 'purchases'])
      expect(rowsOf(booth.store, table, 'customer_id IN (?, ?)', erased, survivor)).toEqual(
        rowsOf(shop.store, table, 'customer_id IN (?, ?)', erased, survivor),
      );
    expect(rowsOf(shop.store, 'cards', 'customer_id = ?', erased)).toMatchObject([
      { card_no: expect.stringMatching(/^ERASED-/), status: 'blocked' },
    ]);
    expect(rowsOf(shop.store, 'purchases', 'customer_id = ?', erased)).toHaveLength(2);
    expect(rowsOf(shop.store, 'complaint_events', 'complaint_id = ? AND note IS NOT NULL', complaint.id)).toEqual([]);
    expect(storeDigest(shop.store)).toBe(storeDigest(booth.store));
    expect((await serverDigest(server.database.db)).digest).toBe(storeDigest(booth.store));
  });

  it('counters whose clocks run two minutes apart issue one number offline; the parked card takes another: nothing refused', async () => {
    const fast = await counter({ clockOffsetMs: 2 * 60_000 });
    const slow = await counter({ clockOffsetMs: -2 * 60_000 });
    // The slow counter hears the fast one: its clock follows, so its new rows are stamped in the fast one's time.
    registerCustomer(fast.store, aCustomer().build());
    expect((await fast.engine.syncOnce()).refused).toBe(0);
    expect((await slow.engine.syncOnce()).refused).toBe(0);
    registerCustomer(slow.store, aCustomer().build());
    expect((await slow.engine.syncOnce()).refused).toBe(0);

    // Offline, both issue one number; the older stamp keeps it (the slow counter's clock may still be the fast one's).
    const onFast = registerCustomer(fast.store, aCustomer().withCard('JAM00001').build()).id;
    await new Promise((r) => setTimeout(r, 5));
    const onSlow = registerCustomer(slow.store, aCustomer().withCard('JAM00001').build()).id;
    for (const d of [slow, fast, slow]) expect((await d.engine.syncOnce()).refused).toBe(0);
    const holder = lookupByCard(fast.store, 'JAM00001');
    expect(lookupByCard(slow.store, 'JAM00001')).toBe(holder);
    const [parked, parkedCustomer] = holder === onFast ? [slow, onSlow] : [fast, onFast];
    const conflict = listSyncConflicts(parked.store).find((c) => c.table === 'cards' && c.customerId === parkedCustomer);
    expect(conflict).toBeDefined();
    resolveCardConflict(parked.store, conflict!.rowId, 'JAM00002');
    for (const d of [parked, fast, slow]) expect((await d.engine.syncOnce()).refused).toBe(0);
    expect(lookupByCard(fast.store, 'JAM00002')).toBe(parkedCustomer);
    expect(lookupByCard(slow.store, 'JAM00002')).toBe(parkedCustomer);
    expect(storeDigest(fast.store)).toBe(storeDigest(slow.store));
  });

  it('the same legacy file imported on two counters offline, and again on one: its card numbers conflict and are parked, nothing refused', async () => {
    const file = path.join(tempDir(), 'pelanggan-lama.csv');
    writeFileSync(
      file,
      [
        'nama,hp,no_kartu,no_faktur,nominal,produk,tanggal_daftar',
        'Ani Lestari,081277700001,LEG00001,LF-001,1500000,Kulkas,2024-03-01',
        'Bayu Putra,081277700002,LEG00002,LF-002,250000,,2024-04-15',
        'Citra Dewi,081277700003,LEG00003,,,,2025-01-09',
      ].join('\n'),
    );
    const booth = await counter();
    const shop = await counter();
    const first = await importCustomersFile(booth.store, file);
    expect(first.imported).toBe(3);
    await new Promise((r) => setTimeout(r, 5));
    expect((await importCustomersFile(shop.store, file)).imported).toBe(3);
    for (const d of [shop, booth, shop]) expect((await d.engine.syncOnce()).refused).toBe(0);
    // The booth's import came first: its cards keep the numbers, the shop's are parked.
    const legacy = (store: Store) => listSyncConflicts(store).filter((c) => c.table === 'cards' && c.value.startsWith('LEG0'));
    expect(
      legacy(shop.store)
        .map((c) => c.value)
        .sort(),
    ).toEqual(['LEG00001', 'LEG00002', 'LEG00003']);
    const again = await importCustomersFile(booth.store, file);
    expect(again.imported).toBe(0);
    expect(again.purchasesAdded).toBe(0);
    expect((await booth.engine.syncOnce()).refused).toBe(0);
    for (const [i, conflict] of legacy(shop.store).entries()) resolveCardConflict(shop.store, conflict.rowId, `LEGB000${i + 1}`);
    for (const d of [shop, booth]) expect((await d.engine.syncOnce()).refused).toBe(0);
    expect(legacy(booth.store)).toEqual([]);
    expect(storeDigest(shop.store)).toBe(storeDigest(booth.store));
  });

  it('a counter restored from a backup, its clock carried ahead by a peer before: a card it issues before its first sync keeps its claim', async () => {
    const peer = await counter({ clockOffsetMs: 2 * 60_000 });
    const other = await counter();
    const restored = await counter();
    const backup = path.join(tempDir(), 'akrab-backup.sqlite');
    await backupStore(restored.store.file, backup);

    // After the backup: the peer's stamps carry its clock two minutes ahead, and it pushes a new row stamped so.
    registerCustomer(peer.store, aCustomer().build());
    expect((await peer.engine.syncOnce()).refused).toBe(0);
    expect((await restored.engine.syncOnce()).refused).toBe(0);
    registerCustomer(restored.store, aCustomer().build());
    const floor = restored.store.sqlite.prepare('SELECT max(hlc) FROM changes').pluck().get() as string;
    expect((await restored.engine.syncOnce()).refused).toBe(0);
    closeStore(restored.store);
    await restoreStore(restored.store.file, backup, { force: true });

    // Restored (its clock as the backup saved it), the counter issues a card before it syncs; another counter issues
    // the same number just after it and pushes first.
    const again = openStore(restored.store.file);
    try {
      signedBy(again, adminId);
      const mine = registerCustomer(again, aCustomer().withCard('RST00001').build()).id;
      const claim = again.sqlite
        .prepare(`SELECT hlc FROM changes WHERE table_name = 'cards' AND data ->> 'card_no' = 'RST00001'`)
        .pluck()
        .get() as string;
      expect(claim < floor).toBe(true);
      // Just after: whatever earlier writes on this server did to the other counter's clock.
      other.store.clock.receive(claim);
      const theirs = registerCustomer(other.store, aCustomer().withCard('RST00001').build()).id;
      expect((await other.engine.syncOnce()).refused).toBe(0);
      const engine = new SyncEngine(again, { serverUrl: server.url });
      expect((await engine.syncOnce()).refused).toBe(0);
      await other.engine.syncOnce();
      // The older claim keeps the number everywhere; the later one is parked, as for any two offline counters.
      expect(lookupByCard(other.store, 'RST00001')).toBe(mine);
      expect(lookupByCard(again, 'RST00001')).toBe(mine);
      expect(listSyncConflicts(other.store).some((c) => c.table === 'cards' && c.customerId === theirs)).toBe(true);
      expect(storeDigest(again)).toBe(storeDigest(other.store));
    } finally {
      closeStore(again);
    }
  });

  it("a counter restored from a backup older than the log's retention pushes again what it had pushed: nothing refused", async () => {
    const booth = await counter();
    const other = await counter();
    // Written offline, still unpushed when the backup is taken.
    const lama = registerCustomer(booth.store, aCustomer().withCard('OLDB0001').withPurchase('OLDB-INV-1', 175_000).build()).id;
    addPurchase(booth.store, { customerId: lama, amount: 0, purchasedAt: '2026-09-30T02:00:00.000Z' });
    recordConsent(booth.store, null, { customerId: lama, purpose: 'marketing_whatsapp', granted: false, source: 'counter' });
    const complaint = openComplaint(booth.store, { customerId: lama, category: 'service', description: 'Pengiriman terlambat' });
    transitionComplaint(booth.store, { complaintId: complaint.id, status: 'in_progress', note: 'Sopir dihubungi' });
    const backup = path.join(tempDir(), 'akrab-backup-lama.sqlite');
    await backupStore(booth.store.file, backup);
    expect((await booth.engine.syncOnce()).refused).toBe(0);
    await other.engine.syncOnce();
    // A week on, the log is pruned: the server holds those rows folded only, no longer their changes.
    await pruneTheLog();

    closeStore(booth.store);
    await restoreStore(booth.store.file, backup, { force: true });
    const again = openStore(booth.store.file);
    try {
      signedBy(again, adminId);
      const round = await new SyncEngine(again, { serverUrl: server.url }).syncOnce();
      // Judged again (their changes are gone from the log), not taken as duplicates.
      expect(round.pushed).toBeGreaterThan(5);
      expect(round.refused).toBe(0);
      await other.engine.syncOnce();
      for (const table of ['purchases', 'consents', 'cards'])
        expect(rowsOf(again, table, 'customer_id = ?', lama)).toEqual(rowsOf(other.store, table, 'customer_id = ?', lama));
      expect(rowsOf(again, 'complaint_events', 'complaint_id = ?', complaint.id)).toEqual(
        rowsOf(other.store, 'complaint_events', 'complaint_id = ?', complaint.id),
      );
      expect(storeDigest(again)).toBe(storeDigest(other.store));
    } finally {
      closeStore(again);
    }
  });

  it("a counter restored from a backup older than the log's retention, its customer merged since: it pushes again and syncs on", async () => {
    const booth = await counter();
    const other = await counter();
    // Written offline, still unpushed when the backup is taken.
    const lama = registerCustomer(booth.store, aCustomer().withCard('OLDM0001').withPurchase('OLDM-INV-1', 175_000).build()).id;
    addPurchase(booth.store, { customerId: lama, amount: 0, purchasedAt: '2026-09-30T02:00:00.000Z' });
    recordConsent(booth.store, null, { customerId: lama, purpose: 'marketing_whatsapp', granted: false, source: 'counter' });
    const complaint = openComplaint(booth.store, { customerId: lama, category: 'service', description: 'Pengiriman terlambat' });
    transitionComplaint(booth.store, { complaintId: complaint.id, status: 'in_progress', note: 'Sopir dihubungi' });
    const backup = path.join(tempDir(), 'akrab-backup-lama.sqlite');
    await backupStore(booth.store.file, backup);
    expect((await booth.engine.syncOnce()).refused).toBe(0);
    await other.engine.syncOnce();
    // Then another counter folds her into a duplicate: her purchases and card move.
    const survivor = registerCustomer(other.store, aCustomer().build()).id;
    mergeCustomers(other.store, { survivorId: survivor, mergedIds: [lama] });
    expect((await other.engine.syncOnce()).refused).toBe(0);
    // A week on, the log is pruned: the server holds those rows folded only, no longer their changes.
    await pruneTheLog();

    closeStore(booth.store);
    await restoreStore(booth.store.file, backup, { force: true });
    const again = openStore(booth.store.file);
    try {
      signedBy(again, adminId);
      // Its registration and sale, stamped before the merge, are judged as moves back to her and refused
      // (customerMoves.ts, customerTombstones.ts): the counter puts the server's rows back and syncs on.
      const engine = new SyncEngine(again, { serverUrl: server.url });
      await engine.syncOnce();
      expect((await engine.syncOnce()).pending).toBe(0);
      await other.engine.syncOnce();
      for (const table of ['purchases', 'consents', 'cards'])
        expect(rowsOf(again, table, 'customer_id IN (?, ?)', lama, survivor)).toEqual(
          rowsOf(other.store, table, 'customer_id IN (?, ?)', lama, survivor),
        );
      expect(rowsOf(again, 'purchases', 'customer_id = ?', survivor)).toHaveLength(2);
      expect(rowsOf(again, 'complaint_events', 'complaint_id = ?', complaint.id)).toEqual(
        rowsOf(other.store, 'complaint_events', 'complaint_id = ?', complaint.id),
      );
      expect(storeDigest(again)).toBe(storeDigest(other.store));
    } finally {
      closeStore(again);
    }
  });

  it("a counter restored from a backup older than the log's retention, its customer erased since: it pushes again and syncs on", async () => {
    const booth = await counter();
    const other = await counter();
    const lama = registerCustomer(booth.store, aCustomer().withCard('OLDE0001').withPurchase('OLDE-INV-1', 175_000).build()).id;
    const complaint = openComplaint(booth.store, { customerId: lama, category: 'service', description: 'Pengiriman terlambat' });
    transitionComplaint(booth.store, { complaintId: complaint.id, status: 'in_progress', note: 'Sopir dihubungi' });
    const backup = path.join(tempDir(), 'akrab-backup-lama.sqlite');
    await backupStore(booth.store.file, backup);
    expect((await booth.engine.syncOnce()).refused).toBe(0);
    await other.engine.syncOnce();
    const session = signIn(other.store, adminId, { password: ADMIN.password });
    eraseCustomer(other.store, session, { customerId: lama, confirmName: nameOf(other.store, lama), reason: 'Permintaan tertulis' });
    expect((await other.engine.syncOnce()).refused).toBe(0);
    await pruneTheLog();

    closeStore(booth.store);
    await restoreStore(booth.store.file, backup, { force: true });
    const again = openStore(booth.store.file);
    try {
      signedBy(again, adminId);
      const engine = new SyncEngine(again, { serverUrl: server.url });
      const round = await engine.syncOnce();
      expect(round.pushed).toBeGreaterThan(3);
      expect(round.refused).toBe(0);
      expect(round.pending).toBe(0);
      // Its card's registration went again as the erasure left it (the counter forgot the old values on hearing of the
      // erasure, which breaks the change's signature): accepted as the card of a customer whose erasure the server holds.
      const pushedAgain = await rows<{ data: { card_no: string; status: string } }>(
        server.database.db,
        sql`SELECT data FROM changes WHERE table_name = 'cards' AND device_id = ${again.deviceId}`,
      );
      expect(pushedAgain.map((c) => [c.data.card_no.startsWith('ERASED-'), c.data.status])).toEqual([[true, 'blocked']]);
      await other.engine.syncOnce();
      expect(rowsOf(again, 'cards', 'customer_id = ?', lama)).toEqual(rowsOf(other.store, 'cards', 'customer_id = ?', lama));
      expect(rowsOf(again, 'complaint_events', 'complaint_id = ?', complaint.id)).toEqual(
        rowsOf(other.store, 'complaint_events', 'complaint_id = ?', complaint.id),
      );
      expect(again.sqlite.prepare("SELECT count(*) FROM changes WHERE data LIKE '%Sopir dihubungi%'").pluck().get()).toBe(0);
      expect(storeDigest(again)).toBe(storeDigest(other.store));
    } finally {
      closeStore(again);
    }
  });
});
