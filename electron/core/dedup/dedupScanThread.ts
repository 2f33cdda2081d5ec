import { workerData } from 'node:worker_threads';
import { answerOnce, type ReadingThreadInput } from '../store/readingThread';
import { findDuplicates, MisalignedFindings, saveScan, type ScanThreadAnswer, type ScanTiming } from './storeScan';

/**
 * The duplicate scan on a thread of its own (scanStoreOffThread starts it): it reads, finds and saves the results over
 * a connection of its own, so the app's thread keeps answering for the whole scan (about 90 s at a million customers)
 * and writes nothing for it. The connection waits as long as the app's thread is writing (a long import) rather than
 * give up on the save; writing only the scan's local tables, it never syncs.
 */
const input = workerData as ReadingThreadInput & { timing: ScanTiming };
answerOnce(
  input,
  (db): ScanThreadAnswer => {
    db.pragma('busy_timeout = 120000');
    db.pragma('synchronous = NORMAL');
    try {
      return { summary: saveScan(db, findDuplicates({ sqlite: db }), input.timing) };
    } catch (error) {
      if (error instanceof MisalignedFindings) return { refused: error.message };
      throw error;
    }
  },
  { cacheKiB: 65_536, writable: true },
);
