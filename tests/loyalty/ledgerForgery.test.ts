import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../electron/core/auth/roles';
import { createStaff, signIn } from '../../electron/core/auth/staffAccounts';
import { deriveAuthorityKey } from '../../electron/core/authority/signing';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { mergeCustomers, unmergeCustomers } from '../../electron/core/dedup/merge';
import { ledgerEventId } from '../../electron/core/loyalty/eventIds';
import { expiryDay } from '../../electron/core/loyalty/rules';
import { setRule } from '../../electron/core/loyalty';
import { ensureOutlet } from '../../electron/core/outlets/outlets';
import { closeStore, type Store } from '../../electron/core/store/store';
import type { OutgoingChange } from '../../electron/core/sync/protocol';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { saveEnrolment } from '../../electron/core/sync/syncState';
import type { RunningServer } from '../../server/main';
import { serverLedgerBalance } from '../../server/storage/loyaltyBalance';
import { registerDeviceDirectly } from '../../server/storage/syncStorage';
import { aCustomer, aLoyaltyRule } from '../support/builders';
import { tempStore } from '../support/tempStore';
import { ADMIN, enrolRawDevice, firstAdmin, pushRaw, signedBy, type RawDevice, type RawSigner } from '../sync/support/authority';
import { backends, inProcessServer } from '../sync/support/servers';
import { outletDay } from '../support/outletDay';

const CLERK_PIN = '64028173';
const DAY = 86_400_000;

/**
 * A hostile enrolled device forges points-ledger events (issue 17): the server must refuse on what a device
 * pushes what the core refuses at the counter (writeRules.ts `ledger`, loyalty/eventRules.ts).
 */
describe.each(backends)('a hostile device forging loyalty events is refused by the server (%s)', (backend) => {
  let server: RunningServer;
  let admin: Session;
  let honest: { store: Store; engine: SyncEngine };
  let hostile: RawDevice;
  let clerkId: string;
  let customerId: string;
  let otherId: string;
  let earn: Record<string, unknown>;
  let outletId: string;
  let lapsedRuleId: string;

  beforeAll(async () => {
    server = await inProcessServer(backend);
    const { staffId } = await firstAdmin(server.database.db);
    admin = { staffId, name: ADMIN.name, role: 'admin', outletId: null };
    // The counter's calendar starts 60 days back, for a rule version of then (see below).
    const back = { ms: 60 * DAY };
    const store = tempStore({ now: () => new Date(Date.now() - back.ms) });
    const token = await registerDeviceDirectly(server.database.db, store.deviceId, 'BDG01');
    saveEnrolment(store, server.url, token, 'BDG01');
    honest = { store, engine: new SyncEngine(store, { serverUrl: server.url }) };
    signedBy(store, admin.staffId);
    await honest.engine.syncOnce();
    outletId = ensureOutlet(store, 'BDG01').id;
    const manager = signIn(store, admin.staffId, { password: ADMIN.password });
    clerkId = createStaff(store, manager, { name: 'Sari Kasir', role: 'clerk', outletCode: 'BDG01', pin: CLERK_PIN }).id;
    // A version from 60 days ago whose lots last a month, ended by today's: its lots of 40 days ago have lapsed.
    lapsedRuleId = setRule(store, manager, aLoyaltyRule(outletDay(Date.now() - back.ms)).validFor(1).build()).id;
    back.ms = 0;
    // 1 point per Rp 10.000, rounded down.
    setRule(store, manager, aLoyaltyRule(outletDay()).build());
    customerId = registerCustomer(store, aCustomer().build()).id;
    otherId = registerCustomer(store, aCustomer().build()).id;
    addPurchase(store, { customerId, invoiceNo: 'HON-1', purchasedAt: new Date().toISOString(), amount: 200_000 });
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    earn = store.sqlite.prepare(`SELECT * FROM points_ledger WHERE invoice_no = 'HON-1'`).get() as Record<string, unknown>;
    hostile = await enrolRawDevice(server, 'BDG01');
  }, 180_000);
  afterAll(async () => server?.close());

  const keys = {
    clerk: (): RawSigner => ({ staffId: clerkId, kind: 'pin', key: deriveAuthorityKey(CLERK_PIN, clerkId, 'pin') }),
    manager: (): RawSigner => ({ staffId: admin.staffId, kind: 'password', key: deriveAuthorityKey(ADMIN.password, admin.staffId, 'password') }),
  };
  /** A whole ledger row as the core writes one, from the honest earn with these fields changed. */
  const event = (source: string, fields: Record<string, unknown>) => {
    const { provisional, ...rest } = earn;
    return {
      ...rest,
      provisional: provisional === 1,
      id: ledgerEventId(source),
      source,
      rule_id: null,
      purchase_id: null,
      invoice_no: null,
      amount: null,
      expires_on: null,
      related_id: null,
      reason: null,
      approved_by: null,
      ...fields,
    };
  };
  /** The last day of a lot of 40 days ago under the version of then (lots of a month): passed ten days or so ago. */
  const lapsedDay = () => expiryDay(outletDay(Date.now() - 40 * DAY), 1);
  /** A manager's compensation of 40 days ago, whose last day has passed: a lot the expiry pass ends (push it as a manager). */
  const expiredLot = (owner: string, name: string, points: number) =>
    event(`adjust:${hostile.deviceId}:${name}`, {
      kind: 'adjust',
      customer_id: owner,
      points,
      occurred_at: new Date(Date.now() - 40 * DAY).toISOString(),
      rule_id: lapsedRuleId,
      expires_on: lapsedDay(),
      reason: 'kompensasi keluhan',
      approved_by: admin.staffId,
    });
  /** An invoice line earned on its own (`akrab points earn`) at the outlet, as the core writes it. */
  const lineEarn = (invoice: string, fields: Record<string, unknown>) =>
    event(`earn@BDG01:${invoice}:1`, { kind: 'earn', outlet_id: outletId, invoice_no: invoice, purchase_id: `invoice:${invoice}:1`, ...fields });
  /** Where the expiry pass dates the end of a lot of that last day: the day's first instant in WIB. */
  const dayStartWib = (day: string) => new Date(`${day}T00:00:00+07:00`).toISOString();
  /** Pushes raw ledger events from the hostile device, each signed by `as`; the refusal reasons, in order. */
  const push = (as: RawSigner | null, ...rows: Record<string, unknown>[]) =>
    pushRaw(
      hostile,
      as,
      rows.map((data) => ({ table: 'points_ledger', rowId: data.id as string, op: 'upsert' as const, data: data as OutgoingChange['data'] })),
    );
  const balance = async (id: string) => (await serverLedgerBalance(server.database.db, id)).balance;

  it('a transfer or forfeit no real merge made is refused; a real merge’s transfers are accepted', async () => {
    const at = new Date().toISOString();
    const lot = earn.id as string;
    // Forfeiting a customer's points in a clerk's or even a manager's name, naming no merge or one that never happened.
    expect(
      await push(
        keys.manager(),
        event(`forfeit:${customerId}`, { kind: 'transfer_out', customer_id: customerId, points: -20, occurred_at: at, reason: 'kartu farming' }),
        event(`transfer:m-none:out:${customerId}:${lot}`, { kind: 'transfer_out', customer_id: customerId, points: -20, occurred_at: at, related_id: lot, reason: 'kartu farming' }),
      ),
    ).toEqual(['ledger_transfer_without_merge', 'ledger_transfer_without_merge']);
    // Moving a customer's points to another through a merge that names neither of them.
    // A real merge at the honest counter: its transfers, signed by the manager who merged, are accepted.
    const merged = registerCustomer(honest.store, aCustomer().build()).id;
    addPurchase(honest.store, { customerId: merged, invoiceNo: 'HON-2', purchasedAt: new Date().toISOString(), amount: 100_000 });
    const merge = mergeCustomers(signedBy(honest.store, admin.staffId), { survivorId: otherId, mergedIds: [merged] });
    honest.store.authority = null;
    expect((await honest.engine.syncOnce()).refused).toBe(0);
    expect([await balance(merged), await balance(otherId)]).toEqual([0, 10]);
    const out = event(`transfer:${merge.mergeId}:out:${customerId}:${lot}`, {
      kind: 'transfer_out',
      customer_id: customerId,
      points: -20,
      occurred_at: at,
      related_id: lot,
      reason: `merge:${merge.mergeId}`,
    });
    const into = event(`transfer:${merge.mergeId}:in:${customerId}:${lot}`, {
      kind: 'transfer_in',
      customer_id: otherId,
      points: 20,
      occurred_at: at,
      related_id: out.id,
      reason: `merge:${merge.mergeId}`,
    });
    expect(await push(keys.manager(), out, into)).toEqual(['ledger_transfer_without_merge', 'ledger_transfer_without_merge']);
    // A second move in to the survivor under the real merge, with no move out behind it; and a clerk's copy of a real move.
    const extraIn = event(`transfer:${merge.mergeId}:in:${merged}:extra`, {
      kind: 'transfer_in',
      customer_id: otherId,
      points: 500,
      occurred_at: at,
      reason: `merge:${merge.mergeId}`,
    });
    const clerkOut = event(`transfer:${merge.mergeId}:out:${merged}:again`, { kind: 'transfer_out', customer_id: merged, points: -10, occurred_at: at });
    expect(await push(keys.manager(), extraIn)).toEqual(['ledger_transfer_without_merge']);
    expect(await push(keys.clerk(), clerkOut)).toEqual(['ledger_transfer_without_merge']);
    expect([await balance(customerId), await balance(merged), await balance(otherId)]).toEqual([20, 0, 10]);
  });

  it("a manual adjustment in a clerk's name, without a reason, or naming another approver is refused", async () => {
    const at = new Date().toISOString();
    const adjust = (n: number, fields: Record<string, unknown>) =>
      event(`adjust:${hostile.deviceId}:${n}`, { kind: 'adjust', customer_id: customerId, points: 500, occurred_at: at, expires_on: '2099-01-01', ...fields });
    expect(await push(keys.clerk(), adjust(1, { approved_by: clerkId, reason: 'teman sendiri' }))).toEqual(['ledger_adjust_not_permitted']);
    expect(await push(null, adjust(2, { approved_by: admin.staffId, reason: 'teman sendiri' }))).toEqual(['ledger_adjust_not_permitted']);
    expect(await push(keys.manager(), adjust(3, { approved_by: admin.staffId, reason: '  ' }))).toEqual(['ledger_adjust_not_permitted']);
    expect(await push(keys.manager(), adjust(4, { approved_by: clerkId, reason: 'kompensasi' }))).toEqual(['ledger_adjust_not_permitted']);
    expect(await balance(customerId)).toBe(20);
    // The same adjustment as the core makes it: a manager approved it, with a reason, its lot lasting as the rule says.
    const lot = { rule_id: earn.rule_id, expires_on: expiryDay(outletDay(), 12) };
    expect(await push(keys.manager(), adjust(5, { approved_by: admin.staffId, reason: 'kompensasi keluhan', points: 5, ...lot }))).toEqual(['accepted']);
    expect(await balance(customerId)).toBe(25);
  });

  it('a redemption beyond the server balance not marked provisional, or provisional beyond the offline limit, is refused; within them, accepted', async () => {
    const at = new Date().toISOString();
    const start = await balance(customerId);
    const redeem = (n: number, points: number, provisional: boolean) =>
      event(`redeem:${hostile.deviceId}:r${n}`, { kind: 'redeem', customer_id: customerId, points, occurred_at: at, provisional });
    expect(await push(keys.clerk(), redeem(1, -(start + 1), false))).toEqual(['ledger_redeem_beyond_balance']);
    // Two in one batch, each within the balance alone, together beyond it.
    expect(await push(keys.clerk(), redeem(2, -(start - 1), false), redeem(3, -2, false))).toEqual(['accepted', 'ledger_redeem_beyond_balance']);
    expect(await balance(customerId)).toBe(1);
    // Marked provisional (offline): beyond the balance is allowed and flagged, but not beyond the day's offline limit
    // (50 here) for this device and card, across pushes; nor under a rule the server does not hold.
    const offline = (n: number, points: number, ruleId = earn.rule_id) =>
      event(`redeem:${hostile.deviceId}:o${n}`, { kind: 'redeem', customer_id: customerId, points, occurred_at: at, provisional: true, rule_id: ruleId });
    expect(await push(keys.clerk(), offline(1, -30), offline(2, -20), offline(3, -1))).toEqual([
      'accepted',
      'accepted',
      'ledger_redeem_beyond_offline_limit',
    ]);
    expect(await push(keys.clerk(), offline(4, -1), offline(5, -1, 'no-such-rule'))).toEqual([
      'ledger_redeem_beyond_offline_limit',
      'ledger_redeem_beyond_offline_limit',
    ]);
    expect(await balance(customerId)).toBe(-49);
  });

  it('an earn whose points do not follow the rule it names is refused; the right points are accepted', async () => {
    const at = new Date().toISOString();
    const earnOf = (invoice: string, points: number, amount: number, ruleId = earn.rule_id) =>
      lineEarn(invoice, { customer_id: otherId, points, amount, occurred_at: at, rule_id: ruleId, expires_on: earn.expires_on });
    expect(await push(keys.clerk(), earnOf('FAKE-1', 5_000, 200_000))).toEqual(['ledger_earn_mismatch']);
    expect(await push(keys.clerk(), earnOf('FAKE-2', 20, 200_000, 'no-such-rule'))).toEqual(['ledger_earn_mismatch']);
    expect(await push(keys.clerk(), earnOf('FAKE-3', 20, 200_000))).toEqual(['accepted']);
    expect(await balance(otherId)).toBe(30);
  });

  it('points given by an event that takes them, an unknown kind, an expiry or a reversal not fitting what it names: refused', async () => {
    const at = new Date().toISOString();
    const owner = `sign-owner-${hostile.deviceId}`;
    const lotOf = (invoice: string, points: number, amount: number) =>
      lineEarn(invoice, { customer_id: owner, points, amount, occurred_at: at, rule_id: earn.rule_id, expires_on: earn.expires_on });
    const lot = lotOf('SIGN-1', 20, 200_000);
    const other = expiredLot(owner, 'sign', 10);
    expect(await push(keys.clerk(), lot)).toEqual(['accepted']);
    expect(await push(keys.manager(), other)).toEqual(['accepted']);
    const taking = (source: string, kind: string, points: number, fields: Record<string, unknown> = {}) =>
      event(source, { kind, customer_id: owner, points, occurred_at: at, ...fields });
    // Each of these would add 500 points.
    expect(
      await push(
        keys.clerk(),
        taking(`redeem:${hostile.deviceId}:s1`, 'redeem', 500, { provisional: false }),
        taking(`redeem:${hostile.deviceId}:s2`, 'redeem', 500, { provisional: true, rule_id: earn.rule_id }),
        taking(`expire:${lot.id}`, 'expire', 500, { related_id: lot.id }),
        taking('reverse:earn@BDG01:SIGN-1:1', 'reverse', 500, { related_id: lot.id }),
        taking(`bonus:${hostile.deviceId}:1`, 'bonus', 500),
      ),
    ).toEqual(['ledger_points_sign', 'ledger_points_sign', 'ledger_points_sign', 'ledger_points_sign', 'ledger_points_sign']);
    // An expiry taking more than its lot gave, under an id of its own, naming no lot the server holds, ending a lot
    // whose last day has not come (dated today, or dated at that day ahead of time), or dated before its lot's day.
    const expiring = (lotId: string, points: number, occurredAt: string) =>
      event(`expire:${lotId}`, { kind: 'expire', customer_id: owner, points, occurred_at: occurredAt, related_id: lotId });
    expect(
      await push(
        keys.clerk(),
        expiring(other.id, -11, dayStartWib(lapsedDay())),
        { ...expiring(other.id, -5, dayStartWib(lapsedDay())), id: ledgerEventId('expire:made-up') },
        expiring('no-such-lot', -5, dayStartWib(lapsedDay())),
        expiring(lot.id, -20, at),
        expiring(lot.id, -20, dayStartWib(String(lot.expires_on))),
        expiring(other.id, -10, new Date(Date.parse(dayStartWib(lapsedDay())) - 86_400_000).toISOString()),
      ),
    ).toEqual(Array(6).fill('ledger_expire_mismatch'));
    // A reversal taking less or more than its earn, or naming an earn its source does not.
    expect(
      await push(
        keys.clerk(),
        taking('reverse:earn@BDG01:SIGN-1:1', 'reverse', -5, { related_id: lot.id }),
        taking('reverse:earn@BDG01:SIGN-1:1', 'reverse', -30, { related_id: lot.id }),
        taking('reverse:earn@BDG01:SIGN-2:1', 'reverse', -20, { related_id: lot.id }),
      ),
    ).toEqual(['ledger_reverse_mismatch', 'ledger_reverse_mismatch', 'ledger_reverse_mismatch']);
    expect(await balance(owner)).toBe(30);
    // As the core writes them: the return of the first purchase, the expiry of the second lot.
    expect(
      await push(
        keys.clerk(),
        taking('reverse:earn@BDG01:SIGN-1:1', 'reverse', -20, { related_id: lot.id }),
        expiring(other.id, -10, dayStartWib(lapsedDay())),
      ),
    ).toEqual(['accepted', 'accepted']);
    expect(await balance(owner)).toBe(0);
  });

  it('an undated event is refused: the replays that judge its customer’s later events could not place it', async () => {
    const owner = `undated-owner-${hostile.deviceId}`;
    expect(await push(keys.manager(), expiredLot(owner, 'undated', 20))).toEqual(['accepted']);
    const redemption = (name: string) => event(`redeem:${hostile.deviceId}:${name}`, { kind: 'redeem', customer_id: owner, points: -1, provisional: false });
    const { occurred_at: _dropped, ...undated }: Record<string, unknown> = redemption('undated');
    expect(await push(keys.clerk(), undated, { ...redemption('someday'), occurred_at: 'someday' })).toEqual(['ledger_immutable', 'ledger_immutable']);
    // The customer's later events are still judged by a replay of the ledger: a manager's debit finds the lot lapsed.
    const debit = event(`adjust:${hostile.deviceId}:undated-debit`, {
      kind: 'adjust',
      customer_id: owner,
      points: -5,
      occurred_at: new Date().toISOString(),
      reason: 'koreksi',
      approved_by: admin.staffId,
    });
    expect(await push(keys.manager(), debit)).toEqual(['ledger_adjust_beyond_balance']);
    expect(await balance(owner)).toBe(20);
  });

  it("an honest merge of a customer in debt moves the debt (out positive, in negative) and is accepted", async () => {
    const { store, engine, earner: debtor, other: survivor } = await aCounterWithTwoCustomers('DEBT-1');
    expect((await engine.syncOnce()).refused).toBe(0);
    // Another outlet redeemed 30 of his 10 points offline (provisional, within its offline limit): he owes 20.
    const offline = event(`redeem:${hostile.deviceId}:debt`, {
      kind: 'redeem',
      customer_id: debtor,
      points: -30,
      occurred_at: new Date().toISOString(),
      provisional: true,
      rule_id: earn.rule_id,
    });
    expect(await push(keys.clerk(), offline)).toEqual(['accepted']);
    await engine.syncOnce();
    mergeCustomers(signedBy(store, admin.staffId), { survivorId: survivor, mergedIds: [debtor] });
    store.authority = null;
    expect((await engine.syncOnce()).refused).toBe(0);
    expect([await balance(debtor), await balance(survivor)]).toEqual([0, -20]);
    closeStore(store);
  });

  /**
   * A counter of its own (an earlier case's store is closed): it pulls the rule and the staff from the server; two
   * customers registered there, the first with a purchase of Rp 100.000 (10 points) under `invoiceNo`.
   */
  async function aCounterWithTwoCustomers(invoiceNo: string) {
    const store = tempStore();
    saveEnrolment(store, server.url, await registerDeviceDirectly(server.database.db, store.deviceId, 'BDG01'), 'BDG01');
    const engine = new SyncEngine(store, { serverUrl: server.url });
    await engine.syncOnce();
    ensureOutlet(store, 'BDG01');
    const earner = registerCustomer(store, aCustomer().build()).id;
    const other = registerCustomer(store, aCustomer().build()).id;
    addPurchase(store, { customerId: earner, invoiceNo, purchasedAt: new Date().toISOString(), amount: 100_000 });
    return { store, engine, earner, other };
  }

  /** A counter of its own that merged a customer with a lot of 10 points into another, signed by the manager, synced. */
  async function mergedAtACounter(invoiceNo: string) {
    const { store, engine, earner: merged, other: survivor } = await aCounterWithTwoCustomers(invoiceNo);
    const { id: lot, expires_on: lastDay } = store.sqlite.prepare(`SELECT id, expires_on FROM points_ledger WHERE invoice_no = ?`).get(invoiceNo) as {
      id: string;
      expires_on: string;
    };
    const { mergeId } = mergeCustomers(signedBy(store, admin.staffId), { survivorId: survivor, mergedIds: [merged] });
    store.authority = null;
    expect((await engine.syncOnce()).refused).toBe(0);
    expect([await balance(merged), await balance(survivor)]).toEqual([0, 10]);
    return { store, engine, merged, survivor, lot, lastDay, mergeId };
  }

  it("a merge's move in is the one of its move out: not a second under an id of its own or for another lot", async () => {
    const { store, merged, survivor, lot, lastDay, mergeId } = await mergedAtACounter('MOVE-1');
    const moveIn = (ofLot: string, fields: Record<string, unknown> = {}) => ({
      ...event(`transfer:${mergeId}:in:${merged}:${ofLot}`, {
        kind: 'transfer_in',
        customer_id: survivor,
        points: 10,
        occurred_at: new Date().toISOString(),
        related_id: ledgerEventId(`transfer:${mergeId}:out:${merged}:${lot}`),
        reason: `merge:${mergeId}`,
        // A moved lot keeps its last day; the same event again carries it too (an event's fields are fixed).
        expires_on: lastDay,
      }),
      ...fields,
    });
    expect(await push(keys.manager(), moveIn('another-lot'), moveIn(lot, { id: ledgerEventId('transfer:made-up') }))).toEqual([
      'ledger_transfer_without_merge',
      'ledger_transfer_without_merge',
    ]);
    // The real one again is the same event.
    expect(await push(keys.manager(), moveIn(lot))).toEqual(['accepted']);
    expect(await balance(survivor)).toBe(10);
    closeStore(store);
  });

  it("an unmerge's undoing of a transfer moves no more than the merge moved, and only a transfer the server holds", async () => {
    const { store, engine, merged, survivor, lot, lastDay, mergeId } = await mergedAtACounter('UNDO-1');
    const at = new Date().toISOString();
    const moveIn = ledgerEventId(`transfer:${mergeId}:in:${merged}:${lot}`);
    const undoing = (direction: 'in' | 'out', ofLot: string, fields: Record<string, unknown>) =>
      event(`untransfer:${mergeId}:${direction}:${merged}:${ofLot}`, { occurred_at: at, reason: `unmerge:${mergeId}`, expires_on: lastDay, ...fields });
    // The merged customer's points given back (the undoing of the move out), the survivor's taken back (of the move in).
    const giveBack = (points: number, ofLot = lot) =>
      undoing('out', ofLot, { kind: 'transfer_in', customer_id: merged, points, related_id: ledgerEventId(`transfer:${mergeId}:out:${merged}:${ofLot}`) });
    const takeBack = (points: number) => undoing('in', lot, { kind: 'transfer_out', customer_id: survivor, points, related_id: moveIn });
    // 500 given back for the 10 moved; the 10 while the survivor keeps them; a lot the merge never moved; 500 taken
    // from the survivor; the survivor's 10 under an id of their own; then 500 given back for the 10 taken back.
    expect(
      await push(keys.manager(), giveBack(500), giveBack(10), giveBack(10, 'no-such-lot'), takeBack(-500), { ...takeBack(-10), id: ledgerEventId('untransfer:made-up') }),
    ).toEqual(Array(5).fill('ledger_unmerge_mismatch'));
    expect(await push(keys.manager(), takeBack(-10), giveBack(500))).toEqual(['accepted', 'ledger_unmerge_mismatch']);
    expect([await balance(merged), await balance(survivor)]).toEqual([0, 0]);
    // The honest unmerge at the counter writes the same undoing of the move in (accepted again) and gives the 10 back.
    unmergeCustomers(signedBy(store, admin.staffId), mergeId);
    store.authority = null;
    expect((await engine.syncOnce()).refused).toBe(0);
    expect([await balance(merged), await balance(survivor)]).toEqual([10, 0]);
    closeStore(store);
  });

  it("an expiry's correction is accepted only as the replay of the server's ledger owes it: no points made up or taken", async () => {
    const at = new Date().toISOString();
    // A customer of its own with a lot of 20 points whose last day has passed.
    const owner = `fix-owner-${hostile.deviceId}`;
    const lot = expiredLot(owner, 'fix', 20);
    // An expiry of the lot for 5 of its 20 points (as a device whose view had 15 of them debited elsewhere writes it).
    const expiry = event(`expire:${lot.id}`, {
      kind: 'expire',
      customer_id: owner,
      points: -5,
      occurred_at: dayStartWib(lapsedDay()),
      related_id: lot.id,
    });
    expect(await push(keys.manager(), lot)).toEqual(['accepted']);
    expect(await push(keys.clerk(), expiry)).toEqual(['accepted']);
    const fix = (n: number, points: number, fields: Record<string, unknown> = {}) =>
      event(`expire_fix:${expiry.id}:${n}`, { kind: 'expire_fix', customer_id: owner, points, occurred_at: at, related_id: expiry.id, ...fields });
    // Points given back that the expiry never took beyond its lot; more taken than the lot holds; out of turn; under another id.
    expect(await push(keys.clerk(), fix(0, 500), fix(0, -20), fix(3, -15), fix(0, -15, { id: ledgerEventId('expire_fix:made-up') }))).toEqual([
      'ledger_expire_fix_mismatch',
      'ledger_expire_fix_mismatch',
      'ledger_expire_fix_mismatch',
      'ledger_expire_fix_mismatch',
    ]);
    expect(await balance(owner)).toBe(15);
    // The correction the ledger owes: the 15 the lot still holds past the expiry. The same event again is the same
    // event (a second device correcting alike); a further one is owed nothing.
    expect(await push(keys.clerk(), fix(0, -15))).toEqual(['accepted']);
    expect(await push(keys.clerk(), fix(0, -15), fix(1, -1), fix(1, 1))).toEqual(['accepted', 'ledger_expire_fix_mismatch', 'ledger_expire_fix_mismatch']);
    expect(await balance(owner)).toBe(0);
  });
});
