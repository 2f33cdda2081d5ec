import { workerData } from 'node:worker_threads';
import { answerOnce, type ReadingThreadInput } from '../store/readingThread';
import { findDuplicates } from './storeScan';

/**
 * The duplicate scan's reading and finding on a thread of its own (scanStoreOffThread starts it), over a read-only
 * connection: at a million customers over a minute, during which the app's thread keeps answering; it writes only
 * what was found.
 */
answerOnce(workerData as ReadingThreadInput, (db) => findDuplicates({ sqlite: db }), { cacheKiB: 65_536 });
