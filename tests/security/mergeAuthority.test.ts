import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deriveAuthorityKey } from '../../electron/core/authority/signing';
import { HybridClock } from '../../electron/core/clock/hybridClock';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { rejectPair } from '../../electron/core/dedup/decisions';
import { mergeCustomers, unmergeCustomers } from '../../electron/core/dedup/merge';
import { setRule } from '../../electron/core/loyalty';
import { ledgerEventId } from '../../electron/core/loyalty/eventIds';
import { ensureOutlet } from '../../electron/core/outlets/outlets';
import { audit } from '../../electron/core/auth/auditLog';
import { signIn } from '../../electron/core/auth/staffAccounts';
import type { Store } from '../../electron/core/store/store';
import { transact } from '../../electron/core/store/writer';
import { customers } from '../../db/schema/customers';
import type { OutgoingChange } from '../../electron/core/sync/protocol';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { saveEnrolment } from '../../electron/core/sync/syncState';
import type { RunningServer } from '../../server/main';
import { heldRows } from '../../server/storage/heldRows';
import { serverLedgerBalance } from '../../server/storage/loyaltyBalance';
import { pruneChanges, setRetention } from '../../server/storage/retention';
import { materialiseAll, registerDeviceDirectly } from '../../server/storage/syncStorage';
import { aCustomer, aLoyaltyRule } from '../support/builders';
import { outletDay } from '../support/outletDay';
import { tempStore } from '../support/tempStore';
import { ADMIN, firstAdmin, pushRaw, signedBy } from '../sync/support/authority';
import { backends, inProcessServer } from '../sync/support/servers';

/** Two valid NIKs of two different people (a wife and her husband, say). */
const NIK_SITI = '3273014501900001';
const NIK_BUDI = '3273011203850002';

/**
 * Issue 15: merges as they travel through sync. A device at which a manager is signed in (so it holds the manager's
 * authority key) but whose store or code was tampered with pushes merges the core refuses; the server must refuse them
 * as the core does (dedup/merge.ts, dedup/identities.ts).
 */
describe.each(backends)('the server refuses merges the core would refuse (%s)', (backend) => {
  let server: RunningServer;
  let adminId: string;
  let honest: Device;

  interface Device {
    store: Store;
    engine: SyncEngine;
    token: string;
  }

  beforeAll(async () => {
    server = await inProcessServer(backend);
    adminId = (await firstAdmin(server.database.db)).staffId;
  });
  // Stores close after each test (tempStore): each test has its counter, which finds the outlet and rule on the server.
  beforeEach(async () => {
    honest = await honestCounter();
  }, 60_000);
  afterAll(async () => server?.close());

  async function device(outlet = 'BDG01'): Promise<Device> {
    const store = tempStore();
    const token = await registerDeviceDirectly(server.database.db, store.deviceId, outlet);
    saveEnrolment(store, server.url, token, outlet);
    return { store, engine: new SyncEngine(store, { serverUrl: server.url }), token };
  }

  let ruleSet = false;
  /** An honest counter with the admin signed in, the outlet and its loyalty rule set up (the first), synced. */
  async function honestCounter(): Promise<Device> {
    const counter = await device();
    signedBy(counter.store, adminId);
    await counter.engine.syncOnce();
    ensureOutlet(counter.store, 'BDG01');
    if (!ruleSet) setRule(counter.store, signIn(counter.store, adminId, { password: ADMIN.password }), aLoyaltyRule(outletDay()).build());
    ruleSet = true;
    expect((await counter.engine.syncOnce()).refused).toBe(0);
    return counter;
  }

  const managerKey = () => deriveAuthorityKey(ADMIN.password, adminId, 'password');

  /** Hand-made changes from a device, each signed with the manager's key it holds (or unsigned). */
  function push(from: Device, changes: Omit<OutgoingChange, 'id' | 'hlc' | 'author'>[], signed = true): Promise<string[]> {
    const device = { serverUrl: server.url, deviceId: from.store.deviceId, token: from.token, clock: new HybridClock(from.store.deviceId) };
    return pushRaw(device, signed ? { staffId: adminId, kind: 'password', key: managerKey() } : null, changes);
  }

  const stamps = (deviceId: string, at = new Date().toISOString()) => ({ updated_at: at, updated_by_device: deviceId, updated_by_staff: adminId });
  const balance = async (id: string) => (await serverLedgerBalance(server.database.db, id)).balance;
  const mergeRow = (store: Store, id: string) => store.sqlite.prepare(`SELECT survivor_id, merged_ids, undone_at FROM merges WHERE id = ?`).get(id);

  it('a merge of two customers with two valid NIKs, made on a store whose NIK was blanked, is refused with its points transfer', async () => {
    const siti = registerCustomer(honest.store, aCustomer().named('Siti Rahayu').withNik(NIK_SITI).withGender('F').build()).id;
    const budi = registerCustomer(honest.store, aCustomer().named('Budi Santoso').withNik(NIK_BUDI).withGender('M').build()).id;
    addPurchase(honest.store, { customerId: budi, invoiceNo: 'NIK-1', purchasedAt: new Date().toISOString(), amount: 100_000 });
    expect((await honest.engine.syncOnce()).refused).toBe(0);

    const tampered = await device();
    await tampered.engine.syncOnce();
    // Behind the writer's back (no change goes up): Budi's NIK blanked, so the core's two-identities check passes here.
    tampered.store.sqlite.prepare(`UPDATE customers SET nik = NULL WHERE id = ?`).run(budi);
    const { mergeId } = mergeCustomers(signedBy(tampered.store, adminId), { survivorId: siti, mergedIds: [budi] });
    const round = await tampered.engine.syncOnce();
    expect(round.refused).toBeGreaterThan(0);

    await honest.engine.syncOnce();
    expect(mergeRow(honest.store, mergeId)).toBeUndefined();
    // Budi's 10 points stay his: no transfer of a merge the server refused.
    expect([await balance(budi), await balance(siti)]).toEqual([10, 0]);
  });

  const owners = (store: Store, customerId: string) =>
    ['purchases', 'cards', 'phones'].map((t) => store.sqlite.prepare(`SELECT count(*) FROM ${t} WHERE customer_id = ?`).pluck().get(customerId));
  const heldOwner = async (table: string, rowId: string) => (await heldRows(server.database.db, table, new Set([rowId]))).get(rowId)?.customer_id;

  // A refused merge's moves (merge.ts: each moved row's customer_id set to the survivor) were accepted without it: the
  // merged customer's purchases, card and phone went to the survivor with no merge (server/authority/customerMoves.ts).
  it("a refused merge's moves of purchases, cards and phones are refused with it, and the device puts them back", async () => {
    const siti = registerCustomer(honest.store, aCustomer().named('Siti Rahayu').withNik(NIK_SITI).withGender('F').build()).id;
    const budi = registerCustomer(honest.store, aCustomer().named('Budi Santoso').withNik(NIK_BUDI).withGender('M').build()).id;
    const [a, b] = [0, 1].map(() => registerCustomer(honest.store, aCustomer().build()).id);
    addPurchase(honest.store, { customerId: budi, invoiceNo: 'MOVE-1', purchasedAt: new Date().toISOString(), amount: 100_000 });
    addPurchase(honest.store, { customerId: b!, invoiceNo: 'MOVE-2', purchasedAt: new Date().toISOString(), amount: 50_000 });
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    const purchaseOf = (invoiceNo: string) => honest.store.sqlite.prepare(`SELECT id FROM purchases WHERE invoice_no = ?`).pluck().get(invoiceNo) as string;

    // A hostile merge (two identities, one NIK blanked behind the writer's back) and one nobody permitted (unsigned).
    const tampered = await device();
    await tampered.engine.syncOnce();
    tampered.store.sqlite.prepare(`UPDATE customers SET nik = NULL WHERE id = ?`).run(budi);
    mergeCustomers(signedBy(tampered.store, adminId), { survivorId: siti, mergedIds: [budi] });
    tampered.store.authority = null;
    mergeCustomers(tampered.store, { survivorId: a!, mergedIds: [b!] });
    expect(owners(tampered.store, siti)).toEqual([1, 2, 2]);
    expect((await tampered.engine.syncOnce()).refused).toBeGreaterThan(0);

    for (const [purchase, owner] of [[purchaseOf('MOVE-1'), budi], [purchaseOf('MOVE-2'), b!]] as const) expect(await heldOwner('purchases', purchase)).toBe(owner);
    await honest.engine.syncOnce();
    for (const store of [honest.store, tampered.store]) {
      expect(owners(store, budi)).toEqual([1, 1, 1]);
      expect(owners(store, b!)).toEqual([1, 1, 1]);
      expect(owners(store, siti)).toEqual([0, 1, 1]);
      expect(owners(store, a!)).toEqual([0, 1, 1]);
    }
  });

  it('a row handed to another customer with no merge covering it is refused; a merge and its unmerge pushed a change at a time are not', async () => {
    const survivor = registerCustomer(honest.store, aCustomer().build()).id;
    const merged = registerCustomer(honest.store, aCustomer().build()).id;
    const bystander = registerCustomer(honest.store, aCustomer().build()).id;
    addPurchase(honest.store, { customerId: merged, invoiceNo: 'COVER-1', purchasedAt: new Date().toISOString(), amount: 100_000 });
    const bought = addPurchase(honest.store, { customerId: bystander, invoiceNo: 'COVER-2', purchasedAt: new Date().toISOString(), amount: 100_000 }).id;
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    // The core's merge and unmerge, a change per push: a merge's items reach the server before its moves, an
    // unmerge's undone_at before its restores.
    const oneByOne = new SyncEngine(honest.store, { serverUrl: server.url, pushBatch: 1 });
    const { mergeId } = mergeCustomers(signedBy(honest.store, adminId), { survivorId: survivor, mergedIds: [merged] });
    expect((await oneByOne.syncOnce()).refused).toBe(0);
    const moved = honest.store.sqlite.prepare(`SELECT id FROM purchases WHERE invoice_no = 'COVER-1'`).pluck().get() as string;
    const card = honest.store.sqlite.prepare(`SELECT id FROM cards WHERE customer_id = ? ORDER BY id LIMIT 1`).pluck().get(bystander) as string;
    expect(await heldOwner('purchases', moved)).toBe(survivor);

    const hostile = await device();
    await hostile.engine.syncOnce();
    let at = new Date().toISOString();
    const move = (table: string, rowId: string, to: string) => ({ table, rowId, op: 'upsert' as const, data: { customer_id: to, ...stamps(hostile.store.deviceId, at) } });
    // The bystander's purchase and card handed to the survivor (signed by the manager or not), and to the merged
    // customer: the merge does not cover them.
    expect(await push(hostile, [move('purchases', bought, survivor), move('cards', card, merged)], false)).toEqual([
      'customer_move_without_merge',
      'customer_move_without_merge',
    ]);
    expect(await push(hostile, [move('purchases', bought, survivor)])).toEqual(['customer_move_without_merge']);
    // A row the merge moved, handed to a third customer.
    expect(await push(hostile, [move('purchases', moved, bystander)], false)).toEqual(['customer_move_without_merge']);
    // ...and handed back to the merged customer while the merge stands: only its unmerge does that.
    expect(await push(hostile, [move('purchases', moved, merged)], false)).toEqual(['customer_move_without_merge']);
    expect(await push(hostile, [move('purchases', moved, merged)])).toEqual(['customer_move_without_merge']);

    unmergeCustomers(honest.store, mergeId);
    expect((await oneByOne.syncOnce()).refused).toBe(0);
    expect(await heldOwner('purchases', moved)).toBe(merged);
    // Once the merge is undone it moves nothing to its survivor any more.
    at = new Date().toISOString();
    expect(await push(hostile, [move('purchases', moved, survivor)], false)).toEqual(['customer_move_without_merge']);
    await honest.engine.syncOnce();
    expect(owners(honest.store, bystander)).toEqual([1, 1, 1]);
    expect(honest.store.sqlite.prepare(`SELECT customer_id FROM purchases WHERE id = ?`).pluck().get(moved)).toBe(merged);
  });

  it('an unmerge of a merge the server does not hold, and a rewrite of a held merge, are refused', async () => {
    const survivor = registerCustomer(honest.store, aCustomer().build()).id;
    const merged = registerCustomer(honest.store, aCustomer().build()).id;
    const bystander = registerCustomer(honest.store, aCustomer().build()).id;
    const { mergeId } = mergeCustomers(signedBy(honest.store, adminId), { survivorId: survivor, mergedIds: [merged] });
    expect((await honest.engine.syncOnce()).refused).toBe(0);

    const hostile = await device();
    await hostile.engine.syncOnce();
    const at = new Date().toISOString();
    expect(
      await push(hostile, [
        // "Undoing" a merge that never happened: a merges row with nothing but undone_at.
        { table: 'merges', rowId: 'NOSUCHMERGE000000000000001', op: 'upsert', data: { undone_at: at, undone_by_staff: adminId, ...stamps(hostile.store.deviceId, at) } },
        // A held merge rewritten after the fact: another survivor, a bystander folded in.
        { table: 'merges', rowId: mergeId, op: 'upsert', data: { survivor_id: bystander, ...stamps(hostile.store.deviceId, at) } },
        { table: 'merges', rowId: mergeId, op: 'upsert', data: { merged_ids: JSON.stringify([merged, bystander]), ...stamps(hostile.store.deviceId, at) } },
        { table: 'merges', rowId: mergeId, op: 'delete', data: {} },
        // Items of a merge nobody made.
        {
          table: 'merge_items',
          rowId: 'NOSUCHITEM0000000000000001',
          op: 'upsert',
          data: { id: 'NOSUCHITEM0000000000000001', merge_id: 'NOSUCHMERGE000000000000002', table_name: 'customers', row_id: bystander, before: '{}', ...stamps(hostile.store.deviceId, at) },
        },
        // An item planted in the honest merge: its unmerge at an honest counter would overwrite the bystander with it.
        {
          table: 'merge_items',
          rowId: 'PLANTEDITEM000000000000001',
          op: 'upsert',
          data: {
            id: 'PLANTEDITEM000000000000001',
            merge_id: mergeId,
            table_name: 'customers',
            row_id: bystander,
            before: JSON.stringify({ id: bystander, full_name: 'Nama Palsu', nik: NIK_BUDI, deleted_at: at, merged_into: null }),
            ...stamps(hostile.store.deviceId, at),
          },
        },
      ]),
    ).toEqual(['merge_not_found', 'merge_immutable', 'merge_immutable', 'merge_immutable', 'merge_not_found', 'merge_invalid']);

    await honest.engine.syncOnce();
    expect(mergeRow(honest.store, mergeId)).toMatchObject({ survivor_id: survivor, merged_ids: JSON.stringify([merged]), undone_at: null });
    expect(mergeRow(honest.store, 'NOSUCHMERGE000000000000001')).toBeUndefined();
    // The honest unmerge still goes through, and restores what the merge touched, nothing else.
    unmergeCustomers(honest.store, mergeId);
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    expect(honest.store.sqlite.prepare(`SELECT full_name FROM customers WHERE id = ?`).pluck().get(bystander)).not.toBe('Nama Palsu');
  });

  it("a merge's move of a lot the merged customer does not hold (points made up for the survivor) is refused", async () => {
    const survivor = registerCustomer(honest.store, aCustomer().build()).id;
    const merged = registerCustomer(honest.store, aCustomer().build()).id;
    addPurchase(honest.store, { customerId: merged, invoiceNo: 'LOT-1', purchasedAt: new Date().toISOString(), amount: 100_000 });
    const { mergeId } = mergeCustomers(signedBy(honest.store, adminId), { survivorId: survivor, mergedIds: [merged] });
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    expect([await balance(merged), await balance(survivor)]).toEqual([0, 10]);
    const moved = honest.store.sqlite.prepare(`SELECT * FROM points_ledger WHERE kind = 'transfer_out' AND customer_id = ?`).get(merged) as Record<string, unknown>;

    const hostile = await device();
    await hostile.engine.syncOnce();
    const at = new Date().toISOString();
    const transfer = (direction: 'out' | 'in', fields: Record<string, unknown>) => {
      const source = `transfer:${mergeId}:${direction}:${merged}:made-up-lot`;
      const { provisional, ...rest } = moved;
      return { ...rest, provisional: provisional === 1, id: ledgerEventId(source), source, occurred_at: at, created_at: at, updated_at: at, ...fields };
    };
    const out = transfer('out', { kind: 'transfer_out', customer_id: merged, points: -100_000, related_id: null, expires_on: null });
    const into = transfer('in', { kind: 'transfer_in', customer_id: survivor, points: 100_000, related_id: out.id, expires_on: null });
    const reasons = await push(hostile, [
      { table: 'points_ledger', rowId: out.id as string, op: 'upsert', data: out as OutgoingChange['data'] },
      { table: 'points_ledger', rowId: into.id as string, op: 'upsert', data: into as OutgoingChange['data'] },
    ]);
    expect(reasons).not.toContain('accepted');
    expect(await balance(survivor)).toBe(10);
  });

  it("a 'different people' decision not under its pair's sorted id, or moved to another pair, is refused", async () => {
    const [a, b, c] = [0, 1, 2].map(() => registerCustomer(honest.store, aCustomer().build()).id).sort();
    rejectPair(signedBy(honest.store, adminId), a!, b!, 'saudara kembar');
    expect((await honest.engine.syncOnce()).refused).toBe(0);

    const hostile = await device();
    await hostile.engine.syncOnce();
    const at = new Date().toISOString();
    const decision = (id: string, customerA: string, customerB: string) => ({
      table: 'dedup_decisions',
      rowId: id,
      op: 'upsert' as const,
      data: { id, customer_a: customerA, customer_b: customerB, decision: 'different', reason: null, created_at: at, created_by_device: hostile.store.deviceId, created_by_staff: adminId, deleted_at: null, ...stamps(hostile.store.deviceId, at) },
    });
    expect(
      await push(hostile, [
        // The pair a|c under a row id of its own, and reversed: a second row for one pair.
        decision('SOMEDECISION00000000000001', a!, c!),
        decision(`${c}|${a}`, c!, a!),
        // The honest a|b row made to name the pair b|c: a|b are proposed again, and b|c kept apart under the wrong id.
        { table: 'dedup_decisions', rowId: `${a}|${b}`, op: 'upsert', data: { customer_a: b!, customer_b: c!, ...stamps(hostile.store.deviceId, at) } },
      ]),
    ).toEqual(['dedup_decision_invalid', 'dedup_decision_invalid', 'dedup_decision_invalid']);
    await honest.engine.syncOnce();
    expect(honest.store.sqlite.prepare(`SELECT id, customer_a, customer_b FROM dedup_decisions WHERE customer_a IN (?, ?, ?) ORDER BY id`).all(a, b, c)).toEqual([
      { id: `${a}|${b}`, customer_a: a, customer_b: b },
    ]);
  });

  // The server's authority read staff (authorityView.ts) and a transfer's merge (ledgerCheck.ts `foldedRows`) from its
  // change log alone, which retention prunes (retention.ts keeps only the ledger's): the admin was no longer known.
  it('after the log is pruned, an honest manager can still unmerge an old merge, and the audit trail stays append-only', async () => {
    const survivor = registerCustomer(honest.store, aCustomer().build()).id;
    const merged = registerCustomer(honest.store, aCustomer().build()).id;
    addPurchase(honest.store, { customerId: merged, invoiceNo: 'OLD-1', purchasedAt: new Date().toISOString(), amount: 100_000 });
    const { mergeId } = mergeCustomers(honest.store, { survivorId: survivor, mergedIds: [merged] });
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    audit(honest.store, null, { action: 'merge', outcome: 'ok', details: { mergeId } });
    const entry = honest.store.sqlite.prepare(`SELECT id, action FROM audit_log ORDER BY rowid DESC LIMIT 1`).get() as { id: string; action: string };
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    await setRetention(server.database.db, 1);
    await materialiseAll(server.database.db);
    // Two days on: every change older than the retention, folded and pulled (no device seen since), leaves the log.
    expect((await pruneChanges(server.database.db, Date.now() + 2 * 86_400_000)).pruned).toBeGreaterThan(0);
    await setRetention(server.database.db, null);
    unmergeCustomers(honest.store, mergeId);
    expect((await honest.engine.syncOnce()).refused).toBe(0);

    // The audit trail stays append-only once its changes are pruned: the entry is held, not new.
    const hostile = await device();
    const at = new Date().toISOString();
    const rewrite = { id: entry.id, at, action: 'nothing.happened', outcome: 'ok', created_at: at, created_by_device: hostile.store.deviceId, created_by_staff: null, deleted_at: null };
    expect(await push(hostile, [{ table: 'audit_log', rowId: entry.id, op: 'upsert', data: { ...rewrite, ...stamps(hostile.store.deviceId, at) } }], false)).toEqual([
      'audit_append_only',
    ]);
    await honest.engine.syncOnce();
    expect(honest.store.sqlite.prepare(`SELECT action FROM audit_log WHERE id = ?`).pluck().get(entry.id)).toBe(entry.action);
  });

  // Customers are device writes (writeRules.ts), but before, a tombstone pointing at another customer needed no merge
  // and no manager; now only a merge the server holds accounts for one (server/authority/customerTombstones.ts).
  it("a device folds a customer into another (merged_into, tombstone) with no merge and no manager's signature", async () => {
    const survivor = registerCustomer(honest.store, aCustomer().build()).id;
    const victim = registerCustomer(honest.store, aCustomer().build()).id;
    expect((await honest.engine.syncOnce()).refused).toBe(0);

    const hostile = await device();
    await hostile.engine.syncOnce();
    const at = new Date().toISOString();
    const reasons = await push(
      hostile,
      [{ table: 'customers', rowId: victim, op: 'upsert', data: { merged_into: survivor, deleted_at: at, updated_at: at, updated_by_device: hostile.store.deviceId, updated_by_staff: null } }],
      false,
    );
    expect(reasons).not.toContain('accepted');
    await honest.engine.syncOnce();
    expect(honest.store.sqlite.prepare(`SELECT merged_into, deleted_at FROM customers WHERE id = ?`).get(victim)).toEqual({ merged_into: null, deleted_at: null });
  });

  it("a tampered store's fold is reverted to the server's row though its log was compacted; a merge pushed a change at a time, or held only folded, accounts for its tombstones", async () => {
    const survivor = registerCustomer(honest.store, aCustomer().build()).id;
    const victim = registerCustomer(honest.store, aCustomer().build()).id;
    const other = registerCustomer(honest.store, aCustomer().build()).id;
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    const tombstone = (store: Store) => store.sqlite.prepare(`SELECT merged_into, deleted_at FROM customers WHERE id = ?`).get(victim);
    // The device's log of the customer is compacted: it no longer holds the values the fold overwrites.
    expect(honest.store.sqlite.prepare(`SELECT count(*) FROM changes WHERE table_name = 'customers' AND row_id = ?`).pluck().get(victim)).toBe(0);
    transact(honest.store, (w) => {
      w.update(customers, victim, { mergedInto: survivor });
      w.remove(customers, victim);
    });
    expect((await honest.engine.syncOnce()).refused).toBe(2);
    expect(tombstone(honest.store)).toEqual({ merged_into: null, deleted_at: null });

    // The core's merge, a change per push: the merge reaches the server before the tombstones it accounts for.
    const oneByOne = new SyncEngine(honest.store, { serverUrl: server.url, pushBatch: 1 });
    const { mergeId } = mergeCustomers(signedBy(honest.store, adminId), { survivorId: survivor, mergedIds: [victim] });
    expect((await oneByOne.syncOnce()).refused).toBe(0);
    const held = async () => (await heldRows(server.database.db, 'customers', new Set([victim]))).get(victim);
    expect((await held())?.merged_into).toBe(survivor);

    // Its changes pruned, the merge is held folded only; it still accounts for its customer's tombstone, not for a
    // fold into another customer, and, not undone, for no clearing of it.
    await setRetention(server.database.db, 1);
    await materialiseAll(server.database.db);
    expect((await pruneChanges(server.database.db, Date.now() + 2 * 86_400_000)).pruned).toBeGreaterThan(0);
    await setRetention(server.database.db, null);
    const hostile = await device();
    let at = new Date().toISOString();
    const fold = (into: string | null, deletedAt: string | null) => ({
      table: 'customers',
      rowId: victim,
      op: 'upsert' as const,
      data: { merged_into: into, deleted_at: deletedAt, ...stamps(hostile.store.deviceId, at) },
    });
    expect(await push(hostile, [fold(null, null), fold(other, at), fold(survivor, at)], false)).toEqual([
      'customer_revival_without_unmerge',
      'customer_tombstone_without_merge',
      'accepted',
    ]);
    await honest.engine.syncOnce();
    expect(tombstone(honest.store)).toEqual({ merged_into: survivor, deleted_at: at });

    // Once the merge is undone it accounts for nothing.
    unmergeCustomers(honest.store, mergeId);
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    at = new Date().toISOString();
    expect(await push(hostile, [fold(survivor, at)], false)).toEqual(['customer_tombstone_without_merge']);
    await honest.engine.syncOnce();
    expect(tombstone(honest.store)).toEqual({ merged_into: null, deleted_at: null });
  });

  // Clearing a tombstone was not judged: any device brought a merged customer back beside the survivor that holds
  // their cards and points, with no unmerge (server/authority/customerTombstones.ts).
  it('a device brings a merged customer back (merged_into or tombstone cleared) with no unmerge', async () => {
    const survivor = registerCustomer(honest.store, aCustomer().build()).id;
    const merged = registerCustomer(honest.store, aCustomer().build()).id;
    const { mergeId } = mergeCustomers(signedBy(honest.store, adminId), { survivorId: survivor, mergedIds: [merged] });
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    const tombstone = (store: Store) =>
      store.sqlite.prepare(`SELECT merged_into, deleted_at FROM customers WHERE id = ?`).get(merged) as Record<string, unknown>;
    const folded = tombstone(honest.store);
    expect(folded.merged_into).toBe(survivor);

    const hostile = await device();
    await hostile.engine.syncOnce();
    const at = new Date().toISOString();
    const own = stamps(hostile.store.deviceId, at);
    const revive = (data: Record<string, unknown>) => ({ table: 'customers', rowId: merged, op: 'upsert' as const, data: { ...data, ...own } });
    const cleared = revive({ merged_into: null, deleted_at: null });
    const unmerge = { table: 'merges', rowId: mergeId, op: 'upsert' as const, data: { undone_at: at, undone_by_staff: adminId, ...own } };
    // Unsigned, or signed by the manager: no unmerge accounts for it. Nor an unmerge later in the push that is not a
    // manager's (refused itself).
    expect(await push(hostile, [cleared, revive({ deleted_at: null }), revive({ merged_into: null })], false)).toEqual([
      'customer_revival_without_unmerge',
      'customer_revival_without_unmerge',
      'customer_revival_without_unmerge',
    ]);
    expect(await push(hostile, [cleared])).toEqual(['customer_revival_without_unmerge']);
    expect(await push(hostile, [cleared, unmerge], false)).toEqual(['customer_revival_without_unmerge', 'authority_required']);
    await honest.engine.syncOnce();
    expect(tombstone(honest.store)).toEqual(folded);
    expect(mergeRow(honest.store, mergeId)).toMatchObject({ undone_at: null });

    // The honest unmerge brings the customer back; so does one from a device not yet updated, which restores the
    // customer before it marks the merge undone, in the same push.
    unmergeCustomers(honest.store, mergeId);
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    expect(tombstone(hostile.store)).toEqual(folded);
    await hostile.engine.syncOnce();
    expect(tombstone(hostile.store)).toEqual({ merged_into: null, deleted_at: null });
    const again = mergeCustomers(signedBy(honest.store, adminId), { survivorId: survivor, mergedIds: [merged] });
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    expect(await push(hostile, [cleared, { ...unmerge, rowId: again.mergeId }])).toEqual(['accepted', 'accepted']);
  });
});
