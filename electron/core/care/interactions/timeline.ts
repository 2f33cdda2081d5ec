import type Database from 'better-sqlite3';
import type {
  CareSummary,
  ComplaintCategory,
  ComplaintSeverity,
  ComplaintStatus,
  InteractionChannel,
  InteractionDirection,
  InteractionOutcome,
  Timeline,
  TimelineEntry,
} from '../../../../shared/care';
import type { Store } from '../../store/store';
import { outletCodes } from '../careReads';

interface TimelineQueries {
  purchases: Database.Statement;
  interactions: Database.Statement;
  complaints: Database.Statement;
  lastContact: Database.Statement;
  lastVisitInteraction: Database.Statement;
  lastPurchase: Database.Statement;
  openComplaints: Database.Statement;
}

const cache = new WeakMap<Store, TimelineQueries>();

/**
 * Prepared once per store: the customer page opens a timeline on every lookup. Each reads one (customer, time) index
 * backwards; contacts and complaints come from covering indexes alone (interactions_timeline_idx,
 * complaints_timeline_idx), so a long timeline reads a few neighbouring pages, not a page per entry.
 */
function queries(store: Store): TimelineQueries {
  let q = cache.get(store);
  if (!q) {
    const s = store.sqlite;
    q = {
      purchases: s
        .prepare(
          `SELECT id, purchased_at AS at, invoice_no, amount, main_product, outlet_id FROM purchases
         WHERE customer_id = ? AND purchased_at < ? AND deleted_at IS NULL ORDER BY purchased_at DESC LIMIT ?`,
        )
        .raw(true),
      interactions: s
        .prepare(
          `SELECT id, at, channel, direction, outcome, note, staff, outlet_id FROM interactions INDEXED BY interactions_timeline_idx
         WHERE customer_id = ? AND at < ? AND deleted_at IS NULL ORDER BY at DESC LIMIT ?`,
        )
        .raw(true),
      complaints: s
        .prepare(
          `SELECT id, opened_at AS at, category, severity, status, description, outlet_id FROM complaints INDEXED BY complaints_timeline_idx
         WHERE customer_id = ? AND opened_at < ? AND deleted_at IS NULL ORDER BY opened_at DESC LIMIT ?`,
        )
        .raw(true),
      // A note is not a contact, and nor is a call nobody answered.
      lastContact: s
        .prepare(
          `SELECT at FROM interactions INDEXED BY interactions_timeline_idx WHERE customer_id = ? AND deleted_at IS NULL AND channel <> 'note' AND (outcome IS NULL OR outcome <> 'no_answer')
           ORDER BY at DESC LIMIT 1`,
        )
        .pluck(),
      lastVisitInteraction: s
        .prepare(
          `SELECT at FROM interactions INDEXED BY interactions_timeline_idx WHERE customer_id = ? AND deleted_at IS NULL AND channel IN ('visit', 'consultation') ORDER BY at DESC LIMIT 1`,
        )
        .pluck(),
      lastPurchase: s.prepare(`SELECT max(purchased_at) FROM purchases WHERE customer_id = ? AND deleted_at IS NULL`).pluck(),
      openComplaints: s
        .prepare(
          `SELECT count(*) FROM complaints WHERE customer_id = ? AND status IN ('open', 'in_progress', 'reopened') AND deleted_at IS NULL`,
        )
        .pluck(),
    };
    cache.set(store, q);
  }
  return q;
}

const END = '9999-12-31T23:59:59.999Z';

type Raw = (string | number | null)[];

/**
 * Purchases, contacts and complaints of one customer on one list, newest first, `limit` at a time.
 * Each source is read through its own index up to `limit` rows and the three are merged; entries that share
 * the last timestamp of a page all stay on it, so `before` never skips one.
 */
export function customerTimeline(store: Store, customerId: string, options: { before?: string | null; limit?: number } = {}): Timeline {
  const q = queries(store);
  const before = options.before ?? END;
  const limit = Math.max(1, Math.min(options.limit ?? 200, 1000));
  const codes = outletCodes(store);
  const code = (id: unknown) => (typeof id === 'string' ? (codes.get(id) ?? null) : null);
  const all: TimelineEntry[] = [];
  // Raw rows (arrays, in the SELECT's column order): a heavy customer's page is 1,000 rows, and objects per row cost more than the query.
  for (const r of q.purchases.all(customerId, before, limit) as Raw[]) {
    all.push({
      kind: 'purchase',
      id: r[0] as string,
      at: r[1] as string,
      invoiceNo: r[2] as string | null,
      amount: r[3] as number,
      mainProduct: r[4] as string | null,
      outletCode: code(r[5]),
    });
  }
  for (const r of q.interactions.all(customerId, before, limit) as Raw[]) {
    all.push({
      kind: 'interaction',
      id: r[0] as string,
      at: r[1] as string,
      channel: r[2] as InteractionChannel,
      direction: r[3] as InteractionDirection,
      outcome: r[4] as InteractionOutcome | null,
      note: r[5] as string | null,
      staff: r[6] as string | null,
      outletCode: code(r[7]),
    });
  }
  for (const r of q.complaints.all(customerId, before, limit) as Raw[]) {
    all.push({
      kind: 'complaint',
      id: r[0] as string,
      at: r[1] as string,
      category: r[2] as ComplaintCategory,
      severity: r[3] as ComplaintSeverity,
      status: r[4] as ComplaintStatus,
      description: r[5] as string,
      outletCode: code(r[6]),
    });
  }
  all.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.id < b.id ? 1 : -1));
  if (all.length <= limit) return { entries: all, nextBefore: null };
  let end = limit;
  const lastAt = all[limit - 1]!.at;
  while (end < all.length && all[end]!.at === lastAt) end++;
  return { entries: all.slice(0, end), nextBefore: lastAt };
}

/** What the customer record shows beside the profile: last contact, last visit (in-store contact or purchase), open complaints. */
export function careSummary(store: Store, customerId: string): CareSummary {
  const q = queries(store);
  const visit = (q.lastVisitInteraction.get(customerId) as string | undefined) ?? null;
  const purchase = (q.lastPurchase.get(customerId) as string | null | undefined) ?? null;
  return {
    lastContact: (q.lastContact.get(customerId) as string | undefined) ?? null,
    lastVisit: visit && purchase ? (visit > purchase ? visit : purchase) : (visit ?? purchase),
    openComplaints: q.openComplaints.get(customerId) as number,
  };
}
