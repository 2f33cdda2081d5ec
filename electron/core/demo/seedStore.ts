import { purchases } from '../../../db/schema';
import { newId } from '../ids';
import { insertCustomer } from '../customers/registerCustomer';
import { validateDraft } from '../customers/validateDraft';
import type { Store } from '../store/store';
import { transact } from '../store/writer';
import type { SyntheticCustomer } from './syntheticCustomers';

/** Writes synthetic customers through the same validation and write funnel as a registration, in batches. */
export function seedCustomers(store: Store, customers: Iterable<SyntheticCustomer>, options: { batchSize?: number; onProgress?: (done: number) => void } = {}): number {
  const batchSize = options.batchSize ?? 2000;
  const today = store.now().toISOString().slice(0, 10);
  let done = 0;
  let batch: SyntheticCustomer[] = [];
  const flush = () => {
    transact(store, (writer) => {
      for (const item of batch) {
        const id = insertCustomer(store, writer, validateDraft(item.draft, today), { registeredAt: item.registeredAt });
        for (const p of item.purchases) {
          writer.insert(purchases, { id: newId(), createdAt: p.purchasedAt, customerId: id, invoiceNo: p.invoiceNo, outletId: store.outletId, purchasedAt: p.purchasedAt, amount: p.amount, mainProduct: p.mainProduct });
        }
      }
    });
    done += batch.length;
    batch = [];
    options.onProgress?.(done);
  };
  for (const item of customers) {
    batch.push(item);
    if (batch.length >= batchSize) flush();
  }
  if (batch.length) flush();
  return done;
}
