import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AkrabError } from '../../../shared/errors';
import { defaultMigrationsFolder, nativeBindingFile } from '../../../db/connection';
import { forgetCursor } from '../sync/syncState';
import { newestStamp } from '../sync/logCompaction';
import { closeStore, openStore } from './store';

export interface BackupSummary {
  file: string;
  bytes: number;
  schemaVersion: number;
  deviceId: string;
  latestChange: string | null;
}

export interface RestoreSummary {
  restoredFrom: string;
  schemaVersion: number;
  /** Where the store that was there before now lies (null when there was none). */
  keptAside: string | null;
  customers: number;
  /** Changes of this device the server has not acknowledged: pushed on the next sync. */
  unpushed: number;
}

const fail = (messageKey: string, params?: Record<string, string | number>): never => {
  throw new AkrabError({ code: 'validation', messageKey, params });
};

/** How many migrations the app knows: a store with more was written by a newer Akrab. */
export function appSchemaVersion(migrationsFolder = defaultMigrationsFolder()): number {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}

function describe(db: Database.Database): { schemaVersion: number; deviceId: string; latestChange: string | null } {
  const hasTable = (name: string) => db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
  if (!hasTable('__drizzle_migrations') || !hasTable('settings') || !hasTable('changes')) fail('error.backup.not_a_store');
  const deviceId = db.prepare(`SELECT value FROM settings WHERE key = 'device_id'`).pluck().get() as string | undefined;
  if (!deviceId) fail('error.backup.not_a_store');
  return {
    schemaVersion: db.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get() as number,
    deviceId: deviceId!,
    latestChange: newestStamp(db),
  };
}

function checkIntegrity(db: Database.Database): void {
  const result = db.pragma('integrity_check', { simple: true });
  if (result !== 'ok') fail('error.backup.damaged', { detail: String(result).slice(0, 200) });
}

/** An empty file only its owner can read, for SQLite to fill (SQLite keeps an existing file's mode). */
function privateEmptyFile(file: string): void {
  closeSync(openSync(file, 'wx', 0o600));
}

/**
 * A consistent copy of the store through SQLite's online backup API, taken page by page while the app keeps
 * writing (WAL mode: readers and the writer are not blocked). Written beside `out` first, checked, then renamed,
 * so `out` is either a whole checked backup or absent. Mode 0600: it holds the same personal data as the store.
 */
export async function backupStore(storePath: string, out: string): Promise<BackupSummary> {
  if (!existsSync(storePath)) fail('error.backup.no_store', { file: storePath });
  if (existsSync(out)) fail('error.backup.out_exists', { file: out });
  const partial = `${out}.partial`;
  rmSync(partial, { force: true });
  privateEmptyFile(partial);
  const source = new Database(storePath, { readonly: true, fileMustExist: true, nativeBinding: nativeBindingFile() });
  try {
    source.pragma('busy_timeout = 5000');
    await source.backup(partial);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    source.close();
  }
  const copy = new Database(partial, { readonly: true, nativeBinding: nativeBindingFile() });
  let facts: ReturnType<typeof describe>;
  try {
    checkIntegrity(copy);
    facts = describe(copy);
  } finally {
    copy.close();
  }
  renameSync(partial, out);
  return { file: out, bytes: statSync(out).size, ...facts };
}

/**
 * Puts a backup in place of the store at `storePath` (the app must not be running). The backup must be whole
 * (integrity check), an Akrab store, and of a schema this Akrab knows (older ones are migrated forward). A store
 * already there is refused when it holds writes newer than the backup's, or is another device's, unless `force`;
 * either way it is kept aside, never deleted. The restored device then bootstraps again from the server's
 * snapshot, so the changes it pushed after the backup was taken come back (a pull skips a device's own
 * changes), and its unpushed changes from the backup are pushed.
 */
export async function restoreStore(
  storePath: string,
  backupFile: string,
  options: { force?: boolean; migrationsFolder?: string; now?: Date } = {},
): Promise<RestoreSummary> {
  if (!existsSync(backupFile)) fail('error.backup.no_file', { file: backupFile });
  let backup: Database.Database;
  try {
    backup = new Database(backupFile, { readonly: true, fileMustExist: true, nativeBinding: nativeBindingFile() });
    backup.pragma('schema_version');
  } catch {
    return fail('error.backup.not_a_store');
  }
  let incoming: ReturnType<typeof describe>;
  try {
    checkIntegrity(backup);
    incoming = describe(backup);
  } catch (error) {
    backup.close();
    throw error;
  }
  const known = appSchemaVersion(options.migrationsFolder);
  if (incoming.schemaVersion > known) {
    backup.close();
    fail('error.backup.newer_schema', { backup: incoming.schemaVersion, app: known });
  }

  let keptAside: string | null = null;
  if (existsSync(storePath)) {
    const current = new Database(storePath, { fileMustExist: true, nativeBinding: nativeBindingFile() });
    try {
      const here = describe(current);
      if (!options.force) {
        if (here.deviceId !== incoming.deviceId) fail('error.backup.other_device', { backup: incoming.deviceId, here: here.deviceId });
        if (here.latestChange && (!incoming.latestChange || here.latestChange > incoming.latestChange))
          fail('error.backup.store_newer', { store: here.latestChange.slice(0, 24), backup: (incoming.latestChange ?? '—').slice(0, 24) });
      }
      // Everything in the main file, so moving it moves the whole store.
      current.pragma('wal_checkpoint(TRUNCATE)');
    } catch (error) {
      current.close();
      backup.close();
      throw error;
    }
    current.close();
    const stamp = (options.now ?? new Date()).toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
    keptAside = `${storePath}.before-restore-${stamp}`;
    renameSync(storePath, keptAside);
    for (const suffix of ['-wal', '-shm']) rmSync(`${storePath}${suffix}`, { force: true });
  }

  const incomingFile = `${storePath}.incoming`;
  try {
    rmSync(incomingFile, { force: true });
    privateEmptyFile(incomingFile);
    await backup.backup(incomingFile);
    renameSync(incomingFile, storePath);
  } catch (error) {
    rmSync(incomingFile, { force: true });
    if (keptAside) renameSync(keptAside, storePath);
    throw error;
  } finally {
    backup.close();
  }
  return finishRestore(storePath, backupFile, keptAside, options);
}

function finishRestore(storePath: string, restoredFrom: string, keptAside: string | null, options: { migrationsFolder?: string }): RestoreSummary {
  const store = openStore(storePath, { migrationsFolder: options.migrationsFolder });
  try {
    const s = store.sqlite;
    forgetCursor(store);
    return {
      restoredFrom,
      schemaVersion: s.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get() as number,
      keptAside,
      customers: s.prepare('SELECT count(*) FROM customers').pluck().get() as number,
      unpushed: s.prepare('SELECT count(*) FROM changes WHERE pushed_at IS NULL AND device_id = ?').pluck().get(store.deviceId) as number,
    };
  } finally {
    closeStore(store);
  }
}
