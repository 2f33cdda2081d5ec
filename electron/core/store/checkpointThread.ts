import { workerData } from 'node:worker_threads';
import { answerOnce, type ReadingThreadInput } from './readingThread';

/**
 * Copies the write-ahead log's pages into the store's file (checkpointOffThread.ts starts it). PASSIVE: it waits
 * for no reader or writer, so the app's thread goes on writing while it runs.
 */
answerOnce(workerData as ReadingThreadInput, (db) => db.pragma('wal_checkpoint(PASSIVE)'), { writable: true });
