import type { DedupRecord } from '../../../electron/core/dedup/record';
import { syntheticDuplicateSet, type LabelledCustomer } from '../../../electron/core/dedup/syntheticDuplicates';
import { normalizePhone } from '../../../shared/phone';

/**
 * A few thousand ordinary synthetic cards for the scan to learn its model from (it learns from the data
 * it is given), so that a test's handful of records is scored the way a real store's would be.
 */
export function backgroundRecords(cards = 4000, seed = 11): DedupRecord[] {
  return [...syntheticDuplicateSet({ cards, seed })].map((c, i) => labelledRecord(c, `bg${i}`));
}

/** A synthetic card as the record the scan reads (phone normalised as registration does). */
export function labelledRecord(c: LabelledCustomer, id: string): DedupRecord {
  return {
    id,
    fullName: c.draft.fullName,
    nik: c.draft.nik,
    email: c.draft.email,
    phones: [normalizePhone(c.draft.phone)!.e164],
    birthDate: c.draft.birthDate,
    gender: c.draft.gender,
    address: c.draft.address,
    city: c.draft.city,
    registeredAt: c.registeredAt,
    outletId: c.outletCode,
    cardNos: [c.draft.cardNo],
  };
}
