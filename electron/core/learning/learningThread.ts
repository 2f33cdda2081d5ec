import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { Store } from '../store/store';
import { learn, type LearningWants, type Learnt } from './dailyLearning';

/**
 * The daily learning on a thread of its own (learnOffThread.ts starts it): the co-purchase rules and the
 * forecast's slow part each read every purchase (tens of seconds at a million customers), so they read here, over
 * a read-only connection, and the app's thread only writes what they learnt.
 */
export interface LearningInput extends LearningWants {
  file: string;
  outletId: string | null;
  nowIso: string;
  nativeBinding?: string;
}

export type LearningMessage = { learnt: Learnt } | { failed: string };

const input = workerData as LearningInput;
const port = parentPort!;
const db = new Database(input.file, { readonly: true, fileMustExist: true, nativeBinding: input.nativeBinding });
try {
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  // Scans over millions of rows: read through the page cache rather than mapping the file (see scanningView).
  db.pragma('mmap_size = 0');
  const now = new Date(input.nowIso);
  // The learning reads only `sqlite`, `outletId` and `now`.
  const store = { sqlite: db, outletId: input.outletId, now: () => now } as unknown as Store;
  port.postMessage({ learnt: learn(store, input) } satisfies LearningMessage);
} catch (error) {
  port.postMessage({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies LearningMessage);
} finally {
  db.close();
}
