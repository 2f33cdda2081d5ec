import { purchases } from '../../../db/schema';
import { newId } from '../ids';
import { insertCustomer } from '../customers/registerCustomer';
import { validateDraft } from '../customers/validateDraft';
import { ensureOutlet } from '../outlets/outlets';
import type { Store } from '../store/store';
import { transact } from '../store/writer';
import type { LabelledCustomer } from './syntheticDuplicates';

/**
 * Writes a labelled synthetic set through the registration path (validation, write funnel, change log),
 * each card at its own outlet and time. Returns the customer id of each item, in order.
 */
export function seedLabelledCustomers(store: Store, items: Iterable<LabelledCustomer>, batchSize = 2000): string[] {
  const today = store.now().toISOString().slice(0, 10);
  const outlets = new Map<string, string>();
  const ids: string[] = [];
  let batch: LabelledCustomer[] = [];
  const flush = () => {
    transact(store, (w) => {
      for (const item of batch) {
        let outletId = outlets.get(item.outletCode);
        if (!outletId) outlets.set(item.outletCode, (outletId = ensureOutlet(store, item.outletCode).id));
        const id = insertCustomer(store, w, validateDraft(item.draft, today), { registeredAt: item.registeredAt, outletId });
        for (const p of item.purchases) {
          w.insert(purchases, {
            id: newId(),
            createdAt: p.purchasedAt,
            customerId: id,
            invoiceNo: p.invoiceNo,
            outletId,
            purchasedAt: p.purchasedAt,
            amount: p.amount,
            mainProduct: p.mainProduct,
          });
        }
        ids.push(id);
      }
    });
    batch = [];
  };
  for (const item of items) {
    batch.push(item);
    if (batch.length >= batchSize) flush();
  }
  if (batch.length) flush();
  return ids;
}
