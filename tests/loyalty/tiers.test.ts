import { describe, expect, it } from 'vitest';
import type { Session } from '../../electron/core/auth/roles';
import { createStaff } from '../../electron/core/auth/staffAccounts';
import { openComplaint } from '../../electron/core/care/complaints/complaints';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { storeFile } from '../../electron/core/dataDir';
import { customerTier, recomputeTiers, setTiers } from '../../electron/core/loyalty';
import { runLoyaltyDailyPass } from '../../electron/core/loyalty/dailyPass';
import { monthsBefore, peakSpend, spendOn } from '../../electron/core/loyalty/tiers/spend';
import { closeStore, openStore } from '../../electron/core/store/store';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';
import { akrabErrorOf } from '../support/akrabError';
import { aCustomer } from '../support/builders';
import { runCli } from '../support/runCli';
import { tempDir, tempStore } from '../support/tempStore';
import { outletDay } from '../support/outletDay';

const manager: Session = { staffId: 'mgr-1', name: 'Bu Rina', role: 'manager', outletId: null };
const clerk: Session = { staffId: 'clerk-1', name: 'Andi', role: 'clerk', outletId: null };

const levels = [
  { code: 'silver', name: 'Silver', minSpend: 5_000_000, discountPercent: 2 },
  { code: 'gold', name: 'Gold', minSpend: 20_000_000, discountPercent: 5, birthdayGift: 'Voucher Rp 100.000', complaintResponseHours: 4 },
  {
    code: 'platinum',
    name: 'Platinum',
    minSpend: 50_000_000,
    discountPercent: 10,
    birthdayGift: 'Voucher Rp 250.000',
    complaintResponseHours: 1,
    complaintResolutionDays: 1,
  },
];

function tierStore(graceDays = 30) {
  let now = new Date('2026-01-01T03:00:00.000Z');
  const store = tempStore({ now: () => now });
  setTiers(store, manager, { validFrom: '2026-01-01', graceDays, levels });
  const customer = registerCustomer(store, aCustomer().build());
  const buy = (day: string, amount: number) => addPurchase(store, { customerId: customer.id, purchasedAt: `${day}T05:00:00.000Z`, amount });
  return { store, customerId: customer.id, buy, at: (iso: string) => (now = new Date(iso)) };
}

describe('rolling 12-month spend (pure)', () => {
  const p = [
    { day: '2025-01-10', amount: 100 },
    { day: '2025-06-01', amount: 200 },
    { day: '2026-01-09', amount: 400 },
  ];
  it.each([
    ['2026-01-09', 700],
    ['2026-01-10', 600],
    ['2026-01-11', 600],
    ['2026-06-01', 400],
    ['2026-06-02', 400],
    ['2025-06-01', 300],
  ])('spend on %s is %i', (day, spend) => expect(spendOn(p, day)).toBe(spend));

  it.each([
    // The 100 of 2025-01-10 drops out after 2026-01-10; the peak over a window that starts before it keeps it.
    ['2026-01-09', '2026-01-20', 700],
    ['2026-01-11', '2026-01-20', 600],
    ['2026-05-01', '2026-06-10', 600],
    ['2026-06-02', '2026-07-01', 400],
  ])('peak from %s to %s is %i', (from, to, peak) => expect(peakSpend(p, from, to)).toBe(peak));

  it.each([
    ['2026-03-31', 12, '2025-03-31'],
    ['2024-02-29', 12, '2023-02-28'],
    ['2026-03-31', 1, '2026-02-28'],
    ['2026-01-15', 13, '2024-12-15'],
  ])('%s minus %i months is %s', (day, months, expected) => expect(monthsBefore(day, months)).toBe(expected));
});

describe('tiers', () => {
  it('are set by a manager only, with strictly rising thresholds, unique codes and no overlapping period; nothing is written when refused', () => {
    const { store } = tierStore();
    const count = () => store.sqlite.prepare('SELECT count(*) FROM loyalty_tiers').pluck().get();
    expect(akrabErrorOf(() => setTiers(store, clerk, { validFrom: '2026-02-01', graceDays: 0, levels })).messageKey).toBe(
      'error.loyalty.manager_required',
    );
    expect(
      akrabErrorOf(() => setTiers(store, manager, { validFrom: '2026-02-01', graceDays: 0, levels: [levels[1], levels[0]] })).messageKey,
    ).toBe('error.loyalty.tier_thresholds_not_increasing');
    expect(
      akrabErrorOf(() => setTiers(store, manager, { validFrom: '2026-02-01', graceDays: 0, levels: [levels[0], { ...levels[1], code: 'silver' }] }))
        .messageKey,
    ).toBe('error.loyalty.tier_code_duplicate');
    expect(akrabErrorOf(() => setTiers(store, manager, { validFrom: '2025-12-01', graceDays: 0, levels })).messageKey).toBe(
      'error.loyalty.rule_backdated',
    );
    expect(
      akrabErrorOf(() => setTiers(store, manager, { validFrom: '2026-02-01', graceDays: 0, levels: [{ ...levels[0], discountPercent: 120 }] }))
        .issues?.[0]?.messageKey,
    ).toBe('error.loyalty.percent_invalid');
    expect(count()).toBe(1);
    setTiers(store, manager, { validFrom: '2026-03-01', validTo: '2026-04-01', graceDays: 0, levels });
    expect(akrabErrorOf(() => setTiers(store, manager, { validFrom: '2026-03-15', graceDays: 0, levels }))).toMatchObject({
      messageKey: 'error.loyalty.rule_overlap',
      params: { kind: 'tiers', from: '01/03/2026', to: '01/04/2026' },
    });
    expect(count()).toBe(2);
  });

  it('come from the rolling 12-month spend at the pass and are kept until the next pass', () => {
    const { store, customerId, buy, at } = tierStore();
    buy('2026-01-05', 6_000_000);
    at('2026-01-06T01:00:00.000Z');
    expect(recomputeTiers(store)).toMatchObject({ day: '2026-01-06', customers: 1, changed: 1, byTier: { silver: 1 } });
    expect(customerTier(store, customerId)).toMatchObject({
      tier: { code: 'silver', discountPercent: 2 },
      spend12m: 6_000_000,
      next: { level: { code: 'gold' }, missing: 14_000_000 },
      inGrace: false,
    });
    buy('2026-01-07', 15_000_000);
    // Kept until the next pass…
    expect(customerTier(store, customerId).tier?.code).toBe('silver');
    at('2026-01-08T01:00:00.000Z');
    expect(recomputeTiers(store).changed).toBe(1);
    // …which upgrades at once.
    expect(customerTier(store, customerId)).toMatchObject({ tier: { code: 'gold', birthdayGift: 'Voucher Rp 100.000' }, spend12m: 21_000_000 });
    expect(recomputeTiers(store).changed).toBe(0);
  });

  it('go down only after the spend stayed below the threshold for the whole grace period', () => {
    const { store, customerId, buy, at } = tierStore(30);
    buy('2026-01-02', 25_000_000);
    at('2026-06-01T01:00:00.000Z');
    buy('2026-06-01', 6_000_000);
    recomputeTiers(store, '2026-06-01');
    expect(customerTier(store, customerId).tier?.code).toBe('gold');
    // 2027-01-01 is the last day whose 12 months hold the January purchase; from 2027-01-02 6 000 000 remain,
    // silver's level, and gold holds for 30 more days.
    recomputeTiers(store, '2027-01-02');
    expect(customerTier(store, customerId)).toMatchObject({ tier: { code: 'gold' }, spend12m: 6_000_000, inGrace: true });
    recomputeTiers(store, '2027-01-31');
    expect(customerTier(store, customerId)).toMatchObject({ tier: { code: 'gold' }, inGrace: true });
    recomputeTiers(store, '2027-02-01');
    expect(customerTier(store, customerId)).toMatchObject({ tier: { code: 'silver' }, inGrace: false });
    const row = store.sqlite.prepare('SELECT previous_code, changed_on FROM customer_tiers WHERE customer_id = ?').get(customerId);
    expect(row).toEqual({ previous_code: 'gold', changed_on: '2027-02-01' });
    // Nothing left in the window at all: no tier.
    recomputeTiers(store, '2027-07-05');
    expect(customerTier(store, customerId)).toMatchObject({ tier: null, spend12m: 0 });
  });

  it("count a purchase on its outlet's local day: the 12 months' edges at 06:30 WIB, 23:30 UTC the day before", () => {
    const { store, customerId, at } = tierStore(0);
    at('2027-03-02T05:00:00.000Z');
    // 06:30 WIB on 1 March 2026: in the 12 months that end on 28 February 2027 (after 28 February 2026), not in
    // those ending 1 March 2027. Read as its UTC day (28 February 2026) it fell out a day early.
    addPurchase(store, { customerId, purchasedAt: '2026-02-28T23:30:00.000Z', amount: 6_000_000 });
    // 06:30 WIB on 1 March 2027: not yet in the 12 months ending 28 February 2027 (its UTC day).
    const late = registerCustomer(store, aCustomer().build()).id;
    addPurchase(store, { customerId: late, purchasedAt: '2027-02-28T23:30:00.000Z', amount: 6_000_000 });
    // 08:30 WIT (Jayapura, UTC+9) on 1 March 2026 is judged in its own outlet's zone.
    useOutlet(store, ensureOutlet(store, 'JPR01', { timeZone: 'Asia/Jayapura' }));
    const east = registerCustomer(store, aCustomer().build()).id;
    addPurchase(store, { customerId: east, purchasedAt: '2026-02-28T23:30:00.000Z', amount: 6_000_000 });
    const tiers = () => [customerId, late, east].map((id) => [customerTier(store, id).tier?.code ?? null, customerTier(store, id).spend12m]);

    recomputeTiers(store, '2027-02-28');
    expect(tiers()).toEqual([['silver', 6_000_000], [null, 0], ['silver', 6_000_000]]);
    recomputeTiers(store, '2027-03-01');
    expect(tiers()).toEqual([[null, 0], ['silver', 6_000_000], [null, 0]]);
  });

  it("give the tier's shorter complaint service level", () => {
    const { store, customerId, buy, at } = tierStore();
    const other = registerCustomer(store, aCustomer().build());
    buy('2026-01-01', 60_000_000);
    at('2026-01-05T02:00:00.000Z'); // Monday 09:00 WIB, within opening hours.
    recomputeTiers(store);
    const platinum = openComplaint(store, { customerId, category: 'product_defect', description: 'Kulkas tidak dingin' });
    const plain = openComplaint(store, { customerId: other.id, category: 'product_defect', description: 'Kulkas tidak dingin' });
    expect(Date.parse(platinum.firstResponseDueAt) - Date.parse('2026-01-05T02:00:00.000Z')).toBe(3_600_000);
    expect(Date.parse(plain.firstResponseDueAt)).toBeGreaterThan(Date.parse(platinum.firstResponseDueAt));
    expect(Date.parse(plain.resolutionDueAt)).toBeGreaterThan(Date.parse(platinum.resolutionDueAt));
  });

  it('are recomputed by the daily loyalty pass once a day', () => {
    const { store, customerId, buy, at } = tierStore();
    buy('2026-01-01', 6_000_000);
    at('2026-01-02T01:00:00.000Z');
    expect(runLoyaltyDailyPass(store)?.tiers).toMatchObject({ customers: 1, byTier: { silver: 1 } });
    expect(runLoyaltyDailyPass(store)).toBeNull();
    expect(customerTier(store, customerId).tier?.code).toBe('silver');
  });

  it('akrab tiers set, recompute and show', () => {
    const dataDir = tempDir();
    const store = openStore(storeFile(dataDir));
    const admin = createStaff(store, null, { name: 'Admin Ayu', role: 'admin', pin: '73916428', password: 'kunci-admin-ayu-2026' });
    const customer = registerCustomer(store, aCustomer().withCard('VIP888001').build());
    addPurchase(store, { customerId: customer.id, purchasedAt: new Date().toISOString(), amount: 7_500_000 });
    closeStore(store);
    const cli = (...args: string[]) => {
      const result = runCli([...args, '--json', '--data-dir', dataDir]);
      return { code: result.code, json: result.stdout ? JSON.parse(result.stdout) : null };
    };
    const today = outletDay();
    const set = cli('tiers', 'set', '--from', today, '--grace-days', '30', '--level', 'silver:Silver:5000000:2', '--level',
      'gold:Gold:20000000:5:4:2:Voucher Rp 100.000', '--manager', admin.id, '--password', 'kunci-admin-ayu-2026');
    expect(set.json.levels[1]).toMatchObject({ code: 'gold', complaintResponseHours: 4, birthdayGift: 'Voucher Rp 100.000' });
    expect(cli('tiers', 'recompute').json).toMatchObject({ customers: 1, byTier: { silver: 1 } });
    expect(cli('tiers', 'show', 'VIP888001').json).toMatchObject({ tier: { code: 'silver' }, next: { missing: 12_500_000 } });
    const bad = cli('tiers', 'set', '--from', today, '--level', 'gold:Gold:20000000:5', '--level', 'silver:Silver:5000000:2', '--manager',
      admin.id, '--password', 'kunci-admin-ayu-2026');
    expect([bad.code, bad.json.error.messageKey]).toEqual([1, 'error.loyalty.tier_thresholds_not_increasing']);
  }, 300_000);
});
