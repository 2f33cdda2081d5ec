import { followUps } from '../../../db/schema/care';
import { opportunityCreateSchema, type Offer, type Opportunity, type OpportunityCreateInput } from '../../../shared/knowledge';
import { AkrabError, validationError } from '../../../shared/errors';
import { outletToday } from '../care/followUps/followUps';
import { parseOrThrow, requireOutlet } from '../care/settings/careSettings';
import { newId } from '../ids';
import { createOpportunity, recordOfferMade } from '../opportunities/opportunities';
import type { Store } from '../store/store';
import { transact } from '../store/writer';
import { offersFor } from './offerRules';
import { knowledgeErrors } from '../knowledge/errors';

/** The offer as the customer's offers show it now: an offer no rule makes any more cannot be acted on. */
function currentOffer(store: Store, customerId: string, product: string): Offer {
  const offer = offersFor(store, customerId, 50).find((o) => o.product === product);
  if (!offer) throw new AkrabError({ code: 'not_found', field: 'product', messageKey: 'error.knowledge.offer_not_found' });
  return offer;
}

/** Starts a potential sale from an offer; the offer is recorded as made. */
export function startOpportunityFromOffer(
  store: Store,
  input: Omit<OpportunityCreateInput, 'product' | 'offerId'> & { product: string },
): Opportunity {
  const offer = currentOffer(store, input.customerId, input.product);
  parseOrThrow(opportunityCreateSchema, input);
  return transact(store, (w) => {
    const offerId = recordOfferMade(store, w, { customerId: input.customerId, ...offer }, 'opportunity');
    return createOpportunity(store, { ...input, offerId });
  });
}

/** Plans a follow-up to offer the product; the offer is recorded as made. */
export function followUpOffer(
  store: Store,
  input: { customerId: string; product: string; dueDate: string; owner?: string | null },
): string {
  const offer = currentOffer(store, input.customerId, input.product);
  const outlet = requireOutlet(store, store.outletId);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.dueDate)) throw validationError('dueDate', 'error.date_invalid');
  if (input.dueDate < outletToday(store, outlet.id)) throw knowledgeErrors.followUpDateInPast();
  return transact(store, (w) => {
    const offerId = recordOfferMade(store, w, { customerId: input.customerId, ...offer }, 'follow_up');
    const id = newId();
    w.insert(followUps, {
      id,
      customerId: input.customerId,
      outletId: outlet.id,
      owner: input.owner ?? store.staff,
      kind: 'manual',
      reason: `Tawarkan ${offer.product} (pelanggan membeli ${offer.because})`,
      dueDate: input.dueDate,
      sourceId: offerId,
    });
    return id;
  });
}
