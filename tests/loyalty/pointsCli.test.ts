import { describe, expect, it } from 'vitest';
import { createStaff } from '../../electron/core/auth/staffAccounts';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { storeFile } from '../../electron/core/dataDir';
import { closeStore, openStore } from '../../electron/core/store/store';
import { aCustomer } from '../support/builders';
import { runCli } from '../support/runCli';
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
    expect(cli('points', 'verify').json).toMatchObject({ customers: 1, mismatches: [], flagged: [] });
    const unknown = cli('points', 'balance', 'VIP999999');
    expect([unknown.code, unknown.json.error.messageKey]).toEqual([1, 'error.loyalty.unknown_customer']);
  }, 300_000);
});
