import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../electron/core/auth/roles';
import { HybridClock } from '../../electron/core/clock/hybridClock';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { importSheet } from '../../electron/core/import/importCustomers';
import { adjustPoints, earnPoints, pointsBalance, setRule, verifyBalances } from '../../electron/core/loyalty';
import { earnUnder } from '../../electron/core/loyalty/eventRules';
import { ruleFromRow } from '../../electron/core/loyalty/rules';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';
import type { Store } from '../../electron/core/store/store';
import type { OutgoingChange, PushResponse } from '../../electron/core/sync/protocol';
import { refusedChangeCount } from '../../electron/core/sync/revertRefused';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { saveEnrolment } from '../../electron/core/sync/syncState';
import type { RunningServer } from '../../server/main';
import { serverLedgerBalance } from '../../server/storage/loyaltyBalance';
import { registerDeviceDirectly } from '../../server/storage/syncStorage';
import { aCustomer, aLoyaltyRule } from '../support/builders';
import { tempStore } from '../support/tempStore';
import { ADMIN, firstAdmin, pushRaw, signedBy, type RawDevice } from '../sync/support/authority';
import { backends, inProcessServer } from '../sync/support/servers';
import { outletDay } from '../support/outletDay';

/** The server's rule for the points ledger (writeRules.ts `ledger`): events are immutable, adjustments need a manager. */
describe.each(backends)('the server judges points-ledger changes (%s)', (backend) => {
  let server: RunningServer;
  let admin: Session;
  beforeAll(async () => {
    server = await inProcessServer(backend);
    const { staffId } = await firstAdmin(server.database.db);
    admin = { staffId, name: ADMIN.name, role: 'admin', outletId: null };
  }, 180_000);
  afterAll(async () => server?.close());

  async function device(): Promise<{ store: Store; engine: SyncEngine; token: string }> {
    const store = tempStore();
    const token = await registerDeviceDirectly(server.database.db, store.deviceId, 'BDG01');
    saveEnrolment(store, server.url, token, 'BDG01');
    return { store, engine: new SyncEngine(store, { serverUrl: server.url }), token };
  }

  it('refuses an adjustment no manager signed and reverts it on the device; accepts a signed one; both replicas agree', async () => {
    const a = await device();
    const b = await device();
    const today = outletDay();
    signedBy(a.store, admin.staffId);
    setRule(a.store, admin, aLoyaltyRule(today).build());
    a.store.authority = null;
    const customerId = registerCustomer(a.store, aCustomer().build()).id;
    addPurchase(a.store, { customerId, invoiceNo: 'SRV-1', purchasedAt: new Date().toISOString(), amount: 200_000 });
    // The core saw a manager's session, but nothing signed the change as that manager: a forged approval.
    adjustPoints(a.store, admin, { customerId, points: 500, reason: 'teman sendiri' });
    expect(pointsBalance(a.store, customerId).balance).toBe(520);
    await a.engine.syncOnce();
    expect(refusedChangeCount(a.store)).toBe(1);
    expect(pointsBalance(a.store, customerId).balance).toBe(20);
    expect(a.store.sqlite.prepare(`SELECT count(*) FROM points_ledger WHERE kind = 'adjust'`).pluck().get()).toBe(0);

    signedBy(a.store, admin.staffId);
    adjustPoints(a.store, admin, { customerId, points: 15, reason: 'kompensasi keluhan' });
    a.store.authority = null;
    await a.engine.syncOnce();
    expect(refusedChangeCount(a.store)).toBe(1);
    await b.engine.syncOnce();
    expect(pointsBalance(b.store, customerId)).toMatchObject({ balance: 35, flagged: false });
    const ledger = (store: Store) => store.sqlite.prepare('SELECT id, kind, points, customer_id FROM points_ledger ORDER BY id').all();
    expect(ledger(b.store)).toEqual(ledger(a.store));
    expect(verifyBalances(a.store).mismatches).toEqual([]);
    expect(verifyBalances(b.store).mismatches).toEqual([]);
  });

  it('refuses any change to an event it holds, its deletion, and a partial event; accepts the same event sent again', async () => {
    const a = await device();
    const today = outletDay();
    signedBy(a.store, admin.staffId);
    try {
      setRule(a.store, admin, aLoyaltyRule(today).build());
    } catch {
      // The first test's rule may be in force already on the server; this device only needs one of its own.
    }
    a.store.authority = null;
    const customerId = registerCustomer(a.store, aCustomer().build()).id;
    addPurchase(a.store, { customerId, invoiceNo: 'SRV-2', purchasedAt: new Date().toISOString(), amount: 100_000 });
    await a.engine.syncOnce();
    const earn = a.store.sqlite.prepare(`SELECT * FROM points_ledger WHERE invoice_no = 'SRV-2'`).get() as Record<string, unknown>;
    const { provisional, ...rest } = earn;
    const whole = { ...rest, provisional: provisional === 1 };
    const clock = new HybridClock(a.store.deviceId);
    const push = async (changes: Omit<OutgoingChange, 'id' | 'hlc'>[]) => {
      const response = await fetch(`${server.url}/sync/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${a.token}` },
        body: JSON.stringify({
          deviceId: a.store.deviceId,
          batchId: `ledger-${Math.random()}`,
          changes: changes.map((c, i) => ({ id: 800_000 + i, ...c, hlc: clock.tick() })),
        }),
      });
      return ((await response.json()) as PushResponse).refused.map((r) => r.reason);
    };
    const rowId = earn.id as string;
    expect(await push([{ table: 'points_ledger', rowId, op: 'upsert', data: { ...whole, points: 1000 } }])).toEqual(['ledger_immutable']);
    expect(await push([{ table: 'points_ledger', rowId, op: 'upsert', data: { points: 1000 } }])).toEqual(['ledger_immutable']);
    expect(await push([{ table: 'points_ledger', rowId, op: 'delete', data: { deleted_at: new Date().toISOString() } }])).toEqual([
      'ledger_immutable',
    ]);
    expect(await push([{ table: 'points_ledger', rowId, op: 'upsert', data: whole }])).toEqual([]);
  });

  it("a counter's, a registration's, the legacy import's and the CLI's earns are each accepted once; another device agrees", async () => {
    // The server holds an earn to its purchase (time, invoice, outlet) and to being its line's one earn.
    const a = await device();
    const b = await device();
    signedBy(a.store, admin.staffId);
    try {
      setRule(a.store, admin, aLoyaltyRule(outletDay()).build());
    } catch {
      // An earlier test's rule is in force on the server already.
    }
    a.store.authority = null;
    await a.engine.syncOnce();
    useOutlet(a.store, ensureOutlet(a.store, 'BDG01'));
    const at = new Date().toISOString();
    const counter = registerCustomer(a.store, aCustomer().withPurchase('LEG-0', 300_000).build());
    addPurchase(a.store, { customerId: counter.id, invoiceNo: 'LEG-1', purchasedAt: at, amount: 150_000 });
    const newcomer = aCustomer().build();
    // The file: the counter's customer with a purchase of its own and one the counter recorded already (typed
    // otherwise), and a new customer with a purchase, at the outlet.
    const report = importSheet(a.store, {
      headers: ['card_no', 'nama', 'no_hp', 'no_invoice', 'total', 'outlet'],
      rows: [
        [counter.cards[0]!.cardNo, counter.fullName, '081299990001', 'leg- 2', '250000', 'BDG01'],
        [counter.cards[0]!.cardNo, counter.fullName, '081299990001', 'leg-1', '150000', 'BDG01'],
        [newcomer.cardNo, 'Dewi Lestari', newcomer.phone, 'LEG-3', '120000', 'BDG01'],
      ],
    });
    expect(report.errors).toEqual([]);
    earnPoints(a.store, { customerId: counter.id, invoiceNo: 'leg-4', amount: 100_000 });
    const earns = a.store.sqlite.prepare(`SELECT source FROM points_ledger WHERE kind = 'earn' AND invoice_no LIKE 'LEG-%' ORDER BY source`).pluck().all();
    expect(earns).toEqual(['earn@BDG01:LEG-0:1', 'earn@BDG01:LEG-1:1', 'earn@BDG01:LEG-2:1', 'earn@BDG01:LEG-3:1', 'earn@BDG01:LEG-4:1']);
    await a.engine.syncOnce();
    expect(refusedChangeCount(a.store)).toBe(0);
    await b.engine.syncOnce();
    const imported = a.store.sqlite.prepare('SELECT customer_id FROM cards WHERE card_no = ?').pluck().get(newcomer.cardNo) as string;
    for (const [customerId, points] of [
      [counter.id, 30 + 15 + 25 + 10],
      [imported, 12],
    ] as const) {
      expect((await serverLedgerBalance(server.database.db, customerId)).balance).toBe(points);
      expect(pointsBalance(b.store, customerId).balance).toBe(points);
    }
  });

  // An honest record the server refused (and the device then reverted): a credit made at a counter that had not
  // pulled the programme yet (adjust.ts: no version in force there, so a lot that never ends), refused because a
  // version was in force on the server.
  it('a credit from a counter that had not heard of the programme yet is accepted; from one that had, refused', async () => {
    const hq = await device();
    signedBy(hq.store, admin.staffId);
    try {
      setRule(hq.store, admin, aLoyaltyRule(outletDay()).build());
    } catch {
      // An earlier test's rule is in force on the server already.
    }
    await hq.engine.syncOnce();
    expect(refusedChangeCount(hq.store)).toBe(0);

    // A new counter, not synced yet: it knows no version.
    const counter = await device();
    signedBy(counter.store, admin.staffId);
    const customerId = registerCustomer(counter.store, aCustomer().build()).id;
    const credit = adjustPoints(counter.store, admin, { customerId, points: 40, reason: 'kompensasi keluhan' });
    expect([credit.ruleId, credit.expiresOn]).toEqual([null, null]);
    await counter.engine.syncOnce();
    expect(refusedChangeCount(counter.store)).toBe(0);
    expect((await serverLedgerBalance(server.database.db, customerId)).balance).toBe(40);

    // A counter that pulled the programme cannot claim it had not: its store's versions hidden behind the writer's
    // back, its credit of a lot that never ends is refused.
    counter.store.sqlite.prepare(`UPDATE loyalty_rules SET valid_from = '2999-01-01'`).run();
    const forged = adjustPoints(counter.store, admin, { customerId, points: 70, reason: 'kompensasi keluhan' });
    expect([forged.ruleId, forged.expiresOn]).toEqual([null, null]);
    await counter.engine.syncOnce();
    expect(refusedChangeCount(counter.store)).toBe(1);
    expect((await serverLedgerBalance(server.database.db, customerId)).balance).toBe(40);
  });

  // The core records a purchase at any time it is given (editCustomer.ts `addPurchase`) and earns it under the
  // version in force on that day; the server refused the earn of a sale typed days ahead as dated more than a day
  // after its stamp, though it is dated at its sale, and the device reverted it while the sale was kept.
  it('the earn of a sale typed days ahead is accepted, dated at its sale', async () => {
    const counter = await device();
    signedBy(counter.store, admin.staffId);
    try {
      setRule(counter.store, admin, aLoyaltyRule(outletDay()).build());
    } catch {
      // An earlier test's rule is in force on the server already.
    }
    await counter.engine.syncOnce();
    const customerId = registerCustomer(counter.store, aCustomer().build()).id;
    const ahead = new Date(Date.now() + 3 * 86_400_000).toISOString();
    addPurchase(counter.store, { customerId, invoiceNo: 'AHEAD-1', purchasedAt: ahead, amount: 100_000 });
    expect(pointsBalance(counter.store, customerId).balance).toBe(10);
    await counter.engine.syncOnce();
    expect(refusedChangeCount(counter.store)).toBe(0);
    expect((await serverLedgerBalance(server.database.db, customerId)).balance).toBe(10);
    const other = await device();
    await other.engine.syncOnce();
    expect(pointsBalance(other.store, customerId).balance).toBe(10);

    // An invoice line earned on its own (no sale the server holds) has only its stamp to be dated by: not days ahead.
    // The core refuses it before anything is written (the server's own rule, a day past the stamp, is for devices
    // that do not).
    expect(() => earnPoints(counter.store, { customerId, invoiceNo: 'AHEAD-2', amount: 100_000, purchasedAt: ahead })).toThrow('error.loyalty.earn_in_future');
    await counter.engine.syncOnce();
    expect(refusedChangeCount(counter.store)).toBe(0);
    expect((await serverLedgerBalance(server.database.db, customerId)).balance).toBe(10);
  });

  // The core refuses such an earn before writing it (earn.ts), so the test above never reaches the server's own rule
  // (ledgerCheck.ts `earnFollowsRule`, EARN_AHEAD_MS): a device that does not refuse it pushes it as made here.
  it('an invoice line earned on its own, pushed raw dated days after its stamp, is refused; dated at its stamp, accepted', async () => {
    const counter = await device();
    signedBy(counter.store, admin.staffId);
    try {
      setRule(counter.store, admin, aLoyaltyRule(outletDay()).build());
    } catch {
      // An earlier test's rule is in force on the server already.
    }
    await counter.engine.syncOnce();
    const customerId = registerCustomer(counter.store, aCustomer().build()).id;
    await counter.engine.syncOnce();
    // The earn as the core writes it, dated now: the model for the raw one, which names no sale the server holds.
    earnPoints(counter.store, { customerId, invoiceNo: 'AHEAD-3', amount: 100_000 });
    const earn = counter.store.sqlite.prepare(`SELECT * FROM points_ledger WHERE invoice_no = 'AHEAD-3'`).get() as Record<string, unknown>;
    expect(earn.purchase_id).toBe('invoice:AHEAD-3:1');
    const { provisional, ...rest } = earn;
    const asWritten = { ...rest, provisional: provisional === 1 } as OutgoingChange['data'];
    // The same line dated three days after its stamp, with the points and last day the rule gives on that day.
    const ruleRow = counter.store.sqlite.prepare('SELECT * FROM loyalty_rules WHERE id = ?').get(earn.rule_id) as Record<string, unknown>;
    const occurredAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const dated = earnUnder(ruleFromRow(ruleRow), { amount: 100_000, occurredAt, product: null, outletCode: null, zone: null });
    const ahead = { ...asWritten, occurred_at: occurredAt, points: dated.points, expires_on: dated.expiresOn };
    expect(earn.outlet_id).toBeNull();

    const raw: RawDevice = { serverUrl: server.url, deviceId: counter.store.deviceId, token: counter.token, clock: new HybridClock(counter.store.deviceId) };
    const change = (data: OutgoingChange['data']) => ({ table: 'points_ledger', rowId: earn.id as string, op: 'upsert' as const, data });
    expect(await pushRaw(raw, null, [change(ahead)])).toEqual(['ledger_earn_mismatch']);
    expect((await serverLedgerBalance(server.database.db, customerId)).balance).toBe(0);
    expect(await pushRaw(raw, null, [change(asWritten)])).toEqual(['accepted']);
    expect((await serverLedgerBalance(server.database.db, customerId)).balance).toBe(earn.points);
  });
});
