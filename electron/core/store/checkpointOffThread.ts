import { oneAnswerOffThread, threadEntry } from './readingThread';
import type { Store } from './store';

const entry = threadEntry(() => new URL('./checkpointThread.mjs', import.meta.url));

/** Bundled builds name their compiled checkpoint thread (Electron: checkpoint.cjs beside main.cjs). */
export const useCheckpointEntry = entry.use;

/**
 * Runs one large write (`work`, a transaction of tens of megabytes) with SQLite's automatic checkpoint held back,
 * then copies the log's pages into the store's file on a thread of its own: the caller has its answer without
 * waiting for that copy (about a second for a launch of 100,000 campaign targets at 1M customers), as SQLite's
 * documentation suggests for applications that cannot wait for a checkpoint. The automatic checkpoint stays off
 * until the thread is done: it looks at the log's length, not at what a commit wrote, so the next small write would
 * otherwise copy the whole log on this thread. Small writes (`large` false) and a write inside an outer transaction
 * (whose commit comes later) keep the automatic checkpoint. Without a thread (an in-memory store, a bundle without
 * its file, a failed thread) the copy is made on this thread, as the automatic checkpoint would have.
 */
export function withCheckpointOffThread<T>(store: Store, large: boolean, work: () => T): T {
  if (!large || store.sqlite.memory || store.sqlite.inTransaction) return work();
  holdAutomaticCheckpoint(store);
  let result: T;
  try {
    result = work();
  } catch (error) {
    releaseAutomaticCheckpoint(store);
    throw error;
  }
  const copied = oneAnswerOffThread(
    entry.get(),
    store,
    {},
    () => (store.sqlite.open ? store.sqlite.pragma('wal_checkpoint(PASSIVE)') : null),
    '[akrab] a checkpoint ran in the main thread: its own thread failed',
  )
    .catch((error: unknown) => console.warn('[akrab] a checkpoint failed; the automatic one will copy the log', error))
    .finally(() => releaseAutomaticCheckpoint(store));
  lastCheckpoint = copied;
  return result;
}

/**
 * Per connection, the large writes whose copy is still running, and the automatic checkpoint's setting before them.
 * By connection, not by Store: the daily pass writes through a view of the store (`Object.create(store)`), and a
 * hold keyed by that view would save the 0 another hold on the same connection had set, and put it back last.
 */
const held = new WeakMap<Store['sqlite'], { count: number; pages: number }>();

/** Also for a large write another connection of the app makes (the loyalty daily pass's thread): see holdWhile. */
function holdAutomaticCheckpoint(store: Store): void {
  const hold = held.get(store.sqlite);
  if (hold) hold.count++;
  else {
    held.set(store.sqlite, { count: 1, pages: store.sqlite.pragma('wal_autocheckpoint', { simple: true }) as number });
    store.sqlite.pragma('wal_autocheckpoint = 0');
  }
}

function releaseAutomaticCheckpoint(store: Store): void {
  const hold = held.get(store.sqlite);
  if (!hold || --hold.count > 0) return;
  held.delete(store.sqlite);
  if (store.sqlite.open) store.sqlite.pragma(`wal_autocheckpoint = ${hold.pages}`);
}

/**
 * Holds this connection's automatic checkpoint back while `work` writes through another connection (the loyalty
 * daily pass on its thread, which copies its own log when it ends): otherwise the app's next small commit meanwhile
 * would copy that other connection's log, tens of megabytes at a million customers, on the app's thread.
 */
export async function holdingAutomaticCheckpoint<T>(store: Store, work: () => Promise<T>): Promise<T> {
  if (store.sqlite.memory) return work();
  holdAutomaticCheckpoint(store);
  try {
    return await work();
  } finally {
    releaseAutomaticCheckpoint(store);
  }
}

let lastCheckpoint: Promise<unknown> = Promise.resolve();

/** Resolves when the last copy started is done and the automatic checkpoint is back (tests wait; the app does not). */
export function lastCheckpointDone(): Promise<unknown> {
  return lastCheckpoint;
}
