import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Store } from '../store/store';
import { computeBoundaries, type RfmBoundaries } from './customerRfm';

/**
 * The customer page's RFM boundary pass on a thread of its own (rfmBoundariesOffThread starts it): the report's
 * computation over every purchase of the year, on a read-only connection, so the main thread keeps serving.
 */
export interface RfmBoundaryInput {
  file: string;
  outletId: string | null;
  nowIso: string;
  nativeBinding?: string;
}

export type RfmBoundaryMessage = { boundaries: RfmBoundaries } | { failed: string };

const input = workerData as RfmBoundaryInput;
const db = new Database(input.file, { readonly: true, fileMustExist: true, nativeBinding: input.nativeBinding });
try {
  db.pragma('busy_timeout = 5000');
  db.pragma('mmap_size = 0');
  const now = new Date(input.nowIso);
  // Scope and totals read only `sqlite`, `outletId` and `now`.
  const store = { sqlite: db, outletId: input.outletId, now: () => now } as unknown as Store;
  parentPort!.postMessage({ boundaries: computeBoundaries(store) } satisfies RfmBoundaryMessage);
} catch (error) {
  parentPort!.postMessage({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies RfmBoundaryMessage);
} finally {
  db.close();
}
