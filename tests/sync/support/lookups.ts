import type { Store } from '../../../electron/core/store/store';

export function lookupByCard(store: Store, cardNo: string): string | undefined {
  return store.sqlite.prepare('SELECT customer_id FROM cards WHERE card_no = ?').pluck().get(cardNo) as string | undefined;
}
