import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { inPieces, ruleTriggers, type OutletContext, type TriggerBatch } from './ruleTriggers';

/**
 * The rule pass's reading thread: runs the rules over a read-only connection of its own and posts what each
 * rule found to the thread that writes (readRuleTriggers.ts). Started per pass; ends when the rules are done.
 */

export interface RuleReaderInput {
  file: string;
  outlets: OutletContext[];
  nowIso: string;
  /** The better-sqlite3 build the opening thread loads (db/connection.ts), so Electron's thread loads Electron's. */
  nativeBinding?: string;
}

export type RuleReaderMessage = { batch: TriggerBatch } | { done: true } | { failed: string };

/**
 * Follow-ups per message: the writing thread takes in a message in one synchronous step, and a first pass's
 * 146,000 satisfaction calls in one held it for most of a second.
 */
const PIECE = 10_000;

const input = workerData as RuleReaderInput;
const port = parentPort!;
const db = new Database(input.file, { readonly: true, fileMustExist: true, nativeBinding: input.nativeBinding });
try {
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  // Scans over millions of index entries: read through the page cache rather than mapping the file (see scanningView).
  db.pragma('mmap_size = 0');
  for (const batch of ruleTriggers(db, input.outlets, input.nowIso))
    for (const piece of inPieces(batch, PIECE)) port.postMessage({ batch: piece } satisfies RuleReaderMessage);
  port.postMessage({ done: true } satisfies RuleReaderMessage);
} catch (error) {
  port.postMessage({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies RuleReaderMessage);
} finally {
  db.close();
}
