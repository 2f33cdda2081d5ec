import type Database from 'better-sqlite3';
import type { Store } from '../store/store';
import type { Card, Customer, CustomerDetail, Phone, Purchase, PurchaseSummary } from '../../../shared/types';
import { careSummary } from '../care/interactions/timeline';

/** Prepared read statements, made once per store: these are the hot paths of the counter. */
export interface CustomerQueries {
  customerById: Database.Statement<[string]>;
  cardsOf: Database.Statement<[string]>;
  phonesOf: Database.Statement<[string]>;
  purchaseSummaryOf: Database.Statement<[string]>;
  recentPurchasesOf: Database.Statement<[string, number, number]>;
  customerIdByCard: Database.Statement<[string]>;
  /** Any card row with the number, deleted ones too: the unique index keeps a deleted card's number taken. */
  cardNumberUsed: Database.Statement<[string]>;
  customerIdsByPhone: Database.Statement<[string]>;
}

const cache = new WeakMap<Store, CustomerQueries>();

export function customerQueries(store: Store): CustomerQueries {
  let queries = cache.get(store);
  if (!queries) {
    const s = store.sqlite;
    queries = {
      customerById: s.prepare(
        `SELECT c.*, o.code AS outlet_code FROM customers c LEFT JOIN outlets o ON o.id = c.registered_outlet_id WHERE c.id = ? AND c.deleted_at IS NULL`,
      ),
      cardsOf: s.prepare(
        `SELECT k.id, k.card_no, k.status, k.issued_at, k.issued_by_staff, o.code AS outlet_code
         FROM cards k LEFT JOIN outlets o ON o.id = k.issued_outlet_id
         WHERE k.customer_id = ? AND k.deleted_at IS NULL ORDER BY k.issued_at`,
      ),
      phonesOf: s.prepare(`SELECT id, e164 FROM phones WHERE customer_id = ? AND deleted_at IS NULL ORDER BY created_at`),
      purchaseSummaryOf: s.prepare(
        `SELECT count(*) AS count, coalesce(sum(amount), 0) AS total, min(purchased_at) AS first_at, max(purchased_at) AS last_at
         FROM purchases WHERE customer_id = ? AND deleted_at IS NULL`,
      ),
      recentPurchasesOf: s.prepare(
        `SELECT p.id, p.invoice_no, p.purchased_at, p.amount, p.main_product, o.code AS outlet_code
         FROM purchases p LEFT JOIN outlets o ON o.id = p.outlet_id
         WHERE p.customer_id = ? AND p.deleted_at IS NULL ORDER BY p.purchased_at DESC LIMIT ? OFFSET ?`,
      ),
      customerIdByCard: s.prepare(`SELECT customer_id FROM cards WHERE card_no = ? AND deleted_at IS NULL`).pluck(),
      cardNumberUsed: s.prepare(`SELECT 1 FROM cards WHERE card_no = ?`).pluck(),
      customerIdsByPhone: s.prepare(`SELECT customer_id FROM phones WHERE e164 = ? AND deleted_at IS NULL ORDER BY updated_at DESC`).pluck(),
    } as CustomerQueries;
    cache.set(store, queries);
  }
  return queries;
}

type CustomerRow = Record<string, string | number | null>;

export function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id as string,
    fullName: row.full_name as string,
    gender: (row.gender as Customer['gender']) ?? null,
    birthDate: (row.birth_date as string | null) ?? null,
    nik: (row.nik as string | null) ?? null,
    email: (row.email as string | null) ?? null,
    address: (row.address as string | null) ?? null,
    city: (row.city as string | null) ?? null,
    notes: (row.notes as string | null) ?? null,
    consentMarketing: row.consent_marketing === 1,
    consentAt: (row.consent_at as string | null) ?? null,
    registeredOutletCode: (row.outlet_code as string | null) ?? null,
    createdAt: row.created_at as string,
    updatedAt: row.updated_at as string,
  };
}

function toPurchase(row: CustomerRow): Purchase {
  return {
    id: row.id as string,
    invoiceNo: (row.invoice_no as string | null) ?? null,
    outletCode: (row.outlet_code as string | null) ?? null,
    purchasedAt: row.purchased_at as string,
    amount: row.amount as number,
    mainProduct: (row.main_product as string | null) ?? null,
  };
}

export function purchasesOf(store: Store, customerId: string, limit: number, offset = 0): Purchase[] {
  return (customerQueries(store).recentPurchasesOf.all(customerId, limit, offset) as CustomerRow[]).map(toPurchase);
}

/** The customer with cards, phones, purchase summary (the RFM inputs) and the latest purchases; null when absent. */
export function readCustomerDetail(store: Store, customerId: string, recentPurchases = 20): CustomerDetail | null {
  const q = customerQueries(store);
  const row = q.customerById.get(customerId) as CustomerRow | undefined;
  if (!row) return null;
  const cards: Card[] = (q.cardsOf.all(customerId) as CustomerRow[]).map((k) => ({
    id: k.id as string,
    cardNo: k.card_no as string,
    status: k.status as Card['status'],
    issuedAt: k.issued_at as string,
    issuedOutletCode: (k.outlet_code as string | null) ?? null,
    issuedByStaff: (k.issued_by_staff as string | null) ?? null,
  }));
  const phones = q.phonesOf.all(customerId) as Phone[];
  const s = q.purchaseSummaryOf.get(customerId) as CustomerRow;
  const purchaseSummary: PurchaseSummary = {
    count: s.count as number,
    total: s.total as number,
    firstAt: (s.first_at as string | null) ?? null,
    lastAt: (s.last_at as string | null) ?? null,
  };
  return { ...toCustomer(row), cards, phones, purchaseSummary, recentPurchases: purchasesOf(store, customerId, recentPurchases), ...careSummary(store, customerId) };
}
