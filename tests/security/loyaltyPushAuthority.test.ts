import { copyFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Session } from '../../electron/core/auth/roles';
import { createStaff, signIn } from '../../electron/core/auth/staffAccounts';
import { deriveAuthorityKey } from '../../electron/core/authority/signing';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { expiryDay, ledgerEventId, pointsBalance, redeemPoints, setRule } from '../../electron/core/loyalty';
import { blockCard, unblockCard } from '../../electron/core/loyalty/cards/cardLife';
import { transact } from '../../electron/core/store/writer';
import { cards } from '../../db/schema/cards';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';
import { closeStore, openStore, type Store } from '../../electron/core/store/store';
import type { OutgoingChange } from '../../electron/core/sync/protocol';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { saveEnrolment } from '../../electron/core/sync/syncState';
import type { RunningServer } from '../../server/main';
import { heldRows } from '../../server/storage/heldRows';
import { serverLedgerMovements } from '../../server/storage/loyaltyBalance';
import { registerDeviceDirectly } from '../../server/storage/syncStorage';
import { aCustomer, aLoyaltyRule } from '../support/builders';
import { outletDay } from '../support/outletDay';
import { tempDir } from '../support/tempStore';
import { ADMIN, enrolRawDevice, firstAdmin, pushRaw, signedBy, type RawDevice, type RawSigner } from '../sync/support/authority';
import { backends, inProcessServer } from '../sync/support/servers';

const CLERK_PIN = '51840372';

/**
 * An enrolled device turned hostile (or a tampered local store) pushes loyalty rows the core would never write
 * (issue 17): ledger events are immutable, card blocks are a manager's. What the server accepts here reaches
 * every replica.
 */
describe.each(backends)('a hostile device rewriting loyalty rows (%s)', (backend) => {
  let server: RunningServer;
  let honest: { store: Store; engine: SyncEngine };
  let hostile: RawDevice;
  let clerkId: string;
  let adminId: string;
  let customerId: string;
  let cardNo: string;

  beforeAll(async () => {
    server = await inProcessServer(backend);
    const { staffId } = await firstAdmin(server.database.db);
    const admin: Session = { staffId, name: ADMIN.name, role: 'admin', outletId: null };
    adminId = staffId;
    // Kept open for the whole file (tempStore closes its stores after each test).
    const dir = tempDir();
    copyFileSync(inject('storeTemplate'), path.join(dir, 'akrab.sqlite'));
    const store = openStore(path.join(dir, 'akrab.sqlite'));
    const token = await registerDeviceDirectly(server.database.db, store.deviceId, 'BDG01');
    saveEnrolment(store, server.url, token, 'BDG01');
    honest = { store, engine: new SyncEngine(store, { serverUrl: server.url }) };
    signedBy(store, admin.staffId);
    await honest.engine.syncOnce();
    // A counter of the outlet: its earns are spelled with the outlet's code (`earn@BDG01:…`).
    useOutlet(store, ensureOutlet(store, 'BDG01'));
    const manager = signIn(store, admin.staffId, { password: ADMIN.password });
    clerkId = createStaff(store, manager, { name: 'Rina Kasir', role: 'clerk', outletCode: 'BDG01', pin: CLERK_PIN }).id;
    // 1 point per Rp 10.000.
    setRule(store, manager, aLoyaltyRule(outletDay()).build());
    const draft = aCustomer().build();
    cardNo = draft.cardNo;
    customerId = registerCustomer(store, draft).id;
    addPurchase(store, { customerId, invoiceNo: 'IMM-1', purchasedAt: new Date().toISOString(), amount: 200_000 });
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    redeemPoints(store, { customerId, points: 5, online: true, key: 'IMM-R1' });
    blockCard(store, manager, { cardNo, reason: 'kartu farming' });
    store.authority = null;
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    expect(pointsBalance(store, customerId).balance).toBe(15);
    hostile = await enrolRawDevice(server, 'BDG01');
  }, 180_000);
  afterAll(async () => {
    if (honest?.store.sqlite.open) closeStore(honest.store);
    await server?.close();
  });

  const clerk = (): RawSigner => ({ staffId: clerkId, kind: 'pin', key: deriveAuthorityKey(CLERK_PIN, clerkId, 'pin') });
  const manager = (): RawSigner => ({ staffId: adminId, kind: 'password', key: deriveAuthorityKey(ADMIN.password, adminId, 'password') });
  type Row = { table: string; rowId: string; data: Record<string, unknown>; op?: 'upsert' | 'delete'; signer?: RawSigner };
  /** Pushes raw changes from the hostile device, signed by the clerk; the refusal reasons, in order. */
  const push = (...rows: Row[]) => pushAs(clerk(), ...rows);
  const pushAs = (signer: RawSigner, ...rows: Row[]) =>
    pushRaw(hostile, signer, rows.map((row) => ({ table: row.table, rowId: row.rowId, op: row.op ?? 'upsert', data: row.data as OutgoingChange['data'], ...(row.signer && { signer: row.signer }) })));
  const ledgerRow = (kind: string): Record<string, unknown> => {
    const { provisional, ...row } = honest.store.sqlite.prepare(`SELECT * FROM points_ledger WHERE customer_id = ? AND kind = ?`).get(customerId, kind) as Record<
      string,
      unknown
    >;
    return { ...row, provisional: provisional === 1 ? 1 : 0 };
  };

  it('an event the server holds, sent again as deleted or with another last day, is refused; every replica keeps it', async () => {
    const now = new Date().toISOString();
    const redemption = ledgerRow('redeem');
    const earn = ledgerRow('earn');
    // The same kind, points and customer: before, only these three were compared, so a "re-delivery" could
    // tombstone a redemption (its points come back on every device) or give a lot a last day that never comes.
    expect(
      await push(
        { table: 'points_ledger', rowId: redemption.id as string, data: { ...redemption, deleted_at: now, updated_at: now } },
        { table: 'points_ledger', rowId: earn.id as string, data: { ...earn, expires_on: '2099-12-31', updated_at: now } },
      ),
    ).toEqual(['ledger_immutable', 'ledger_immutable']);
    // The same event exactly as held, sent again (another device's copy): still accepted.
    expect(await push({ table: 'points_ledger', rowId: earn.id as string, data: earn })).toEqual(['accepted']);
    await honest.engine.syncOnce();
    expect(pointsBalance(honest.store, customerId).balance).toBe(15);
    const held = (await serverLedgerMovements(server.database.db, [customerId])).get(customerId) ?? [];
    expect(held.map((m) => [m.kind, m.points, m.expiresOn]).sort()).toEqual([
      ['earn', 20, earn.expires_on],
      ['redeem', -5, null],
    ]);
  });

  it('a points rule or tier version rewritten or deleted, even signed by a manager, is refused; a new version is accepted', async () => {
    const version = honest.store.sqlite.prepare('SELECT id FROM loyalty_rules').get() as { id: string };
    const now = new Date().toISOString();
    // The version in force made 1 point per rupiah (backwards: every earn already judged by it), or ended yesterday
    // and tombstoned, or deleted: setRule only ever adds a version and ends the open one.
    expect(
      await pushAs(
        manager(),
        { table: 'loyalty_rules', rowId: version.id, data: { rupiah_per_point: 1, updated_at: now } },
        { table: 'loyalty_rules', rowId: version.id, data: { valid_to: outletDay(), deleted_at: now, updated_at: now } },
        { table: 'loyalty_rules', rowId: version.id, op: 'delete', data: {} },
      ),
    ).toEqual(['programme_version_immutable', 'programme_version_immutable', 'programme_version_immutable']);
    // The honest way: a new version from tomorrow, which ends the one in force.
    setRule(signedBy(honest.store, adminId), { staffId: adminId, name: ADMIN.name, role: 'admin', outletId: null }, aLoyaltyRule(outletDay(Date.now() + 86_400_000)).build());
    honest.store.authority = null;
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    const rows = honest.store.sqlite.prepare('SELECT rupiah_per_point AS rate, valid_to AS validTo FROM loyalty_rules ORDER BY valid_from').all();
    expect(rows).toEqual([
      { rate: 10_000, validTo: outletDay(Date.now() + 86_400_000) },
      { rate: 10_000, validTo: null },
    ]);
  });

  // Before, an earn was held to the points of the rule it names for its amount, not to being the one earn of its
  // purchase line: a second earn of the honest sale under the spelling devices used before outlet codes
  // (`earn:INV:1`, another id), and one dated years after the sale (its lot ending years later), were accepted.
  it('a second earn of a sale under another spelling, or an earn dated away from its sale, is refused', async () => {
    const earn = ledgerRow('earn');
    const source = `earn:${earn.invoice_no as string}:1`;
    const twice = { ...earn, id: ledgerEventId(source), source };
    const laterSource = `earn:purchase:${earn.purchase_id as string}`;
    const later = { ...earn, id: ledgerEventId(laterSource), source: laterSource, occurred_at: '2030-06-01T03:00:00.000Z', expires_on: expiryDay('2030-06-01', 12) };
    expect(
      await push({ table: 'points_ledger', rowId: twice.id, data: twice }, { table: 'points_ledger', rowId: later.id, data: later }),
    ).toEqual(['ledger_earn_mismatch', 'ledger_earn_mismatch']);
  });

  // Before, an adjustment signed by the manager it names, with a reason, was all the server asked. adjustPoints also
  // refuses a debit beyond what is available and dates the event now, its lot ending the rule's validity later; and
  // every event names the staff of the session that wrote it. Accepted were a debit of 1,000 from a balance of 15, a
  // credit dated 2020 whose lot ends in 2099, a clerk's redemption naming the admin as its staff.
  it("an adjustment beyond the balance or with a lot of its own choosing, or an event in another's name, is refused", async () => {
    const now = new Date().toISOString();
    const base = ledgerRow('redeem');
    const adjust = (n: number, fields: Record<string, unknown>) => {
      const source = `adjust:${hostile.deviceId}:${n}`;
      return { ...base, id: ledgerEventId(source), source, kind: 'adjust', provisional: 0, reason: 'koreksi', approved_by: adminId, staff_id: adminId, ...fields };
    };
    const debit = adjust(1, { points: -1000, occurred_at: now });
    const credit = adjust(2, { points: 100, occurred_at: '2020-01-01T00:00:00.000Z', expires_on: '2099-12-31' });
    // A lot that never ends (what a credit is when no rule version is in force), dated before the programme; and one
    // dated a year ahead, its lot ending a year after the rule's validity.
    const forever = adjust(3, { points: 100, occurred_at: '2020-01-01T00:00:00.000Z', rule_id: null, expires_on: null });
    const ahead = new Date(Date.now() + 366 * 86_400_000).toISOString();
    const later = adjust(4, { points: 100, occurred_at: ahead, expires_on: expiryDay(outletDay(Date.parse(ahead)), 12) });
    const source = `redeem:${hostile.deviceId}:blamed`;
    const blamed = { ...base, id: ledgerEventId(source), source, points: -3, provisional: 1, staff_id: adminId, occurred_at: now };
    const refused = [
      ...(await pushAs(manager(), ...[debit, credit, forever, later].map((data) => ({ table: 'points_ledger', rowId: data.id, data })))),
      ...(await push({ table: 'points_ledger', rowId: blamed.id, data: blamed })),
    ];
    expect(refused).toEqual(['ledger_adjust_beyond_balance', 'ledger_adjust_mismatch', 'ledger_adjust_mismatch', 'ledger_adjust_mismatch', 'ledger_staff_mismatch']);
  });

  // `cards` is a device table (writeRules.ts), but its status is a manager's (server/authority/cardStatus.ts): before,
  // a clerk's device unblocked a card a manager blocked (blockCard needs a manager and a reason, and writes a signed
  // card_events row) by pushing the card row alone, and every replica then treated the card as active.
  it("a clerk's device unblocking a card a manager blocked is refused", async () => {
    const card = honest.store.sqlite.prepare('SELECT id FROM cards WHERE card_no = ?').get(cardNo) as { id: string };
    const now = new Date().toISOString();
    expect(await push({ table: 'cards', rowId: card.id, data: { status: 'active', updated_at: now, updated_by_device: hostile.deviceId } })).not.toEqual([
      'accepted',
    ]);
    await honest.engine.syncOnce();
    expect(honest.store.sqlite.prepare('SELECT status FROM cards WHERE id = ?').pluck().get(card.id)).toBe('blocked');
  });

  const cardId = () => honest.store.sqlite.prepare('SELECT id FROM cards WHERE card_no = ?').pluck().get(cardNo) as string;
  const statusOf = (store: Store) => store.sqlite.prepare('SELECT status FROM cards WHERE card_no = ?').pluck().get(cardNo);
  const serverStatus = async () => (await heldRows(server.database.db, 'cards', new Set([cardId()]))).get(cardId())?.status;

  it("a tampered store's unblock is refused and reverted to the server's status, though the store compacted the card's log", async () => {
    // The block's changes were acknowledged and compacted: the device's log no longer holds the value 'blocked'.
    expect(honest.store.sqlite.prepare(`SELECT count(*) FROM changes WHERE table_name = 'cards' AND row_id = ?`).pluck().get(cardId())).toBe(0);
    transact(honest.store, (w) => w.update(cards, cardId(), { status: 'active' }));
    const round = await honest.engine.syncOnce();
    expect(round.refused).toBe(1);
    expect(statusOf(honest.store)).toBe('blocked');
    expect(await serverStatus()).toBe('blocked');
  });

  it("a manager's unblock is accepted; from a device not yet updated (the card unsigned), with its new signed card event", async () => {
    const session: Session = { staffId: adminId, name: ADMIN.name, role: 'admin', outletId: null };
    unblockCard(signedBy(honest.store, adminId), session, { cardNo, reason: 'keliru' });
    honest.store.authority = null;
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    expect(await serverStatus()).toBe('active');

    const now = new Date().toISOString();
    const event = (kind: string) => {
      const id = `ev-${kind}-${Math.random().toString(36).slice(2)}`;
      return {
        table: 'card_events',
        rowId: id,
        signer: manager(),
        data: { id, card_id: cardId(), customer_id: customerId, kind, reason: 'kartu farming', replacement_card_id: null, cluster_id: null, at: now, staff_id: adminId, outlet_id: null, created_at: now, updated_at: now, created_by_device: hostile.deviceId, created_by_staff: adminId, updated_by_device: hostile.deviceId, updated_by_staff: adminId, deleted_at: null },
      };
    };
    const status = (value: string) => ({ table: 'cards', rowId: cardId(), data: { status: value, updated_at: now, updated_by_device: hostile.deviceId } });
    // An event that leaves the card in another status, or one the server already holds, does not account for it.
    const unblocked = event('unblocked');
    expect(await push(unblocked, status('blocked'))).toEqual(['accepted', 'card_status_not_permitted']);
    expect(await push(unblocked, status('blocked'))).toEqual(['accepted', 'card_status_not_permitted']);
    // The card first, then its event: the order the core writes them in.
    expect(await push(status('blocked'), event('blocked'))).toEqual(['accepted', 'accepted']);
    await honest.engine.syncOnce();
    expect(statusOf(honest.store)).toBe('blocked');
  });
});
