import { workerData } from 'node:worker_threads';
import { answerOnce, type ReadingThreadInput } from '../store/readingThread';
import { findDuplicates, saveScan, type ScanThreadAnswer, type ScanTiming } from './storeScan';

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
    const findings = findDuplicates({ sqlite: db });
    // A save that fails (a full disk, a damaged store) is the scan's answer: scanning again on the app's
    // thread, as a thread that could not run does, would block it for the whole scan and fail the same way.
    try {
      return { summary: saveScan(db, findings, input.timing) };
    } catch (error) {
      return { saveFailed: error instanceof Error ? error.message : String(error) };
    }
  },
  { cacheKiB: 65_536, writable: true },
);
