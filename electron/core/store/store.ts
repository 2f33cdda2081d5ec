import { randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { openDatabase, type AkrabDb } from '../../../db/connection';
import { HybridClock } from '../clock/hybridClock';
import { readSavedClock } from '../clock/savedClock';
import type { Authority } from '../authority/signing';
import { keepStoreFilesPrivate } from './privateFiles';
import { restoreAfterBulkBootstrap } from '../sync/bulkBootstrapMode';

/** An open local store: the database plus this device's identity, clock and the staff member at the keyboard. */
export interface Store {
  db: AkrabDb;
  sqlite: Database.Database;
  deviceId: string;
  clock: HybridClock;
  /** The outlet this device serves, if one is set. */
  outletId: string | null;
  staff: string | null;
  /** The signed-in staff member's authority key, set per call like `staff`: signs the changes that need it. */
  authority?: Authority | null;
  now: () => Date;
}

export interface OpenStoreOptions {
  now?: () => Date;
  staff?: string | null;
  migrationsFolder?: string;
  /**
   * A further connection of a device whose store the app's thread holds open (the daily pass's thread): it neither
   * migrates the store nor repairs an interrupted bootstrap, which the app's thread did at its own opening.
   */
  further?: boolean;
}

export function openStore(file: string, options: OpenStoreOptions = {}): Store {
  keepStoreFilesPrivate(file);
  const db = openDatabase(file, { migrationsFolder: options.migrationsFolder, migrate: !options.further });
  const sqlite = db.$client;
  const now = options.now ?? (() => new Date());
  const deviceId = readSetting(sqlite, 'device_id') ?? initialiseDevice(sqlite);
  const clockState = readSavedClock(sqlite);
  const store: Store = {
    db,
    sqlite,
    deviceId,
    clock: new HybridClock(deviceId, clockState, () => now().getTime()),
    outletId: readSetting(sqlite, 'outlet_id'),
    staff: options.staff ?? readSetting(sqlite, 'staff_name'),
    now,
  };
  // A bootstrap interrupted in bulk mode left the store without its derived indexes: put them back first.
  if (!sqlite.readonly && !options.further) restoreAfterBulkBootstrap(store);
  return store;
}

export function closeStore(store: Store): void {
  scanningConnections.get(store.sqlite)?.$client.close();
  scanningConnections.delete(store.sqlite);
  store.sqlite.close();
}

const scanningViews = new WeakMap<Store, Store>();
/** One scanning connection per open store, shared by its views (a scheduled pass runs on a view of the store). */
const scanningConnections = new WeakMap<Database.Database, AkrabDb>();

/**
 * The store as seen by long read-only scans (reports over millions of purchases): a second, read-only
 * connection that maps no file pages, so a scan costs the process its page cache, not gigabytes of mapped
 * file, and lookups keep their mapped pages. Everything but the connection is the store's own (live).
 */
export function scanningView(store: Store): Store {
  if (store.sqlite.memory || store.sqlite.readonly) return store;
  let view = scanningViews.get(store);
  if (!view) {
    let db = scanningConnections.get(store.sqlite);
    if (!db) scanningConnections.set(store.sqlite, (db = openDatabase(store.sqlite.name, { readonly: true, mmapBytes: 0 })));
    view = Object.create(store, { db: { value: db }, sqlite: { value: db.$client } }) as Store;
    scanningViews.set(store, view);
  }
  return view;
}

function initialiseDevice(sqlite: Database.Database): string {
  const deviceId = randomBytes(8).toString('hex');
  writeSetting(sqlite, 'device_id', deviceId);
  return deviceId;
}

export function readSetting(sqlite: Database.Database, key: string): string | null {
  const row = sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function writeSetting(sqlite: Database.Database, key: string, value: string): void {
  sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}
