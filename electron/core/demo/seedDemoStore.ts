import { seedDemoLoyalty } from './demoLoyalty';
import { seedDemoKnowledge } from './demoKnowledge';
import { AkrabError } from '../../../shared/errors';
import { ensureOutlet, useOutlet } from '../outlets/outlets';
import type { Store } from '../store/store';
import { seedDemoDuplicates } from './demoDuplicates';
import { seedCustomers } from './seedStore';
import { syntheticCustomers } from './syntheticCustomers';

export const DEMO_CUSTOMERS = 500;
const DEMO_DUPLICATE_CARDS = 15;

/** Fills an empty store with a demo outlet and customers, so a newcomer sees real screens at once. */
export function seedDemoStore(store: Store): { customers: number } {
  const existing = store.sqlite.prepare('SELECT count(*) FROM customers').pluck().get() as number;
  if (existing > 0) throw new AkrabError({ code: 'conflict', messageKey: 'error.demo_store_not_empty' });
  const outlet = ensureOutlet(store, 'DEMO', { name: 'Toko Demo Akrab' });
  useOutlet(store, outlet);
  const customers = seedCustomers(store, syntheticCustomers(DEMO_CUSTOMERS - DEMO_DUPLICATE_CARDS, { seed: 7, until: store.now() }));
  // Duplicates to review (and a scan that found them), so the review screen is never empty on a demo.
  const duplicates = seedDemoDuplicates(store);
  // Loyalty (issue 17): programme, tiers, balances, a flagged balance, a replaced and a blocked card.
  seedDemoLoyalty(store);
  // Knowing each customer (issue 19): profiles, family, offers, potential sales in every stage.
  seedDemoKnowledge(store);
  return { customers: customers + duplicates };
}
