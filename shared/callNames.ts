/**
 * The names of the contract's calls, kept free of zod so the sandboxed preload stays tiny.
 * `shared/contract.ts` must define exactly these (checked by the compiler and by tests/electron).
 */
export const callNames = [
  'app.status',
  'app.seedDemo',
  'customers.register',
  'customers.addCard',
  'customers.addPurchase',
  'customers.update',
  'customers.get',
  'customers.purchases',
  'customers.lookup',
  'customers.search',
  'customers.findDuplicates',
  'registrations.today',
] as const;

export type CallName = (typeof callNames)[number];
