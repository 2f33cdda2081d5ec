import { on } from 'node:events';
import { Worker } from 'node:worker_threads';
import { nativeBindingFile } from '../../../../db/connection';
import { threadEntry } from '../../store/readingThread';
import type { RuleReaderInput, RuleReaderMessage } from './ruleReaderThread';
import type { TriggerBatch } from './ruleTriggers';

const readerThread = threadEntry(() => new URL('./ruleReaderThread.mjs', import.meta.url));

/** Bundled builds name their compiled reading thread (Electron: ruleReader.cjs beside main.cjs); no file: from source. */
export const useRuleReaderEntry = readerThread.use;

/**
 * What each rule found, read on a thread of its own, as each rule finishes. If that thread cannot start or
 * fails before its first batch, `fallback` reads instead (and says so): a pass never stops for want of a thread.
 */
export async function* ruleTriggersOffThread(
  input: RuleReaderInput,
  fallback: () => AsyncIterable<TriggerBatch>,
): AsyncGenerator<TriggerBatch> {
  const entry = readerThread.get();
  if (!entry) return yield* fallback();
  const worker = new Worker(entry, { workerData: { ...input, nativeBinding: nativeBindingFile() } satisfies RuleReaderInput });
  let finished = false;
  // A thread that dies without a word (killed, out of memory) ends the messages with an error, not silence.
  worker.once('exit', (code) => {
    if (!finished) worker.emit('error', new Error(`the rule reading thread stopped (exit code ${code}) before it was done`));
  });
  let received = 0;
  try {
    for await (const [message] of on(worker, 'message') as AsyncIterable<[RuleReaderMessage]>) {
      if ('done' in message) return;
      if ('failed' in message) throw new Error(`the rule reading thread failed: ${message.failed}`);
      received++;
      yield message.batch;
    }
  } catch (error) {
    if (received > 0) throw error;
    finished = true;
    console.warn('[akrab] follow-up rules read in the main thread: their own thread failed', error);
    yield* fallback();
  } finally {
    finished = true;
    void worker.terminate();
  }
}
