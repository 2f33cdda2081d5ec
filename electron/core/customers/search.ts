import type Database from 'better-sqlite3';
import { normalizeCardNo } from '../../../shared/card';
import { digitsOnly, normalizePhone, reverseDigits } from '../../../shared/phone';
import { searchableName } from '../../../shared/text';
import type { CardStatus, HitLoyalty, MatchReason, SearchHit } from '../../../shared/types';
import type { Store } from '../store/store';

interface SearchQueries {
  byCard: Database.Statement<[string]>;
  byCardPrefix: Database.Statement<[string, string, number]>;
  byPhone: Database.Statement<[string, number]>;
  byPhonePrefix: Database.Statement<[string, string, number]>;
  byPhoneSuffix: Database.Statement<[string, string, number]>;
  byNamePrefix: Database.Statement<[string, string, number]>;
  byNameSubstring: Database.Statement<[string, number]>;
  hitDetails: Database.Statement<[string]>;
  phonesOf: Database.Statement<[string]>;
  cardsOf: Database.Statement<[string]>;
  lastVisit: Database.Statement<[string]>;
  cardStatus: Database.Statement<[string]>;
  loyalty: Database.Statement<[string, string]>;
  tierLevels: Database.Statement<[string]>;
  /** Tier names by version id: a version's levels never change once written. */
  tierNames: Map<string, Map<string, string>>;
}

const cache = new WeakMap<Store, SearchQueries>();

function queries(store: Store): SearchQueries {
  let q = cache.get(store);
  if (!q) {
    const s = store.sqlite;
    q = {
      byCard: s.prepare(`SELECT customer_id FROM cards WHERE card_no = ? AND deleted_at IS NULL`).pluck(),
      byCardPrefix: s.prepare(`SELECT customer_id FROM cards WHERE card_no >= ? AND card_no < ? AND deleted_at IS NULL ORDER BY card_no LIMIT ?`).pluck(),
      byPhone: s.prepare(`SELECT customer_id FROM phones WHERE e164 = ? AND deleted_at IS NULL LIMIT ?`).pluck(),
      byPhonePrefix: s.prepare(`SELECT customer_id FROM phones WHERE e164 >= ? AND e164 < ? AND deleted_at IS NULL ORDER BY e164 LIMIT ?`).pluck(),
      byPhoneSuffix: s.prepare(
        `SELECT customer_id FROM phones WHERE digits_reversed >= ? AND digits_reversed < ? AND deleted_at IS NULL ORDER BY digits_reversed LIMIT ?`,
      ).pluck(),
      byNamePrefix: s.prepare(
        `SELECT id FROM customers WHERE name_search >= ? AND name_search < ? AND deleted_at IS NULL ORDER BY name_search LIMIT ?`,
      ).pluck(),
      byNameSubstring: s.prepare(
        `SELECT c.id FROM customers c WHERE c.rowid IN (SELECT rowid FROM customers_fts WHERE customers_fts MATCH ? LIMIT ?) AND c.deleted_at IS NULL`,
      ).pluck(),
      hitDetails: s.prepare(`SELECT id, full_name, city FROM customers WHERE id = ? AND deleted_at IS NULL`),
      phonesOf: s.prepare(`SELECT e164 FROM phones WHERE customer_id = ? AND deleted_at IS NULL`).pluck(),
      cardsOf: s.prepare(`SELECT card_no FROM cards WHERE customer_id = ? AND deleted_at IS NULL ORDER BY issued_at`).pluck(),
      lastVisit: s.prepare(`SELECT max(purchased_at) FROM purchases WHERE customer_id = ? AND deleted_at IS NULL`).pluck(),
      cardStatus: s.prepare(`SELECT status FROM cards WHERE card_no = ? AND deleted_at IS NULL`).pluck(),
      // Both caches are kept by their passes (balance on every ledger write, tier by the daily pass): two key reads.
      loyalty: s.prepare(
        `SELECT b.balance, b.flagged, t.tier_code AS tierCode, t.version_id AS versionId
           FROM (SELECT ? AS id) k LEFT JOIN points_balances b ON b.customer_id = k.id LEFT JOIN customer_tiers t ON t.customer_id = ?`,
      ),
      tierLevels: s.prepare(`SELECT levels FROM loyalty_tiers WHERE id = ?`).pluck(),
      tierNames: new Map(),
    } as SearchQueries;
    cache.set(store, q);
  }
  return q;
}

/** Upper bound for a prefix range scan: every string that starts with `prefix` sorts below it. */
const after = (prefix: string) => prefix + '\uffff';

/**
 * Search as you type. Candidates come from several index range scans, best reason first:
 * exact card, exact phone, card prefix, phone prefix, phone last digits, name prefix, name substring.
 */
export function searchCustomers(store: Store, text: string, limit = 20): SearchHit[] {
  const raw = text.trim();
  if (!raw) return [];
  const q = queries(store);
  const found = new Map<string, MatchReason>();
  const take = (ids: string[], reason: MatchReason) => {
    for (const id of ids) if (!found.has(id) && found.size < limit) found.set(id, reason);
  };
  const room = () => limit - found.size;

  const looksNumeric = /^[\d\s+().-]+$/.test(raw);
  const cardLike = /^[A-Za-z0-9\s-]+$/.test(raw) && /\d/.test(raw);
  if (cardLike) {
    const card = normalizeCardNo(raw);
    take(q.byCard.all(card) as string[], 'card');
    if (card.length >= 2 && room() > 0) take(q.byCardPrefix.all(card, after(card), room()) as string[], 'card_prefix');
  }
  if (looksNumeric) {
    const phone = normalizePhone(raw);
    if (phone && room() > 0) take(q.byPhone.all(phone.e164, room()) as string[], 'phone');
    const digits = digitsOnly(raw);
    const national = /^0/.test(digits) ? digits.slice(1) : /^62/.test(digits) || raw.startsWith('+') ? digits.replace(/^62/, '') : null;
    if (national && national.length >= 2 && room() > 0) {
      const prefix = '+62' + national;
      take(q.byPhonePrefix.all(prefix, after(prefix), room()) as string[], 'phone');
    }
    if (digits.length >= 4 && room() > 0) {
      // A whole number typed with its trunk 0 or country code is matched on its national digits.
      const tail = digits.length >= 9 ? digits.replace(/^(0|62)/, '') : digits;
      const reversed = reverseDigits(tail);
      take(q.byPhoneSuffix.all(reversed, after(reversed), room()) as string[], 'phone_suffix');
    }
  }
  const name = searchableName(raw);
  if (!looksNumeric && name) {
    if (room() > 0) take(q.byNamePrefix.all(name, after(name), room()) as string[], 'name_prefix');
    if (name.length >= 3 && room() > 0) take(q.byNameSubstring.all(`"${name.replace(/"/g, '""')}"`, room() * 2) as string[], 'name_substring');
  }

  const scanned = cardLike ? normalizeCardNo(raw) : null;
  const scannedStatus = scanned ? (q.cardStatus.get(scanned) as CardStatus | undefined) : undefined;
  const hits: SearchHit[] = [];
  for (const [customerId, reason] of found) {
    const row = q.hitDetails.get(customerId) as { id: string; full_name: string; city: string | null } | undefined;
    if (!row) continue;
    hits.push({
      customerId,
      fullName: row.full_name,
      city: row.city,
      phones: q.phonesOf.all(customerId) as string[],
      cardNos: q.cardsOf.all(customerId) as string[],
      lastVisit: (q.lastVisit.get(customerId) as string | null) ?? null,
      reason,
      ...loyaltyOf(q, customerId),
      ...(reason === 'card' && scanned && scannedStatus && scannedStatus !== 'active' ? { scannedCard: { cardNo: scanned, status: scannedStatus } } : {}),
    });
  }
  return hits;
}

function tierName(q: SearchQueries, versionId: string, code: string): string | null {
  let names = q.tierNames.get(versionId);
  if (!names) {
    const levels = q.tierLevels.get(versionId) as string | undefined;
    names = new Map((levels ? (JSON.parse(levels) as { code: string; name: string }[]) : []).map((l) => [l.code, l.name]));
    q.tierNames.set(versionId, names);
  }
  return names.get(code) ?? null;
}

function loyaltyOf(q: SearchQueries, customerId: string): { loyalty?: HitLoyalty } {
  const row = q.loyalty.get(customerId, customerId) as { balance: number | null; flagged: number | null; tierCode: string | null; versionId: string | null };
  if (row.balance === null && row.tierCode === null) return {};
  return {
    loyalty: {
      points: row.balance ?? 0,
      flagged: row.flagged === 1,
      tierCode: row.tierCode,
      tierName: row.tierCode && row.versionId ? tierName(q, row.versionId, row.tierCode) : null,
    },
  };
}
