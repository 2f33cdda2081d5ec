import type { AsyncCallName, CallName, CallOutput, ParsedInput } from '../../../shared/contract';
import type { Store } from '../store/store';
import { registerCustomer } from '../customers/registerCustomer';
import { addCard, addPurchase, getCustomer, updateCustomer } from '../customers/editCustomer';
import { purchasesOf } from '../customers/readModel';
import { lookupCustomer } from '../customers/lookup';
import { searchCustomers } from '../customers/search';
import { findDuplicateCandidates } from '../customers/findDuplicates';
import { registrationsToday } from '../customers/registrationsToday';
import { appStatus } from './appStatus';
import { seedDemoWithStaff } from '../auth/demoStaff';
import { customerRfmWithoutWaiting } from '../reports/customerRfm';
import { DeviceSession } from '../auth/deviceSession';
import { createAuthHandlers } from '../auth/authHandlers';
import { createPrivacyHandlers } from '../privacy/privacyHandlers';
import { createReportHandlers } from '../reports/reportHandlers';
import { createCareHandlers } from '../care/careHandlers';
import { createDedupHandlers } from '../dedup/dedupHandlers';
import { createCampaignHandlers } from '../campaigns/campaignHandlers';
import { createKnowledgeHandlers } from '../knowledge/knowledgeHandlers';
import { createLoyaltyHandlers } from '../loyalty/loyaltyHandlers';

export type Handlers = {
  [K in CallName]: (input: ParsedInput<K>) => K extends AsyncCallName ? Promise<CallOutput<K>> : CallOutput<K>;
};

/**
 * The core's implementation of every contract call, bound to one open store and the session of one transport
 * connection. Who may make which call is checked before a handler runs (dispatch, auth/permissions.ts).
 */
export function createHandlers(store: Store, session: DeviceSession = new DeviceSession(store)): Handlers {
  return {
    'app.status': () => appStatus(store),
    'app.seedDemo': () => seedDemoWithStaff(store, session),
    'customers.register': ({ draft }) => registerCustomer(store, draft),
    'customers.addCard': ({ customerId, cardNo, purchase }) => addCard(store, customerId, cardNo, purchase),
    'customers.addPurchase': (input) => addPurchase(store, input),
    'customers.update': ({ customerId, patch }) => updateCustomer(store, customerId, patch),
    'customers.get': ({ customerId }) => getCustomer(store, customerId),
    'customers.purchases': ({ customerId, offset, limit }) => purchasesOf(store, customerId, limit, offset),
    'customers.rfm': ({ customerId }) => customerRfmWithoutWaiting(store, customerId),
    'customers.lookup': ({ query }) => lookupCustomer(store, query)?.customer ?? null,
    'customers.search': ({ text, limit }) => searchCustomers(store, text, limit),
    'customers.findDuplicates': ({ draft }) => findDuplicateCandidates(store, draft),
    'registrations.today': () => ({ count: registrationsToday(store) }),
    ...createCareHandlers(store),
    ...createDedupHandlers(store),
    ...createReportHandlers(store),
    ...createAuthHandlers(store, session),
    ...createPrivacyHandlers(store, session),
    ...createCampaignHandlers(store, session),
    // Knowing each customer (issue 19).
    ...createKnowledgeHandlers(store, session),
    ...createLoyaltyHandlers(store, session),
  };
}
