import { describe, expect, it } from 'vitest';
import { purchases } from '../../db/schema';
import { newId } from '../../electron/core/ids';
import { ensureOutlet } from '../../electron/core/outlets/outlets';
import { transact } from '../../electron/core/store/writer';
import { createOpportunity, updateOpportunity } from '../../electron/core/opportunities/opportunities';
import { salesForecast } from '../../electron/core/opportunities/forecast';
import { learnWinRates } from '../../electron/core/opportunities/winRates';
import type { OpenStage } from '../../shared/knowledge';
import { careStore } from '../care/support';

const reached = (...stages: OpenStage[]) => new Set(stages);

describe('win rates learnt from the store’s closed opportunities', () => {
  it('start at 50% with no history and lean on the store rate of the stage while a category is thin', () => {
    expect(learnWinRates([]).rate('interested', 'Kasur')).toBe(0.5);
    const model = learnWinRates([
      { category: 'Kasur', won: true, reached: reached('interested', 'quoted') },
      { category: 'Kasur', won: false, reached: reached('interested') },
      { category: 'Kasur', won: false, reached: reached('interested', 'quoted') },
      { category: 'Sofa', won: true, reached: reached('interested', 'quoted') },
    ]);
    // Store: interested 2 of 4 → (2+1)/(4+2) = 0.5; quoted 2 of 3 → (2+1)/(3+2) = 0.6.
    // Kasur interested: 1 of 3 → (1 + 4·0.5)/(3+4) = 3/7; Kasur quoted: 1 of 2 → (1 + 4·0.6)/(2+4) = 3.4/6.
    expect(model.rate('interested', 'Kasur')).toBeCloseTo(3 / 7, 12);
    expect(model.rate('quoted', 'Kasur')).toBeCloseTo(3.4 / 6, 12);
    // Sofa quoted: 1 of 1 → (1 + 2.4)/5; an unseen category gets the store rate; negotiating has no history.
    expect(model.rate('quoted', 'Sofa')).toBeCloseTo(0.68, 12);
    expect(model.rate('interested', 'Lemari')).toBe(0.5);
    expect(model.rate('negotiating', 'Kasur')).toBe(0.5);
  });
});

describe('the sales forecast of a small store, computed by hand', () => {
  it('weights open opportunities by learnt win rates, adds repeat purchases, and shows past months against actual', () => {
    const { store, customer, setNow, outlet } = careStore('2026-09-02T03:00:00.000Z');
    const sby = ensureOutlet(store, 'SBY01');
    const buy = (customerId: string, purchasedAt: string, amount: number, invoiceNo: string | null = null, outletId = outlet.id) =>
      transact(store, (w) => w.insert(purchases, { id: newId(), customerId, invoiceNo, outletId, purchasedAt, amount, mainProduct: null }));
    const opp = (customerId: string, category: string, budget: number, expectedDecisionDate: string, stage: OpenStage = 'interested') =>
      createOpportunity(store, { customerId, product: category, category, budget, expectedDecisionDate, stage }).id;

    // History: a customer whose old invoices close the won opportunities (bought long ago: lapsed, outside every month shown).
    const h = customer();
    buy(h.id, '2024-01-01T03:00:00.000Z', 100, 'H-1');
    buy(h.id, '2024-01-02T03:00:00.000Z', 100, 'H-2');
    const a = opp(h.id, 'Kasur', 1, '2026-09-30');
    const b = opp(h.id, 'Kasur', 1, '2026-09-30');
    const c = opp(h.id, 'Kasur', 1, '2026-09-30');
    const d = opp(h.id, 'Sofa', 1, '2026-09-30');
    setNow('2026-09-20T03:00:00.000Z');
    updateOpportunity(store, { opportunityId: a, stage: 'quoted' });
    updateOpportunity(store, { opportunityId: a, stage: 'won', invoiceNo: 'H-1' });
    updateOpportunity(store, { opportunityId: b, stage: 'lost', lostReason: 'price' });
    updateOpportunity(store, { opportunityId: c, stage: 'quoted' });
    updateOpportunity(store, { opportunityId: c, stage: 'lost', lostReason: 'competitor' });
    updateOpportunity(store, { opportunityId: d, stage: 'quoted' });
    updateOpportunity(store, { opportunityId: d, stage: 'won', invoiceNo: 'H-2' });
    // Open on 1 October, lost on 20 October.
    setNow('2026-09-25T03:00:00.000Z');
    const e = opp(h.id, 'Kasur', 10_000_000, '2026-10-15');
    setNow('2026-10-20T03:00:00.000Z');
    updateOpportunity(store, { opportunityId: e, stage: 'lost', lostReason: 'financing' });

    // Open now (23 November): Kasur interested, Kasur quoted, Lemari interested, Sofa quoted beyond the horizon.
    setNow('2026-11-23T03:00:00.000Z');
    const p = customer();
    opp(p.id, 'Kasur', 7_000_000, '2026-12-10');
    opp(p.id, 'Kasur', 6_000_000, '2026-11-30', 'quoted');
    opp(p.id, 'Lemari', 2_000_000, '2027-01-15');
    opp(p.id, 'Sofa', 5_000_000, '2027-03-01', 'quoted');
    // Repeat buyers. P: every 30.5 days, Rp 2.000.000 on average. S (Surabaya): every 10 days, Rp 500.000.
    buy(p.id, '2026-09-01T03:00:00.000Z', 1_000_000);
    buy(p.id, '2026-10-01T03:00:00.000Z', 2_000_000);
    buy(p.id, '2026-11-01T03:00:00.000Z', 3_000_000);
    const s = customer();
    buy(s.id, '2026-11-10T03:00:00.000Z', 500_000, null, sby.id);
    buy(s.id, '2026-11-20T03:00:00.000Z', 500_000, null, sby.id);
    // One purchase: no interval. Two long ago: lapsed.
    buy(customer().id, '2026-06-01T03:00:00.000Z', 9_000_000);
    const r = customer();
    buy(r.id, '2025-01-01T03:00:00.000Z', 4_000_000);
    buy(r.id, '2025-03-01T03:00:00.000Z', 4_000_000);

    const f = salesForecast(store, { pastMonths: 2 });
    // Rates now (A–E closed): store interested 2 of 5 → 3/7; Kasur interested 1 of 4 → (1 + 4·3/7)/8 = 19/56;
    // store quoted 2 of 3 → 0.6; Kasur quoted 1 of 2 → 3.4/6; Lemari unseen → 3/7.
    // JKT Nov: 6.000.000 × 3.4/6 = 3.400.000.
    // JKT Dec: 7.000.000 × 19/56 = 2.375.000, plus P at 1 Nov + 30.5 d (1 Dec 22:00 WIB): 2.000.000.
    // JKT Jan: 2.000.000 × 3/7 = 857.142,9, plus P on 1 Jan 10:00 and 31 Jan 22:00 WIB: 4.000.000.
    // SBY: S every 10 days from 30 Nov: Nov 1×, Dec 3×, Jan 3× (29 Jan; 8 Feb is past the horizon).
    expect(f.months.map((m) => [m.month, m.outletCode, m.opportunities, m.repeat, m.total])).toEqual([
      ['2026-11', 'JKT01', 3_400_000, 0, 3_400_000],
      ['2026-11', 'SBY01', 0, 500_000, 500_000],
      ['2026-12', 'JKT01', 2_375_000, 2_000_000, 4_375_000],
      ['2026-12', 'SBY01', 0, 1_500_000, 1_500_000],
      ['2027-01', 'JKT01', 857_143, 4_000_000, 4_857_143],
      ['2027-01', 'SBY01', 0, 1_500_000, 1_500_000],
    ]);
    // September, as it looked on 1 September: nothing open, P had not bought yet; actual: P's first purchase.
    // October, as it looked on 1 October: E open (Kasur, interested, rates from A–D: 3/7) → 10.000.000 × 3/7;
    // P had one purchase, no interval yet; actual: P's second purchase.
    expect(f.past.map((m) => [m.month, m.outletCode, m.total, m.actual])).toEqual([
      ['2026-09', 'JKT01', 0, 1_000_000],
      ['2026-10', 'JKT01', 4_285_714, 2_000_000],
    ]);
    // One outlet only.
    expect(salesForecast(store, { outletId: sby.id, pastMonths: 0 }).months.map((m) => m.total)).toEqual([500_000, 1_500_000, 1_500_000]);
  });
});
