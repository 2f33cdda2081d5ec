import { normalizeCardNo } from '../../../shared/card';
import { normalizePhone } from '../../../shared/phone';
import type { CustomerDetail } from '../../../shared/types';
import type { CardState } from '../../../shared/cardLife';
import { cardState } from '../loyalty/cards/cardLife';
import type { Store } from '../store/store';
import { customerQueries, readCustomerDetail } from './readModel';

export interface LookupResult {
  customer: CustomerDetail;
  matchedBy: 'card' | 'phone';
  /** Other customers sharing the phone (households share numbers). */
  otherCustomerIds: string[];
  /** A blocked or lost card that was scanned: why, and the number that replaced it (issue 17 point 6). */
  card?: CardState;
}

/** Exact lookup by card number, or by phone written in any common Indonesian way. */
export function lookupCustomer(store: Store, query: string): LookupResult | null {
  const text = query.trim();
  if (!text) return null;
  const q = customerQueries(store);
  const byCard = q.customerIdByCard.get(normalizeCardNo(text)) as string | undefined;
  if (byCard) {
    const customer = readCustomerDetail(store, byCard);
    if (customer) {
      const scanned = customer.cards.find((c) => c.cardNo === normalizeCardNo(text));
      if (scanned && scanned.status !== 'active') return { customer, matchedBy: 'card', otherCustomerIds: [], card: cardState(store, scanned.cardNo) };
      return { customer, matchedBy: 'card', otherCustomerIds: [] };
    }
  }
  const phone = normalizePhone(text);
  if (!phone) return null;
  const ids = q.customerIdsByPhone.all(phone.e164) as string[];
  for (const [index, id] of ids.entries()) {
    const customer = readCustomerDetail(store, id);
    if (customer) return { customer, matchedBy: 'phone', otherCustomerIds: ids.filter((_, i) => i !== index) };
  }
  return null;
}
