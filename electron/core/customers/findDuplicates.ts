import { normalizeCardNo } from '../../../shared/card';
import { normalizePhone } from '../../../shared/phone';
import { searchableName } from '../../../shared/text';
import type { CustomerDraftInput } from '../../../shared/schemas';
import type { DuplicateCandidate, DuplicateEvidence } from '../../../shared/types';
import type { Store } from '../store/store';

const EVIDENCE_WEIGHT: Record<DuplicateEvidence, number> = { card: 1, nik: 0.9, phone: 0.5, email: 0.5, name: 0.3, birth_date: 0.25, address: 0.2 };

/**
 * Existing customers who may be the person in a registration draft: same card, NIK, phone or email,
 * or the same name with the same birth date or address. Each comes with its evidence and a score in [0, 1].
 */
export function findDuplicateCandidates(store: Store, draft: Partial<CustomerDraftInput>, limit = 10): DuplicateCandidate[] {
  const s = store.sqlite;
  const evidence = new Map<string, Set<DuplicateEvidence>>();
  const add = (ids: unknown[], kind: DuplicateEvidence) => {
    for (const id of ids as string[]) {
      if (!evidence.has(id)) evidence.set(id, new Set());
      evidence.get(id)!.add(kind);
    }
  };
  const card = draft.cardNo ? normalizeCardNo(draft.cardNo) : '';
  if (card) add(s.prepare(`SELECT customer_id FROM cards WHERE card_no = ? AND deleted_at IS NULL`).pluck().all(card), 'card');
  const phone = draft.phone ? normalizePhone(draft.phone) : null;
  if (phone) add(s.prepare(`SELECT customer_id FROM phones WHERE e164 = ? AND deleted_at IS NULL LIMIT 50`).pluck().all(phone.e164), 'phone');
  const nik = draft.nik?.replace(/[\s.-]+/g, '');
  if (nik && nik.length === 16) add(s.prepare(`SELECT id FROM customers WHERE nik = ? AND deleted_at IS NULL LIMIT 50`).pluck().all(nik), 'nik');
  const email = draft.email?.trim().toLowerCase();
  if (email) add(s.prepare(`SELECT id FROM customers WHERE lower(email) = ? AND deleted_at IS NULL LIMIT 50`).pluck().all(email), 'email');
  const name = draft.fullName ? searchableName(draft.fullName) : '';
  if (name) {
    const sameName = s.prepare(`SELECT id, birth_date, address FROM customers WHERE name_search = ? AND deleted_at IS NULL LIMIT 200`).all(name) as {
      id: string;
      birth_date: string | null;
      address: string | null;
    }[];
    const address = draft.address ? searchableName(draft.address) : '';
    for (const row of sameName) {
      const sameBirth = !!draft.birthDate && row.birth_date === draft.birthDate;
      const sameAddress = !!address && !!row.address && searchableName(row.address) === address;
      if (sameBirth || sameAddress || evidence.has(row.id)) {
        add([row.id], 'name');
        if (sameBirth) add([row.id], 'birth_date');
        if (sameAddress) add([row.id], 'address');
      }
    }
  }
  const details = s.prepare(`SELECT id, full_name, city FROM customers WHERE id = ? AND deleted_at IS NULL`);
  const phonesOf = s.prepare(`SELECT e164 FROM phones WHERE customer_id = ? AND deleted_at IS NULL`).pluck();
  const cardsOf = s.prepare(`SELECT card_no FROM cards WHERE customer_id = ? AND deleted_at IS NULL`).pluck();
  const candidates: DuplicateCandidate[] = [];
  for (const [customerId, kinds] of evidence) {
    const row = details.get(customerId) as { full_name: string; city: string | null } | undefined;
    if (!row) continue;
    const score = Math.min(1, [...kinds].reduce((sum, k) => sum + EVIDENCE_WEIGHT[k], 0));
    candidates.push({
      customerId,
      fullName: row.full_name,
      city: row.city,
      phones: phonesOf.all(customerId) as string[],
      cardNos: cardsOf.all(customerId) as string[],
      score: Math.round(score * 100) / 100,
      evidence: [...kinds],
    });
  }
  return candidates.sort((a, b) => b.score - a.score).slice(0, limit);
}
