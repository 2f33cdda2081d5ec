import type { Handlers } from '../api/handlers';
import type { DeviceSession } from '../auth/deviceSession';
import { requireOutlet } from '../care/settings/careSettings';
import { followUpOffer, startOpportunityFromOffer } from '../offers/offerActions';
import { offerSettings, offersFor, setOfferSettings } from '../offers/offerRules';
import { salesForecast } from '../opportunities/forecast';
import { createOpportunity, listOpportunities, pipelineBoard, updateOpportunity } from '../opportunities/opportunities';
import type { Store } from '../store/store';
import {
  addCompetitorProduct,
  addFamilyMember,
  curateInterestTag,
  customerKnowledge,
  interestTagList,
  removeCompetitorProduct,
  removeFamilyMember,
  setInterest,
  setProfileFacts,
  updateFamilyMember,
} from './profile';

type KnowledgeCall = Extract<keyof Handlers, `knowledge.${string}` | `opportunities.${string}` | `offers.${string}`>;

/** The calls of issue 19, bound to one store: the board, lists and forecast are the device's outlet's. */
export function createKnowledgeHandlers(store: Store, session: DeviceSession): Pick<Handlers, KnowledgeCall> {
  const outletId = () => requireOutlet(store, store.outletId).id;
  return {
    'knowledge.get': ({ customerId }) => customerKnowledge(store, customerId),
    'knowledge.setFacts': ({ customerId, facts }) => setProfileFacts(store, customerId, facts),
    'knowledge.addFamily': (input) => addFamilyMember(store, input),
    'knowledge.updateFamily': ({ familyMemberId, patch }) => updateFamilyMember(store, familyMemberId, patch),
    'knowledge.removeFamily': ({ familyMemberId }) => (removeFamilyMember(store, familyMemberId), { removed: true }),
    'knowledge.setInterest': ({ customerId, tagId, on }) => setInterest(store, customerId, tagId, on),
    'knowledge.tags': ({ includeRetired }) => interestTagList(store, includeRetired),
    'knowledge.curateTag': (input) => curateInterestTag(store, session.current(), input),
    'knowledge.addCompetitorProduct': (input) => addCompetitorProduct(store, input),
    'knowledge.removeCompetitorProduct': ({ competitorProductId }) => (
      removeCompetitorProduct(store, competitorProductId),
      { removed: true }
    ),
    'opportunities.create': (input) => createOpportunity(store, input),
    'opportunities.update': (input) => updateOpportunity(store, input),
    'opportunities.list': ({ customerId, stage, open, limit }) =>
      listOpportunities(store, { customerId, outletId: customerId ? undefined : outletId(), stage, open, limit }),
    'opportunities.board': ({ limitPerColumn, limits }) => pipelineBoard(store, outletId(), limitPerColumn, limits),
    'opportunities.forecast': ({ ownOutlet }) => salesForecast(store, { outletId: ownOutlet ? outletId() : null }),
    'offers.forCustomer': ({ customerId }) => offersFor(store, customerId),
    'offers.startOpportunity': (input) => startOpportunityFromOffer(store, input),
    'offers.followUp': (input) => ({ followUpId: followUpOffer(store, input) }),
    'offers.settings': () => offerSettings(store),
    'offers.saveSettings': ({ settings }) => setOfferSettings(store, session.current(), settings),
  };
}
