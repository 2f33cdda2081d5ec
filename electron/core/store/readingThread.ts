import { once } from 'node:events';
import { parentPort, Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { nativeBindingFile } from '../../../db/connection';
import type { Store } from './store';

/**
 * Reading threads: a long read (the rule pass, the RFM boundaries, the daily learning) runs on a worker thread over
 * a read-only connection of its own, so the app's thread keeps answering and only writes what was read.
 */

/**
 * Where a thread starts: running from source, a small loader beside its module (`source` builds its URL; in a
 * bundle `import.meta.url` is empty and it throws; under a browser-like test environment it is not a file, and no
 * thread can start from it); a bundled build names its compiled file with `use`.
 */
export function threadEntry(source: () => URL): { get: () => string | URL | null; use: (file?: string) => void } {
  const fromSource = (): URL | null => {
    try {
      const url = source();
      return url.protocol === 'file:' ? url : null;
    } catch {
      return null;
    }
  };
  let entry: string | URL | null = fromSource();
  return { get: () => entry, use: (file) => void (entry = file ?? fromSource()) };
}

export interface ReadingThreadInput {
  file: string;
  /** The better-sqlite3 build the opening thread loads (db/connection.ts), so Electron's thread loads Electron's. */
  nativeBinding?: string;
}

export type OneAnswer<T> = { result: T } | { failed: string };

interface ConnectionOptions {
  cacheKiB?: number;
  /** For a thread that writes what only its device keeps: the checkpoint thread (the log's pages), the duplicate scan (its results). */
  writable?: boolean;
}

/** Thread side: the thread's connection to the store's file, read-only unless `writable`. */
export function openReadingConnection(input: ReadingThreadInput, options: ConnectionOptions = {}): Database.Database {
  const db = new Database(input.file, { readonly: !options.writable, fileMustExist: true, nativeBinding: input.nativeBinding });
  db.pragma('busy_timeout = 5000');
  if (options.cacheKiB) db.pragma(`cache_size = -${options.cacheKiB}`);
  // Scans over millions of rows: read through the page cache rather than mapping the file (see scanningView).
  db.pragma('mmap_size = 0');
  return db;
}

/** Thread side: reads once over that connection and posts the result (or why it failed) to the starting thread. */
export function answerOnce<T>(input: ReadingThreadInput, read: (db: Database.Database) => T, options: ConnectionOptions = {}): void {
  const port = parentPort!;
  const db = openReadingConnection(input, options);
  try {
    port.postMessage({ result: read(db) } satisfies OneAnswer<T>);
  } catch (error) {
    port.postMessage({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies OneAnswer<T>);
  } finally {
    db.close();
  }
}

/**
 * Starting side: runs `entry` with `workerData` (plus the store's file and the native binding) and waits for its one
 * answer. An in-memory store, no entry (a bundle without the thread's file) or a failed thread reads `here` instead,
 * the last with a warning: a caller never goes without for want of a thread.
 */
export async function oneAnswerOffThread<T>(
  entry: string | URL | null,
  store: Store,
  workerData: object,
  here: () => T,
  failedWarning: string,
): Promise<T> {
  const file = store.sqlite.name;
  if (!entry || !file || store.sqlite.memory) return here();
  let worker: Worker | null = null;
  try {
    worker = new Worker(entry, { workerData: { ...workerData, file, nativeBinding: nativeBindingFile() } });
    const [message] = (await once(worker, 'message')) as [OneAnswer<T>];
    if ('failed' in message) throw new Error(message.failed);
    return message.result;
  } catch (error) {
    console.warn(failedWarning, error);
    return here();
  } finally {
    void worker?.terminate();
  }
}
