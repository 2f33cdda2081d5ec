import { describe, expect, it } from 'vitest';
import { tempStore } from '../support/tempStore';
import { seedCustomers } from '../../electron/core/demo/seedStore';
import { syntheticCustomers } from '../../electron/core/demo/syntheticCustomers';
import { createApi } from '../../renderer/api/client';
import { computeBoundaries, customerRfm, rfmBoundaries } from '../../electron/core/reports/customerRfm';
import { signedInCore } from '../support/signedIn';
import { transportFor } from '../renderer/support/coreApi';

// The customer page's RFM needs the population's quintiles: a pass over every purchase of the year, seconds at a
// million customers. It must not run on the thread that serves the app's calls.
describe('the customer page’s RFM boundaries are computed off the app’s thread (issue 16, point 8)', () => {
  it('the first page after start answers at once as pending, the pass runs on its own thread, then the page is scored as the report scores', async () => {
    const store = tempStore();
    seedCustomers(store, syntheticCustomers(800, { seed: 9, purchasesPerCustomer: 4, until: store.now() }));
    const id = store.sqlite.prepare('SELECT customer_id FROM purchases ORDER BY purchased_at DESC LIMIT 1').pluck().get() as string;
    const api = createApi(transportFor(signedInCore(store, 'clerk')));

    const first = await api['customers.rfm']({ customerId: id });
    expect(first.pending).toBe(true);
    expect(first.scores).toBeNull();
    expect(first.frequency).toBeGreaterThan(0);

    // While the pass runs, the app's thread keeps answering: a timer set now fires before the pass is in.
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    let scored = first;
    while (scored.pending) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      scored = await api['customers.rfm']({ customerId: id });
    }
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
    expect(scored.pending).toBeUndefined();
    // The thread's boundaries score exactly as the in-thread computation (the report's code) does.
    expect(scored).toEqual(customerRfm(store, id));
    const cached = rfmBoundaries(store);
    expect(cached.computedOn).toBe('own-thread');
    expect({ ...cached, computedOn: 'caller', computedAt: 0 }).toEqual({ ...computeBoundaries(store), computedAt: 0 });
    expect(cached.customers).toBeGreaterThan(100);
  }, 60_000);
});
