import { describe, expect, it } from 'vitest';
import { createStaff } from '../../electron/core/auth/staffAccounts';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { storeFile } from '../../electron/core/dataDir';
import { closeStore, openStore } from '../../electron/core/store/store';
import { aCustomer } from '../support/builders';
import { runCli, spawnCli } from '../support/runCli';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { setRule } from '../../electron/core/loyalty';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { saveEnrolment } from '../../electron/core/sync/syncState';
import { registerDeviceDirectly, revokeDevice } from '../../server/storage/syncStorage';
import { aLoyaltyRule } from '../support/builders';
import { ADMIN, signedBy } from '../sync/support/authority';
import { ledgerServer } from './support/ledgerServer';
import { tempDir } from '../support/tempStore';
import { outletDay } from '../support/outletDay';

describe('akrab points', () => {
  it('sets the programme, earns once per invoice, redeems, adjusts with a manager, expires, verifies; bad input gets its error key', () => {
    const dataDir = tempDir();
    const store = openStore(storeFile(dataDir));
    const admin = createStaff(store, null, { name: 'Admin Ayu', role: 'admin', pin: '73916428', password: 'kunci-admin-ayu-2026' });
    const customer = registerCustomer(store, aCustomer().withCard('VIP777001').withPhone('0812-7777-0001').build());
    closeStore(store);
    const cli = (...args: string[]) => {
      const result = runCli([...args, '--json', '--data-dir', dataDir]);
      return { code: result.code, json: result.stdout ? JSON.parse(result.stdout) : null, stderr: result.stderr };
    };
    const manager = ['--manager', admin.id, '--password', 'kunci-admin-ayu-2026'];
    const today = outletDay();

    expect(
      cli(
        'points',
        'rule',
        '--from',
        today,
        '--rupiah-per-point',
        '10000',
        '--point-value',
        '100',
        '--validity-months',
        '12',
        '--offline-limit',
        '30',
        ...manager,
      ).code,
    ).toBe(0);
    expect(cli('points', 'earn', 'VIP777001', '--invoice', 'CLI-1', '--amount', '450000').json.event.points).toBe(45);
    expect(cli('points', 'earn', '0812 7777 0001', '--invoice', 'cli-1', '--amount', '450000').json.event.points).toBe(45);
    const redeemed = cli('points', 'redeem', 'VIP777001', '--points', '20');
    expect(redeemed.json).toMatchObject({ kind: 'redeem', points: -20, provisional: true });
    expect(cli('points', 'redeem', 'VIP777001', '--points', '20').json.error).toMatchObject({
      messageKey: 'error.loyalty.beyond_offline_limit',
      params: { remaining: 10 },
    });
    expect(cli('points', 'redeem', 'VIP777001', '--points', '2.5').json.error.messageKey).toBe('error.loyalty.points_not_integer');
    expect(cli('points', 'adjust', 'VIP777001', '--points', '5', ...manager).json.error.messageKey).toBe('error.loyalty.reason_required');
    expect(cli('points', 'adjust', 'VIP777001', '--points', '5', '--reason', 'kompensasi').json.error.messageKey).toBe(
      'error.loyalty.manager_required',
    );
    expect(cli('points', 'adjust', 'VIP777001', '--points', '5', '--reason', 'kompensasi', ...manager).json).toMatchObject({
      kind: 'adjust',
      approvedBy: admin.id,
    });
    expect(cli('points', 'balance', 'VIP777001').json).toMatchObject({
      customerId: customer.id,
      balance: 30,
      available: 30,
      flagged: false,
    });
    expect(
      cli('points', 'statement', 'VIP777001').json.map((l: { kind: string; balanceAfter: number }) => [l.kind, l.balanceAfter]),
    ).toEqual([
      ['adjust', 30],
      ['redeem', 25],
      ['earn', 45],
    ]);
    expect(cli('points', 'expire').json).toEqual({ events: 0, points: 0, customers: 0 });
    // A later version that says only its new rate keeps the rest of the version before it (the offline limit was 0).
    const later = new Date(Date.parse(`${today}T00:00:00Z`) + 40 * 86_400_000).toISOString().slice(0, 10);
    expect(cli('points', 'rule', '--from', later, '--rupiah-per-point', '5000', ...manager).json).toMatchObject({
      validFrom: later,
      rupiahPerPoint: 5000,
      pointValue: 100,
      validityMonths: 12,
      offlineRedeemLimit: 30,
    });
    expect(cli('points', 'verify').json).toMatchObject({ customers: 1, mismatches: [], flagged: [] });
    const unknown = cli('points', 'balance', 'VIP999999');
    expect([unknown.code, unknown.json.error.messageKey]).toEqual([1, 'error.loyalty.unknown_customer']);
  }, 300_000);
});

describe('akrab points and tiers: days and limits', () => {
  it('name the version a new one overlaps by its kind and days, day first, in either language, not by its id', () => {
    const dataDir = tempDir();
    const store = openStore(storeFile(dataDir));
    const admin = createStaff(store, null, { name: 'Admin Ayu', role: 'admin', pin: '73916428', password: 'kunci-admin-ayu-2026' });
    closeStore(store);
    const cli = (args: string[], env: Record<string, string> = {}) => runCli([...args, '--data-dir', dataDir], env);
    const manager = ['--manager', admin.id, '--password', 'kunci-admin-ayu-2026'];
    const rule = ['--rupiah-per-point', '10000', '--point-value', '100', '--validity-months', '12', ...manager];
    const day = (offset: number) => new Date(Date.parse(`${outletDay()}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
    const shown = (iso: string) => iso.split('-').reverse().join('/');
    const first = JSON.parse(cli(['points', 'rule', '--from', day(10), '--to', day(40), ...rule, '--json']).stdout);
    const clash = cli(['points', 'rule', '--from', day(20), ...rule]);
    expect(clash.code).not.toBe(0);
    expect(clash.stderr).toContain(`This period overlaps the version of the points rules valid from ${shown(day(10))} to ${shown(day(40))}.`);
    expect(clash.stderr).not.toContain(first.id);
    const inIndonesian = cli(['points', 'rule', '--from', day(5), '--to', day(15), ...rule], { AKRAB_LANG: 'id' });
    expect(inIndonesian.stderr).toContain(`bertumpang tindih dengan versi aturan poin yang berlaku ${shown(day(10))} s.d. ${shown(day(40))}.`);
    expect(cli(['points', 'rule', '--from', day(50), ...rule]).code).toBe(0);
    const open = JSON.parse(cli(['points', 'rule', '--from', day(50), ...rule, '--json']).stdout).error;
    expect(open).toMatchObject({ messageKey: 'error.loyalty.rule_overlap_open', params: { kind: 'base', from: shown(day(50)) } });
  });

  it('refuse an unreadable or future --on day and a bad --limit with their error, expiring nothing', () => {
    const dataDir = tempDir();
    const store = openStore(storeFile(dataDir));
    const admin = createStaff(store, null, { name: 'Admin Ayu', role: 'admin', pin: '73916428', password: 'kunci-admin-ayu-2026' });
    registerCustomer(store, aCustomer().withCard('VIP777002').withPhone('0812-7777-0002').build());
    closeStore(store);
    const cli = (...args: string[]) => {
      const result = runCli([...args, '--json', '--data-dir', dataDir]);
      return { code: result.code, json: result.stdout ? JSON.parse(result.stdout) : null, stderr: result.stderr };
    };
    const rule = ['--rupiah-per-point', '10000', '--point-value', '100', '--validity-months', '12'];
    expect(cli('points', 'rule', '--from', outletDay(), ...rule, '--manager', admin.id, '--password', 'kunci-admin-ayu-2026').code).toBe(0);
    expect(cli('points', 'earn', 'VIP777002', '--invoice', 'DAY-1', '--amount', '300000').json.event.points).toBe(30);
    // An unreadable day sorted after every last day: the pass expired every lot, valid for a year yet.
    for (const day of ['notaday', '2026-13-45', '2026-02-30']) {
      const expired = cli('points', 'expire', '--on', day);
      expect([expired.code, expired.json.error.messageKey, expired.stderr]).toEqual([1, 'error.day_invalid', `error: Not a valid day: ${day}. Use YYYY-MM-DD.\n`]);
      const tiers = cli('tiers', 'recompute', '--on', day);
      expect([tiers.code, tiers.json?.error.messageKey]).toEqual([1, 'error.day_invalid']);
    }
    const ahead = cli('points', 'expire', '--on', '2099-01-01');
    expect([ahead.code, ahead.json.error.messageKey]).toEqual([1, 'error.loyalty.expire_day_future']);
    const limit = cli('points', 'statement', 'VIP777002', '--limit', 'abc');
    expect([limit.code, limit.json?.error.messageKey]).toEqual([1, 'error.limit_invalid']);
    expect(cli('points', 'balance', 'VIP777002').json).toMatchObject({ balance: 30, available: 30 });
    expect(cli('points', 'statement', 'VIP777002').json.map((l: { kind: string }) => l.kind)).toEqual(['earn']);
  }, 300_000);
});

describe('akrab points, card and tiers as a first-time manager types them', () => {
  it('take a debit written --points -10, answer --help with their usage, and say which reason or field is missing', () => {
    const dataDir = tempDir();
    const store = openStore(storeFile(dataDir));
    const admin = createStaff(store, null, { name: 'Admin Ayu', role: 'admin', pin: '73916428', password: 'kunci-admin-ayu-2026' });
    registerCustomer(store, aCustomer().withCard('VIP777003').withPhone('0812-7777-0003').build());
    closeStore(store);
    const cli = (...args: string[]) => runCli([...args, '--data-dir', dataDir]);
    const manager = ['--manager', admin.id, '--password', 'kunci-admin-ayu-2026'];
    const rule = ['--from', outletDay(), '--point-value', '100', '--validity-months', '12', ...manager];
    // Each issue names its option's field, not "Invalid value." alone.
    expect(cli('points', 'rule', '--rupiah-per-point', 'abc', ...rule).stderr).toContain('- rupiahPerPoint: ');
    // A day that does not exist is not "in the past".
    expect(cli('points', 'rule', '--rupiah-per-point', '10000', ...rule, '--from', '2026-02-30', '--json').stdout).toContain('"error.date_invalid"');
    expect(cli('points', 'rule', '--rupiah-per-point', '10000', ...rule).code).toBe(0);
    expect(cli('points', 'earn', 'VIP777003', '--invoice', 'NEG-1', '--amount', '500000').code).toBe(0);
    // An earn's amount is rupiah, not points; an unreadable time threw a RangeError; a sale dated ahead is refused.
    const errorOf = (...args: string[]) => JSON.parse(cli('points', 'earn', 'VIP777003', '--invoice', 'NEG-2', ...args, '--json').stdout).error.messageKey;
    expect(errorOf()).toBe('error.amount_invalid');
    expect(errorOf('--amount', '500000', '--at', 'garbage')).toBe('error.date_invalid');
    expect(errorOf('--amount', '500000', '--at', '2099-01-01T00:00:00Z')).toBe('error.loyalty.earn_in_future');
    // A till whose clock runs a minute ahead still earns.
    expect(cli('points', 'earn', 'VIP777003', '--invoice', 'AHEAD-1', '--amount', '500000', '--at', new Date(Date.now() + 60_000).toISOString()).code).toBe(0);
    const debit = cli('points', 'adjust', 'VIP777003', '--points', '-10', '--reason', 'koreksi', ...manager, '--json');
    expect([debit.code, JSON.parse(debit.stdout).points]).toEqual([0, -10]);
    // The usage writes CODE; codes are stored lower case.
    const tiers = cli('tiers', 'set', '--from', outletDay(), '--level', 'SILVER:Silver:1000000:5', '--level', 'GOLD:Gold:5000000:10', ...manager, '--json');
    expect([tiers.code, JSON.parse(tiers.stdout).levels?.map((l: { code: string }) => l.code)]).toEqual([0, ['silver', 'gold']]);
    for (const command of ['points', 'card', 'tiers']) {
      const help = cli(command, '--help');
      expect([help.code, help.stdout]).toEqual([0, expect.stringMatching(new RegExp(`^usage: akrab ${command} .*--manager STAFF_ID`, 's'))]);
    }
    const noReason = cli('card', 'block', 'VIP777003', ...manager);
    expect([noReason.code, noReason.stderr]).toEqual([1, 'error: A reason is required (an adjustment, a card block or unblock, points forfeited).\n']);
    expect(cli('card', 'block', 'VIP777003', '--reason', 'hilang', ...manager).code).toBe(0);
    // A blocked card has no replacement: the message ends with its reason, not with "()".
    expect(cli('points', 'balance', 'VIP777003').stderr).toBe('error: Card VIP777003 is blocked: hilang.\n');
  }, 300_000);
});

/** What `--json` prints for a redemption, or its error. */
interface CliAnswer {
  id?: string;
  points?: number;
  provisional?: boolean;
  serverBalance?: number | null;
  error?: { messageKey: string; params?: Record<string, unknown> };
}

describe('akrab points redeem on an enrolled device', () => {
  const ledger = ledgerServer('pglite');

  /** The real `akrab` in a child process, awaited: the server answering it runs in this process. */
  const cliAsync = (dataDir: string, ...args: string[]) =>
    new Promise<{ code: number | null; json: CliAnswer | null; stderr: string }>((resolve) => {
      const child = spawnCli([...args, '--json', '--data-dir', dataDir]);
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, json: stdout.trim() ? (JSON.parse(stdout) as CliAnswer) : null, stderr }));
    });

  it("is checked against the server's ledger for a signed-in staff member, and is the offline redemption without one", async () => {
    const admin = ledger.admin();
    const dataDir = tempDir();
    const store = openStore(storeFile(dataDir));
    const token = await registerDeviceDirectly(ledger.server().database.db, store.deviceId, 'BDG01');
    saveEnrolment(store, ledger.server().url, token, 'BDG01');
    const engine = new SyncEngine(store, { timeoutMs: 15_000 });
    await engine.syncOnce();
    signedBy(store, admin.staffId);
    setRule(store, admin, aLoyaltyRule(outletDay()).offlineLimit(5).build());
    store.authority = null;
    const customerId = registerCustomer(store, aCustomer().withCard('VIP778001').build()).id;
    const deviceId = store.deviceId;
    addPurchase(store, { customerId, invoiceNo: 'CLI-ONL-1', purchasedAt: new Date().toISOString(), amount: 300_000 });
    await engine.syncOnce();
    closeStore(store);
    const staff = ['--staff', admin.staffId, '--password', ADMIN.password];

    // Beyond the offline limit of 5, final, because the server's ledger holds 30.
    const checked = await cliAsync(dataDir, 'points', 'redeem', 'VIP778001', '--points', '20', '--key', 'SALE-9', ...staff);
    expect([checked.code, checked.json]).toMatchObject([0, { kind: 'redeem', points: -20, provisional: false, serverBalance: 30 }]);
    // Retried under the same key (the answer was lost): the same redemption, though the server now holds only 10.
    const retried = await cliAsync(dataDir, 'points', 'redeem', 'VIP778001', '--points', '20', '--key', 'SALE-9', ...staff);
    expect([retried.code, retried.json]).toMatchObject([0, { id: checked.json?.id, provisional: false, repeated: true }]);
    const refused = await cliAsync(dataDir, 'points', 'redeem', 'VIP778001', '--points', '15', ...staff);
    expect([refused.code, refused.json?.error]).toMatchObject([1, { messageKey: 'error.loyalty.beyond_server_balance', params: { available: 10 } }]);
    // Nobody signed in: the server's balance cannot be asked for, so the offline redemption, within its limit.
    const offline = await cliAsync(dataDir, 'points', 'redeem', 'VIP778001', '--points', '5');
    expect(offline.json).toMatchObject({ points: -5, provisional: true, serverBalance: null });
    expect((await cliAsync(dataDir, 'points', 'redeem', 'VIP778001', '--points', '1')).json?.error?.messageKey).toBe(
      'error.loyalty.beyond_offline_limit',
    );
    const half = await cliAsync(dataDir, 'points', 'redeem', 'VIP778001', '--points', '1', '--staff', admin.staffId);
    expect([half.code, half.json?.error?.messageKey]).toEqual([1, 'error.pin_or_password']);
    // The server refuses this device (revoked): said as the server's refusal, with its code, and nothing written.
    await revokeDevice(ledger.server().database.db, deviceId);
    const revoked = await cliAsync(dataDir, 'points', 'redeem', 'VIP778001', '--points', '1', ...staff);
    expect([revoked.code, revoked.json?.error?.messageKey]).toEqual([1, 'error.sync.device_revoked']);
    // The caller's word that it asked the server is no longer taken.
    const claimed = await cliAsync(dataDir, 'points', 'redeem', 'VIP778001', '--points', '1', '--online');
    expect([claimed.code, claimed.stderr]).toEqual([2, expect.stringContaining('--online is gone')]);
  }, 300_000);
});
