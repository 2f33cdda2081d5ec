import { workerData } from 'node:worker_threads';
import type { Store } from '../store/store';
import { answerOnce, type ReadingThreadInput } from '../store/readingThread';
import { learn, type LearningWants } from './dailyLearning';

/**
 * The daily learning on a thread of its own (learnOffThread.ts starts it): the co-purchase rules and the
 * forecast's slow part each read every purchase (tens of seconds at a million customers), so they read here, over
 * a read-only connection, and the app's thread only writes what they learnt.
 */
export interface LearningInput extends LearningWants, ReadingThreadInput {
  outletId: string | null;
  nowIso: string;
}

const input = workerData as LearningInput;
const now = new Date(input.nowIso);
answerOnce(
  input,
  // The learning reads only `sqlite`, `outletId` and `now`.
  (db) => learn({ sqlite: db, outletId: input.outletId, now: () => now } as unknown as Store, input),
  { cacheKiB: 65_536 },
);
