import type { CustomerDraftInput } from '../../../shared/schemas';
import type { DuplicateCandidate } from '../../../shared/types';
import type { Store } from '../store/store';
import { findAtEntry } from '../dedup/atEntry';

/**
 * Existing customers who may be the person in a registration draft: same card, NIK, phone or email, or a
 * likely match by name, birth date and address (the dedup evidence model, electron/core/dedup/atEntry.ts).
 * Each comes with its evidence and a score in [0, 1].
 */
export function findDuplicateCandidates(store: Store, draft: Partial<CustomerDraftInput>, limit = 10): DuplicateCandidate[] {
  return findAtEntry(store, draft, limit);
}
