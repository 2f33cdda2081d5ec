import { describe, expect, it } from 'vitest';
import { purchases } from '../../db/schema';
import { newId } from '../../electron/core/ids';
import { transact } from '../../electron/core/store/writer';
import { createOpportunity } from '../../electron/core/opportunities/opportunities';
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

    // The next WIB day (00:00 WIB = 17:00 UTC) the pass refreshes it, and the screen agrees with the full computation again.
    setNow('2026-11-23T17:00:00.000Z');
    expect(refreshForecastBaseIfStale(store)).not.toBeNull();
    expect(salesForecast(store)).toEqual(salesForecast(store, { now: store.now() }));
  });
});
