import { seedCustomers } from '../../electron/core/demo/seedStore';
import type { SyntheticCustomer } from '../../electron/core/demo/syntheticCustomers';
import type { Store } from '../../electron/core/store/store';

/** Seeds the generated customers through the write funnel, each outlet registering an equal share in turn. */
export function seedCustomersByOutlet(store: Store, generator: Iterator<SyntheticCustomer>, count: number, outletIds: readonly string[], log: (line: string) => void): void {
  const perOutlet = Math.ceil(count / outletIds.length);
  let done = 0;
  for (const outletId of outletIds) {
    store.outletId = outletId;
    const slice = (function* () {
      for (let i = 0; i < perOutlet; i++) {
        const next = generator.next();
        if (next.done) return;
        yield next.value;
      }
    })();
    done += seedCustomers(store, slice, { batchSize: 5000 });
    log(`${done.toLocaleString('en')} customers`);
  }
}
