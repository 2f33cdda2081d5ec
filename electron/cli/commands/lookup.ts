import { lookupCustomer } from '../../core/customers/lookup';
import { closeStore } from '../../core/store/store';
import { formatPhoneNational } from '../../../shared/phone';
import { openCliStore, type Command } from '../context';
import type { CustomerDetail } from '../../../shared/types';
import { careSummary } from '../../core/care/interactions/timeline';

/** The customer as the CLI prints it: the identity fields, card numbers, E.164 phones and the purchase summary. */
export function customerJson(customer: CustomerDetail, extra: Record<string, unknown> = {}) {
  return {
    id: customer.id,
    fullName: customer.fullName,
    cards: customer.cards.map((c) => c.cardNo),
    phones: customer.phones.map((p) => p.e164),
    birthDate: customer.birthDate,
    city: customer.city,
    purchases: customer.purchaseSummary,
    ...extra,
  };
}

/** akrab lookup QUERY [--json] — exit 0 with the customer, 1 when nobody matches. */
export const lookup: Command = async (args, ctx) => {
  const query = args.join(' ').trim();
  if (!query) return ctx.err('usage: akrab lookup CARD_OR_PHONE [--json]'), 2;
  const store = openCliStore(ctx);
  try {
    const result = lookupCustomer(store, query);
    if (!result) {
      ctx.err(`No customer with card or phone "${query}".`);
      return 1;
    }
    const { customer } = result;
    const care = careSummary(store, customer.id);
    if (ctx.json) {
      ctx.out(JSON.stringify(customerJson(customer, { matchedBy: result.matchedBy, otherCustomerIds: result.otherCustomerIds, lastContact: care.lastContact, openComplaints: care.openComplaints, ...(result.card && { scannedCard: result.card }) })));
    } else {
      ctx.out(`${customer.fullName}  (${customer.id})`);
      ctx.out(`  cards:  ${customer.cards.map((c) => `${c.cardNo} [${c.status}]`).join(', ')}`);
      ctx.out(`  phones: ${customer.phones.map((p) => formatPhoneNational(p.e164)).join(', ')}`);
      if (customer.city) ctx.out(`  city:   ${customer.city}`);
      ctx.out(`  purchases: ${customer.purchaseSummary.count}, total Rp ${customer.purchaseSummary.total.toLocaleString('id-ID')}, last ${customer.purchaseSummary.lastAt ?? '-'}`);
      ctx.out(`  last contact: ${care.lastContact ?? '-'}; open complaints: ${care.openComplaints}`);
      if (result.card)
        ctx.out(`  SCANNED CARD ${result.card.cardNo} IS ${result.card.status.toUpperCase()}: ${result.card.reason ?? ''}${result.card.replacedBy ? `; replaced by ${result.card.replacedBy}` : ''}`);
      if (result.otherCustomerIds.length) ctx.out(`  (${result.otherCustomerIds.length} other customer(s) share this phone)`);
    }
    return 0;
  } finally {
    closeStore(store);
  }
};
