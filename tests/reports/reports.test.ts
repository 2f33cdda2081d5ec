import { describe, expect, it } from 'vitest';
import { runReport } from '../../electron/core/reports/registry';
import type { ReportData } from '../../electron/core/reports/types';
import { reportView } from '../../electron/core/reports/view';
import type { ReportCell } from '../../shared/reports';
import { rfmTable, smallStore } from './smallStore';

const rows = (report: ReportData, id: string): ReportCell[][] => [...report.sections.find((s) => s.id === id)!.rows()];
const byKey = (report: ReportData, id: string, key: string) => {
  const section = report.sections.find((s) => s.id === id)!;
  const i = section.columns.findIndex((c) => c.key === key);
  return [...section.rows()].map((r) => r[i]);
};

describe('registrations report', () => {
  it('counts registrations, cards and later-found duplicates by local day, outlet and staff', () => {
    const { store } = smallStore();
    const report = runReport(store, 'registrations', { from: '2026-03-01', to: '2026-03-31' });
    expect(report.period).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    const days = rows(report, 'by-day');
    expect(days).toHaveLength(31);
    // [date, registrations, cards, duplicates, share]
    expect(days.find((d) => d[0] === '2026-03-10')).toEqual(['2026-03-10', 4, 4, 2, 0.5]);
    // R7 registered at 00:30 WITA on the 11th, still the 10th in Jakarta: it counts on its outlet's day.
    expect(days.find((d) => d[0] === '2026-03-11')).toEqual(['2026-03-11', 3, 3, 1, 1 / 3]);
    expect(days.find((d) => d[0] === '2026-03-12')).toEqual(['2026-03-12', 0, 1, 0, 0]);
    expect(rows(report, 'by-outlet')).toEqual([
      ['JKT', 'Jakarta Pusat', 'Toko', 6, 7, 3, 0.5],
      ['MKS', 'Makassar Mall', 'Booth', 1, 1, 0, 0],
    ]);
    expect(rows(report, 'by-staff')).toEqual([
      ['Ani', 'JKT', 4, 5, 2, 0.5],
      ['Budi', 'JKT', 2, 2, 1, 0.5],
      ['Citra', 'MKS', 1, 1, 0, 0],
    ]);
    expect(report.summary.map((s) => s.value)).toEqual([7, 8, 3, 3 / 7]);
  });

  it('narrows to the chosen outlets', () => {
    const { store } = smallStore();
    const report = runReport(store, 'registrations', { from: '2026-03-01', to: '2026-03-31', outlets: ['mks'] });
    expect(report.outlets).toEqual([{ code: 'MKS', name: 'Makassar Mall' }]);
    expect(rows(report, 'by-outlet')).toEqual([['MKS', 'Makassar Mall', 'Booth', 1, 1, 0, 0]]);
    expect(report.summary[0]!.value).toBe(1);
  });

  it('refuses an unknown outlet code and a reversed period', () => {
    const { store } = smallStore();
    expect(() => runReport(store, 'registrations', { outlets: ['NOPE'] })).toThrow(/outlet_unknown/);
    expect(() => runReport(store, 'registrations', { from: '2026-03-31', to: '2026-03-01' })).toThrow(/period_invalid/);
  });

  it('defaults to the last 30 days ending today', () => {
    const { store } = smallStore();
    expect(runReport(store, 'registrations').period).toEqual({ from: '2026-03-02', to: '2026-03-31' });
  });
});

describe('RFM report', () => {
  it('scores the ten-customer example as computed by hand', () => {
    const { store, ids } = smallStore();
    const report = runReport(store, 'rfm', { outlets: ['JKT'] });
    expect(report.period).toEqual({ from: '2025-04-01', to: '2026-03-31' });
    const list = report.sections.find((s) => s.id === 'customers')!;
    expect(list.count).toBe(10);
    const names = byKey(report, 'customers', 'name');
    const get = (key: string) => byKey(report, 'customers', key);
    for (const expected of rfmTable) {
      const i = names.indexOf(`Pelanggan ${expected.key}`);
      expect(i, expected.key).toBeGreaterThanOrEqual(0);
      expect(
        {
          days: get('recencyDays')[i],
          count: get('frequency')[i],
          spend: get('monetary')[i],
          r: get('r')[i],
          f: get('f')[i],
          m: get('m')[i],
        },
        expected.key,
      ).toEqual({
        days: expected.days,
        count: expected.count,
        spend: expected.spend,
        r: expected.r,
        f: expected.f,
        m: expected.m,
      });
    }
    // Biggest spenders first; segment names in Indonesian.
    expect(names.slice(0, 3)).toEqual(['Pelanggan I', 'Pelanggan A', 'Pelanggan G']);
    expect(get('segment')[1]).toBe('Juara');
    expect(get('lastPurchase')[1]).toBe('2026-03-29');
    void ids;
  });

  it('counts customers and revenue per segment', () => {
    const { store } = smallStore();
    const report = runReport(store, 'rfm', { outlets: ['JKT'] }, 'en');
    const segments = Object.fromEntries(rows(report, 'segments').map((r) => [r[0], r.slice(1, 5)]));
    const total = 45_500_000;
    expect(segments['Champions']).toEqual([1, 0.1, 9_000_000, 9_000_000 / total]);
    expect(segments['At risk']).toEqual([2, 0.2, 12_000_000, 12_000_000 / total]);
    expect(segments["Can't lose"]).toEqual([1, 0.1, 10_000_000, 10_000_000 / total]);
    expect(segments['Lost']).toEqual([0, 0, 0, 0]);
    expect(report.summary.map((s) => s.value)).toEqual([10, total, 1, 3]);
  });

  it('drills down into one segment', () => {
    const { store } = smallStore();
    const report = runReport(store, 'rfm', { outlets: ['JKT'], segment: 'at_risk' });
    expect(byKey(report, 'customers', 'name')).toEqual(['Pelanggan G', 'Pelanggan J']);
    expect(report.sections[1]!.title).toBe('Daftar pelanggan — Berisiko');
  });

  it('includes purchases at every outlet without an outlet filter', () => {
    const { store } = smallStore();
    expect(runReport(store, 'rfm').sections[1]!.count).toBe(11);
  });
});

describe('neglected customers report', () => {
  it('lists high-value customers with no visit in N days, biggest first', () => {
    const { store } = smallStore();
    // Lifetime spend ≥ Rp 5.000.000: A (108 M with the old sale), I, G, C. Not seen in 30 days: I (200), G (100).
    const report = runReport(store, 'neglected', { days: 30, minSpend: 5_000_000 });
    const list = report.sections.find((s) => s.id === 'call-list')!;
    expect(byKey(report, 'call-list', 'name')).toEqual(['Pelanggan I', 'Pelanggan G']);
    expect(byKey(report, 'call-list', 'daysSinceVisit')).toEqual([200, 100]);
    expect(byKey(report, 'call-list', 'lifetimeSpend')).toEqual([10_000_000, 8_000_000]);
    expect(list.columns.find((c) => c.key === 'phone')!.type).toBe('phone');
    expect(report.summary.map((s) => s.value)).toEqual([2, 18_000_000, 5_000_000, 30]);
    // With N = 150 only I is left.
    expect(byKey(runReport(store, 'neglected', { days: 150, minSpend: 5_000_000 }), 'call-list', 'name')).toEqual(['Pelanggan I']);
  });

  it('takes the top 20% of spenders as high value by default', () => {
    const { store } = smallStore();
    // 11 buyers by lifetime spend: 0.5, 1, 1, 1.5, 2.5, 3, 4, 6, 8, 10, 108 million; index ⌊0.8 × 11⌋ = 8 → Rp 8.000.000.
    const report = runReport(store, 'neglected', { days: 30 });
    expect(report.summary[2]!.value).toBe(8_000_000);
    expect(byKey(report, 'call-list', 'name')).toEqual(['Pelanggan I', 'Pelanggan G']);
  });

  it('drops customers someone contacted within N days', async () => {
    const { store, ids } = smallStore();
    const hasInteractions = store.sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'interactions'`).get();
    expect(hasInteractions, 'the care migration creates interactions').toBeTruthy();
    const columns = store.sqlite.prepare(`PRAGMA table_info(interactions)`).all() as { name: string; notnull: number }[];
    const values: Record<string, unknown> = {
      id: 'int-1',
      customer_id: ids.I,
      outlet_id: null,
      staff: 'Ani',
      channel: 'whatsapp',
      direction: 'outbound',
      at: '2026-03-20T03:00:00.000Z',
      created_at: '2026-03-20T03:00:00.000Z',
      updated_at: '2026-03-20T03:00:00.000Z',
      created_by_device: 'test',
      updated_by_device: 'test',
    };
    const names = columns.map((c) => c.name).filter((n) => n in values);
    store.sqlite
      .prepare(`INSERT INTO interactions (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`)
      .run(...names.map((n) => values[n]));
    const report = runReport(store, 'neglected', { days: 30, minSpend: 5_000_000 });
    expect(byKey(report, 'call-list', 'name')).toEqual(['Pelanggan G']);
  });

  it('scopes to customers registered at the chosen outlets', () => {
    const { store } = smallStore();
    expect(runReport(store, 'neglected', { days: 30, minSpend: 5_000_000, outlets: ['MKS'] }).sections[0]!.count).toBe(0);
  });
});

describe('top customers and product mix', () => {
  it('ranks spenders and splits revenue by product per outlet for the period', () => {
    const { store } = smallStore();
    const report = runReport(store, 'top-customers', { from: '2026-03-01', to: '2026-03-31', top: 2 });
    expect(report.sections.map((s) => s.id)).toEqual(['top-JKT', 'mix-JKT', 'top-MKS', 'mix-MKS']);
    // In March at JKT: A bought 9 times (days 2..10, all in March) and B once, C 8 times (days 10..17), D twice (20, 21).
    const top = rows(report, 'top-JKT');
    expect(top.map((r) => [r[0], r[1], r[4], r[5]])).toEqual([
      [1, 'Pelanggan A', 9, 9_000_000],
      [2, 'Pelanggan C', 8, 6_000_000],
    ]);
    const mix = rows(report, 'mix-MKS');
    expect(mix).toEqual([['Televisi', 1, 1, 1_000_000, 1]]);
    const jktMix = rows(report, 'mix-JKT');
    expect(jktMix.reduce((s, r) => s + Number(r[3]), 0)).toBe(9_000_000 + 500_000 + 6_000_000 + 1_000_000);
    expect(report.summary[0]!.value).toBe(17_500_000);
  });
});

describe('clean-up impact', () => {
  it('sets cards against estimated real customers per outlet', () => {
    const { store } = smallStore();
    const report = runReport(store, 'cleanup');
    const jkt = rows(report, 'by-outlet').find((r) => r[0] === 'JKT')!;
    // JKT: 16 registrations (A–J, R1–R6), 17 active cards (+R1's second), 1 merged, 2 waiting (R4, R6) → 13 real;
    // three clusters found there, one of them card farming, one merge done.
    expect(jkt.slice(0, 7)).toEqual(['JKT', 'Jakarta Pusat', 17, 16, 1, 2, 13]);
    expect(jkt[7]).toBeCloseTo(17 / 13);
    expect(jkt.slice(8)).toEqual([3, 1, 1]);
    expect(
      rows(report, 'by-outlet')
        .find((r) => r[0] === 'MKS')!
        .slice(2, 7),
    ).toEqual([2, 2, 0, 0, 2]);
    expect(report.summary.map((s) => s.value)).toEqual([19, 15, 3, 1, 1]);
  });
});

describe('report view', () => {
  it('limits rows and masks phones for the screen', () => {
    const { store, phones } = smallStore();
    const view = reportView(runReport(store, 'rfm', { outlets: ['JKT'] }), 3);
    const list = view.sections[1]!;
    expect(list.rows).toHaveLength(3);
    expect(list.total).toBe(10);
    const phone = list.rows[0]![2] as string;
    expect(phone).toMatch(/^0812-••••-\d{4}$/);
    expect(phone).not.toContain(phones.I!.slice(-8));
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });
});

describe('long lists', () => {
  it('give the same rows through the bulk table scans as through per-customer lookups', async () => {
    const { listingThresholds } = await import('../../electron/core/reports/customerDetails');
    const { store } = smallStore();
    const lookedUp = [
      rows(runReport(store, 'rfm'), 'customers'),
      rows(runReport(store, 'neglected', { days: 30, minSpend: 1 }), 'call-list'),
    ];
    const saved = listingThresholds.bulkFrom;
    listingThresholds.bulkFrom = 1;
    try {
      const scanned = [
        rows(runReport(store, 'rfm'), 'customers'),
        rows(runReport(store, 'neglected', { days: 30, minSpend: 1 }), 'call-list'),
      ];
      expect(scanned).toEqual(lookedUp);
      expect(lookedUp[1]!.length).toBeGreaterThan(3);
    } finally {
      listingThresholds.bulkFrom = saved;
    }
  });
});
