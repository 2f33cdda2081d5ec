import type { CallOutput, ParsedInput } from '../../../shared/contract';
import { AkrabError } from '../../../shared/errors';
import type { DeviceSession } from '../auth/deviceSession';
import { audit } from '../auth/auditLog';
import type { Store } from '../store/store';
import { consentState, marketingAudience, recordConsent } from './consents';
import { eraseCustomer, exportCustomerData, isErased } from './erasure';

type PrivacyCalls = 'privacy.consents' | 'privacy.consent' | 'privacy.marketingList' | 'privacy.exportCustomer' | 'privacy.eraseCustomer';

/** The customer's rights under UU PDP: consent per purpose, access, erasure; and the consent-filtered marketing list. */
export function createPrivacyHandlers(
  store: Store,
  session: DeviceSession,
): { [K in PrivacyCalls]: (input: ParsedInput<K>) => CallOutput<K> } {
  return {
    'privacy.consents': ({ customerId }) => consentState(store, customerId),
    'privacy.consent': (input) => {
      if (isErased(store, input.customerId) && input.granted)
        throw new AkrabError({ code: 'conflict', messageKey: 'error.customer_already_erased' });
      return recordConsent(store, session.current(), input);
    },
    'privacy.marketingList': ({ purpose, ownOutlet }) => {
      const actor = session.current();
      const outletId = ownOutlet || (actor?.role !== 'admin' && actor?.outletId) ? (actor?.outletId ?? store.outletId) : null;
      const contacts = marketingAudience(store, purpose, outletId);
      audit(store, actor, {
        action: 'export',
        call: 'privacy.marketingList',
        details: { kind: 'marketing', purpose, rows: contacts.length },
      });
      return contacts;
    },
    'privacy.exportCustomer': ({ customerId }) => exportCustomerData(store, session.current(), customerId),
    'privacy.eraseCustomer': (input) => eraseCustomer(store, session.current(), input),
  };
}
