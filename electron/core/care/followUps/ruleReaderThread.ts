import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { ruleTriggers, type OutletContext, type TriggerBatch } from './ruleTriggers';

/**
 * The rule pass's reading thread: runs the rules over a read-only connection of its own and posts what each
 * rule found to the thread that writes (readRuleTriggers.ts). Started per pass; ends when the rules are done.
 */

export interface RuleReaderInput {
  file: string;
  outlets: OutletContext[];
  nowIso: string;
}

export type RuleReaderMessage = { batch: TriggerBatch } | { done: true } | { failed: string };

const input = workerData as RuleReaderInput;
const port = parentPort!;
const db = new Database(input.file, { readonly: true, fileMustExist: true });
try {
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  // Scans over millions of index entries: read through the page cache rather than mapping the file (see scanningView).
  db.pragma('mmap_size = 0');
  for (const batch of ruleTriggers(db, input.outlets, input.nowIso)) port.postMessage({ batch } satisfies RuleReaderMessage);
  port.postMessage({ done: true } satisfies RuleReaderMessage);
} catch (error) {
  port.postMessage({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies RuleReaderMessage);
} finally {
  db.close();
}
