import type { Store } from '../store/store';

export interface CustomerListing {
  name: string;
  cardNo: string | null;
  phone: string | null;
  nik: string | null;
  outletCode: string | null;
}

const CHUNK = 1000;
const missing: CustomerListing = { name: '', cardNo: null, phone: null, nik: null, outletCode: null };

const listingSql = `SELECT c.id, c.full_name, c.nik, o.code,
    (SELECT card_no FROM cards WHERE customer_id = c.id AND deleted_at IS NULL ORDER BY (status = 'active') DESC, issued_at LIMIT 1),
    (SELECT e164 FROM phones WHERE customer_id = c.id AND deleted_at IS NULL ORDER BY created_at LIMIT 1)
  FROM customers c LEFT JOIN outlets o ON o.id = c.registered_outlet_id`;

type ListingRow = [string, string, string | null, string | null, string | null, string | null];
const toListing = (r: ListingRow): CustomerListing => ({ name: r[1], nik: r[2], outletCode: r[3], cardNo: r[4], phone: r[5] });

/** The identity columns of one customer (a few rows: top lists). */
export function customerListing(store: Store): (customerId: string) => CustomerListing {
  const statement = store.sqlite.prepare(`${listingSql} WHERE c.id = ?`).raw();
  return (customerId) => {
    const row = statement.get(customerId) as ListingRow | undefined;
    return row ? toListing(row) : missing;
  };
}

/**
 * The identity columns of a long list, in the list's order: a thousand customers per query (ids passed as one
 * JSON array), which is four times faster than a query per customer, and only one chunk is ever held.
 */
export function* withListings<T>(store: Store, items: Iterable<T>, idOf: (item: T) => string): Generator<[T, CustomerListing]> {
  const statement = store.sqlite.prepare(`${listingSql} WHERE c.id IN (SELECT value FROM json_each(?))`).raw();
  let chunk: T[] = [];
  const flush = function* (): Generator<[T, CustomerListing]> {
    const byId = new Map<string, CustomerListing>();
    for (const row of statement.all(JSON.stringify(chunk.map(idOf))) as ListingRow[]) byId.set(row[0], toListing(row));
    for (const item of chunk) yield [item, byId.get(idOf(item)) ?? missing];
    chunk = [];
  };
  for (const item of items) {
    chunk.push(item);
    if (chunk.length >= CHUNK) yield* flush();
  }
  if (chunk.length) yield* flush();
}

/** Past this many customers a list reads the tables once, in storage order, instead of looking each one up (tests lower it). */
export const listingThresholds = { bulkFrom: 50_000 };

/**
 * The identity columns of a long list (hundreds of thousands of customers, sorted by spend): three sequential
 * scans (customers, cards, phones) instead of a random lookup per customer, which on a large store is bound by
 * disk seeks. Holds one short record per listed customer (~150 bytes), well inside the memory budget.
 * `slotOf` maps a customer id to its slot (or undefined when not listed).
 */
export function bulkListings(
  store: Store,
  size: number,
  slotOf: (customerId: string) => number | undefined,
): (slot: number) => CustomerListing {
  const name = new Array<string>(size).fill('');
  const nik = new Array<string | null>(size).fill(null);
  const outlet = new Array<string | null>(size).fill(null);
  const card = new Array<string | null>(size).fill(null);
  const cardRank = new Array<string>(size).fill('');
  const phone = new Array<string | null>(size).fill(null);
  const phoneAt = new Array<string>(size).fill('');
  const codes = new Map(
    (store.sqlite.prepare('SELECT id, code FROM outlets').raw().all() as [string, string][]).map(([id, code]) => [id, code]),
  );
  for (const [id, fullName, n, outletId] of store.sqlite
    .prepare('SELECT id, full_name, nik, registered_outlet_id FROM customers')
    .raw()
    .iterate() as Iterable<[string, string, string | null, string | null]>) {
    const slot = slotOf(id);
    if (slot === undefined) continue;
    name[slot] = fullName;
    nik[slot] = n;
    outlet[slot] = outletId ? (codes.get(outletId) ?? null) : null;
  }
  // The same choice as the single lookup: an active card first, then the earliest issued.
  for (const [customerId, cardNo, status, issuedAt] of store.sqlite
    .prepare('SELECT customer_id, card_no, status, issued_at FROM cards WHERE deleted_at IS NULL')
    .raw()
    .iterate() as Iterable<[string, string, string, string]>) {
    const slot = slotOf(customerId);
    if (slot === undefined) continue;
    const rank = `${status === 'active' ? 0 : 1}${issuedAt}`;
    if (card[slot] === null || rank < cardRank[slot]!) {
      card[slot] = cardNo;
      cardRank[slot] = rank;
    }
  }
  for (const [customerId, e164, createdAt] of store.sqlite
    .prepare('SELECT customer_id, e164, created_at FROM phones WHERE deleted_at IS NULL')
    .raw()
    .iterate() as Iterable<[string, string, string]>) {
    const slot = slotOf(customerId);
    if (slot === undefined) continue;
    if (phone[slot] === null || createdAt < phoneAt[slot]!) {
      phone[slot] = e164;
      phoneAt[slot] = createdAt;
    }
  }
  return (slot) => ({ name: name[slot]!, nik: nik[slot]!, outletCode: outlet[slot]!, cardNo: card[slot]!, phone: phone[slot]! });
}

/** Listings for a list in its order: per-chunk lookups for short lists, three table scans for long ones. */
export function* listedInOrder<T>(store: Store, items: T[], idOf: (item: T) => string): Generator<[T, CustomerListing]> {
  if (items.length < listingThresholds.bulkFrom) {
    yield* withListings(store, items, idOf);
    return;
  }
  const slots = new Map<string, number>();
  items.forEach((item, i) => slots.set(idOf(item), i));
  const listing = bulkListings(store, items.length, (id) => slots.get(id));
  for (let i = 0; i < items.length; i++) yield [items[i]!, listing(i)];
}
