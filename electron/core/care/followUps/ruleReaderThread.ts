import { parentPort, workerData } from 'node:worker_threads';
import { openReadingConnection, type ReadingThreadInput } from '../../store/readingThread';
import { inPieces, ruleTriggers, type OutletContext, type TriggerBatch } from './ruleTriggers';

/**
 * The rule pass's reading thread: runs the rules over a read-only connection of its own and posts what each
 * rule found to the thread that writes (readRuleTriggers.ts). Started per pass; ends when the rules are done.
 */

export interface RuleReaderInput extends ReadingThreadInput {
  outlets: OutletContext[];
  nowIso: string;
}

export type RuleReaderMessage = { batch: TriggerBatch } | { done: true } | { failed: string };

/**
 * Follow-ups per message: the writing thread takes in a message in one synchronous step, and a first pass's
 * 146,000 satisfaction calls in one held it for most of a second.
 */
const PIECE = 10_000;

const input = workerData as RuleReaderInput;
const port = parentPort!;
const db = openReadingConnection(input, { cacheKiB: 65_536 });
try {
  for (const batch of ruleTriggers(db, input.outlets, input.nowIso))
    for (const piece of inPieces(batch, PIECE)) port.postMessage({ batch: piece } satisfies RuleReaderMessage);
  port.postMessage({ done: true } satisfies RuleReaderMessage);
} catch (error) {
  port.postMessage({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies RuleReaderMessage);
} finally {
  db.close();
}
