import { workerData } from 'node:worker_threads';
import type { Store } from '../store/store';
import { answerOnce, type ReadingThreadInput } from '../store/readingThread';
import { computeBoundaries } from './customerRfm';

/**
 * The customer page's RFM boundary pass on a thread of its own (rfmBoundariesOffThread starts it): the report's
 * computation over every purchase of the year, on a read-only connection, so the main thread keeps serving.
 */
export interface RfmBoundaryInput extends ReadingThreadInput {
  outletId: string | null;
  nowIso: string;
}

const input = workerData as RfmBoundaryInput;
const now = new Date(input.nowIso);
// Scope and totals read only `sqlite`, `outletId` and `now`.
answerOnce(input, (db) => computeBoundaries({ sqlite: db, outletId: input.outletId, now: () => now } as unknown as Store));
