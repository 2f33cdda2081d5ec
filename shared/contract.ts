import { z } from 'zod';
import { customerDraftSchema, customerPatchSchema, purchaseInputSchema } from './schemas';
import type { CallName } from './callNames';
import type { AppStatus, CustomerDetail, DuplicateCandidate, Purchase, SearchHit } from './types';

/**
 * The whole API between the renderer and the core: each call has one name, one zod input and one output type.
 * Electron's main process, the preload bridge and the web harness are all generated from this map.
 */
const returns =
  <Output>() =>
  <Input extends z.ZodType>(input: Input) => ({ input, output: undefined as unknown as Output });

const id = z.string().min(1).max(64);
const none = z.object({});

export const contract = {
  'app.status': returns<AppStatus>()(none),
  'app.seedDemo': returns<{ customers: number }>()(none),

  'customers.register': returns<CustomerDetail>()(z.object({ draft: customerDraftSchema })),
  'customers.addCard': returns<CustomerDetail>()(
    z.object({ customerId: id, cardNo: z.string().trim().min(1, { error: 'error.card_required' }).max(40, { error: 'error.too_long' }) }),
  ),
  'customers.addPurchase': returns<Purchase>()(purchaseInputSchema),
  'customers.update': returns<CustomerDetail>()(z.object({ customerId: id, patch: customerPatchSchema })),
  'customers.get': returns<CustomerDetail>()(z.object({ customerId: id })),
  'customers.purchases': returns<Purchase[]>()(
    z.object({ customerId: id, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(5000).default(1000) }),
  ),
  'customers.lookup': returns<CustomerDetail | null>()(z.object({ query: z.string().max(100) })),
  'customers.search': returns<SearchHit[]>()(z.object({ text: z.string().max(100), limit: z.number().int().min(1).max(100).default(20) })),
  'customers.findDuplicates': returns<DuplicateCandidate[]>()(z.object({ draft: customerDraftSchema.partial() })),
  'registrations.today': returns<{ count: number }>()(none),
} satisfies Record<CallName, { input: z.ZodType; output: unknown }>;

export type Contract = typeof contract;
export { callNames, type CallName } from './callNames';
export type CallInput<K extends CallName> = z.input<Contract[K]['input']>;
export type ParsedInput<K extends CallName> = z.output<Contract[K]['input']>;
export type CallOutput<K extends CallName> = Contract[K]['output'];

/** What the renderer holds: every call as an async function. */
export type AkrabApi = { [K in CallName]: (input: CallInput<K>) => Promise<CallOutput<K>> };
