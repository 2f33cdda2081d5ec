import { describe, expect, it } from 'vitest';
import { purchases } from '../../db/schema';
import { newId } from '../../electron/core/ids';
import { transact } from '../../electron/core/store/writer';
import { createOpportunity, updateOpportunity } from '../../electron/core/opportunities/opportunities';
import { refreshForecastBaseIfStale, salesForecast } from '../../electron/core/opportunities/forecast';
import { careStore } from '../care/support';

describe('the forecast the screen asks for remembers its slow part for the day', () => {
  it('matches the full computation, keeps repeat purchases until the next WIB day, reads opportunities live', () => {
    const { store, customer, setNow, outlet } = careStore('2026-11-23T03:00:00.000Z');
    const buy = (customerId: string, purchasedAt: string, amount: number) =>
      transact(store, (w) => w.insert(purchases, { id: newId(), customerId, invoiceNo: null, outletId: outlet.id, purchasedAt, amount, mainProduct: null }));
    const p = customer();
    buy(p.id, '2026-09-01T03:00:00.000Z', 1_000_000);
    buy(p.id, '2026-10-01T03:00:00.000Z', 2_000_000);
    buy(p.id, '2026-11-01T03:00:00.000Z', 3_000_000);

    const full = salesForecast(store, { now: store.now() });
    const screen = salesForecast(store);
    expect(screen).toEqual(full);
    expect(screen.months.reduce((sum, m) => sum + m.repeat, 0)).toBeGreaterThan(0);
    // Already remembered: the daily pass has nothing to do today.
    expect(refreshForecastBaseIfStale(store)).toBeNull();

    // A new repeat buyer later today changes the full computation, not the remembered part; a new opportunity shows at once.
    setNow('2026-11-23T09:00:00.000Z');
    const s = customer();
    buy(s.id, '2026-11-10T03:00:00.000Z', 500_000);
    buy(s.id, '2026-11-20T03:00:00.000Z', 500_000);
    createOpportunity(store, { customerId: s.id, product: 'Kasur', category: 'Kasur', budget: 4_000_000, expectedDecisionDate: '2026-12-10' });
    const later = salesForecast(store);
    expect(later.months.map((m) => m.repeat)).toEqual(screen.months.map((m) => m.repeat));
    expect(later.months.find((m) => m.month === '2026-12')!.opportunities).toBe(2_000_000);
    expect(salesForecast(store, { now: store.now() }).months.map((m) => m.repeat)).not.toEqual(screen.months.map((m) => m.repeat));

    // Win rates learnt from closed ones, counted in SQL for the screen: the same as the full computation's.
    const opp = (category: string, budget: number) =>
      createOpportunity(store, { customerId: p.id, product: category, category, budget, expectedDecisionDate: '2026-12-20' }).id;
    const won = opp('Kasur', 1_000_000);
    buy(p.id, '2026-11-23T09:30:00.000Z', 1_000_000);
    transact(store, (w) => w.update(purchases, store.sqlite.prepare('SELECT id FROM purchases ORDER BY rowid DESC LIMIT 1').pluck().get() as string, { invoiceNo: 'W-1' }));
    updateOpportunity(store, { opportunityId: won, stage: 'quoted' });
    updateOpportunity(store, { opportunityId: won, stage: 'won', invoiceNo: 'W-1' });
    updateOpportunity(store, { opportunityId: opp('Kasur', 2_000_000), stage: 'lost', lostReason: 'price' });
    updateOpportunity(store, { opportunityId: opp('Sofa', 3_000_000), stage: 'lost', lostReason: 'stock' });
    opp('Kasur', 5_000_000);
    const quoted = opp('Sofa', 6_000_000);
    updateOpportunity(store, { opportunityId: quoted, stage: 'quoted' });

    // The next WIB day (00:00 WIB = 17:00 UTC) the pass refreshes it, and the screen agrees with the full computation again.
    setNow('2026-11-23T17:00:00.000Z');
    expect(refreshForecastBaseIfStale(store)).not.toBeNull();
    const byKey = (f: ReturnType<typeof salesForecast>) => ({ ...f, winRates: [...f.winRates].sort((a, b) => `${a.stage}${a.category}`.localeCompare(`${b.stage}${b.category}`)) });
    const fresh = salesForecast(store);
    expect(byKey(fresh)).toEqual(byKey(salesForecast(store, { now: store.now() })));
    expect(fresh.winRates.find((r) => r.stage === 'interested' && r.category === 'Kasur')).toMatchObject({ wins: 1, closed: 2 });
    expect(salesForecast(store, { outletId: outlet.id }).months).toEqual(fresh.months);
  });
});
