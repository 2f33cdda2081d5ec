import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as schema from './schema';

export type AkrabDb = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** The migrations beside this file; bundled builds (Electron) pass their own copy instead. */
export function defaultMigrationsFolder(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
}

let nativeBinding: string | undefined;

/**
 * Which compiled better-sqlite3 every connection loads: the Electron main names the build for Electron's module
 * ABI (see build/desktop.mjs); Node (tests, CLI, web harness) leaves it unset and loads the package's own build.
 */
export function useNativeBinding(file: string | undefined): void {
  nativeBinding = file;
}

export function nativeBindingFile(): string | undefined {
  return nativeBinding;
}

export interface OpenOptions {
  readonly?: boolean;
  /** Where the migrations live; bundled builds pass their own copy. */
  migrationsFolder?: string;
  /** Bytes of the file to map; long scans map nothing (see scanningView in the store). */
  mmapBytes?: number;
  /** False for a further connection to a store the app's thread has opened (and migrated) already. */
  migrate?: boolean;
}

/**
 * Reads through a memory map skip a system call and a copy per page: on a 1M-customer store a card lookup's
 * p99 is 0.85 ms mapped and 1.47 ms with 256 MiB (measured). Mapped pages count in the process's resident
 * memory, so long scans (reports) read through a connection of their own that maps nothing.
 */
export const MMAP_BYTES = 2047 * 1024 * 1024;

/**
 * How long a write waits for another connection's write to end before it fails: the duplicate scan's thread holds the
 * store 5-7 s to save a million customers' results (electron/core/dedup/README.md), an import batch at 1M several
 * seconds; a counter's write waits them out rather than fail with "database is locked".
 */
export const BUSY_TIMEOUT_MS = 15_000;

/** Opens (creating if needed) a store file, sets the pragmas every connection needs, and migrates it. */
export function openDatabase(file: string, options: OpenOptions = {}): AkrabDb {
  const sqlite = new Database(file, { readonly: options.readonly ?? false, nativeBinding });
  // A new store gives the pages that log compaction frees back to the file system a few at a time
  // (electron/core/sync/logCompaction.ts); it can only be chosen before the first table exists.
  if (!options.readonly && sqlite.pragma('page_count', { simple: true }) === 0) sqlite.pragma('auto_vacuum = INCREMENTAL');
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma(`mmap_size = ${options.mmapBytes ?? MMAP_BYTES}`);
  const db = drizzle({ client: sqlite, schema }) as AkrabDb;
  if (!options.readonly && options.migrate !== false) migrate(db, { migrationsFolder: options.migrationsFolder ?? defaultMigrationsFolder() });
  return db;
}

/**
 * VACUUM may renumber the implicit rowids that the name index (customers_fts) points at,
 * so compaction always rebuilds that index in the same breath.
 */
export function compactDatabase(db: AkrabDb): void {
  db.$client.exec('VACUUM');
  db.$client.exec(`INSERT INTO customers_fts(customers_fts) VALUES ('rebuild')`);
}
