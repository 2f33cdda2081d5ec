import { isMainThread } from 'node:worker_threads';

/**
 * Longer than SQLite's busy handler sleeps between two tries (at most 100 ms): a write waiting on the app's thread
 * tries again within the pause and gets the store.
 */
const STEP_ASIDE_MS = 150;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Between two write transactions of a long pass on a thread of its own (the loyalty daily pass): without a pause the
 * pass takes the store again the moment it commits, and a counter's write waiting on the app's thread kept missing
 * its turn (12.9 s at 1M, through five steps). On the app's thread nothing else can be waiting, so nothing happens.
 */
export function stepAside(): void {
  if (!isMainThread) Atomics.wait(sleeper, 0, 0, STEP_ASIDE_MS);
}
