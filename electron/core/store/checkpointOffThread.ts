import { oneAnswerOffThread } from './readingThread';
import type { Store } from './store';

let entry: string | URL | null = sourceEntry();

function sourceEntry(): URL | null {
  try {
    return new URL('./checkpointThread.mjs', import.meta.url);
  } catch {
    return null;
  }
}

/** Bundled builds name their compiled checkpoint thread (Electron: checkpoint.cjs beside main.cjs). */
export function useCheckpointEntry(file?: string): void {
  entry = file ?? sourceEntry();
}

/**
 * Runs one large write (`work`, a transaction of tens of megabytes) with SQLite's automatic checkpoint held back,
 * then copies the log's pages into the store's file on a thread of its own: the caller has its answer without
 * waiting for that copy (about a second for a launch of 100,000 campaign targets at 1M customers), as SQLite's
 * documentation suggests for applications that cannot wait for a checkpoint. Small writes (`large` false) keep
 * the automatic checkpoint. Without a thread (an in-memory store, a bundle without its file, a failed thread) the
 * copy is made on this thread, as the automatic checkpoint would have.
 */
export function withCheckpointOffThread<T>(store: Store, large: boolean, work: () => T): T {
  if (!large || store.sqlite.memory) return work();
  const before = store.sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
  store.sqlite.pragma('wal_autocheckpoint = 0');
  try {
    return work();
  } finally {
    store.sqlite.pragma(`wal_autocheckpoint = ${before}`);
    void checkpointOffThread(store);
  }
}

let lastCheckpoint: Promise<unknown> = Promise.resolve();

/** Resolves when the last copy started is done (tests wait for it; the app does not). */
export function lastCheckpointDone(): Promise<unknown> {
  return lastCheckpoint;
}

function checkpointOffThread(store: Store): Promise<unknown> {
  lastCheckpoint = oneAnswerOffThread(
    entry,
    store,
    {},
    () => (store.sqlite.open ? store.sqlite.pragma('wal_checkpoint(PASSIVE)') : null),
    '[akrab] a checkpoint ran in the main thread: its own thread failed',
  ).catch(() => null);
  return lastCheckpoint;
}
