import { readSecretSetting, writeSecretSetting } from '../store/secretBox';
import { readSetting, writeSetting, type Store } from '../store/store';

/** Where this device's sync bookkeeping lives: per-device settings, never synced. */
export const keys = {
  serverUrl: 'sync.server_url',
  token: 'sync.token',
  outletCode: 'sync.outlet_code',
  cursor: 'sync.cursor',
  snapshot: 'sync.snapshot',
  lastSyncAt: 'sync.last_sync_at',
} as const;

export interface SnapshotProgress {
  /** Server cursor from the first page: pulling resumes from here once the snapshot is complete. */
  cursor: number;
  after: { table: string; rowId: string } | null;
  /** The bootstrap runs with derived indexes dropped (bulkBootstrapMode.ts): a resumed one does too. */
  bulk?: boolean;
}

export interface SyncState {
  serverUrl: string | null;
  token: string | null;
  outletCode: string | null;
  /** Null until the device has bootstrapped from a snapshot. */
  cursor: number | null;
  snapshot: SnapshotProgress | null;
  lastSyncAt: string | null;
}

export function readSyncState(store: Store): SyncState {
  const s = store.sqlite;
  const cursor = readSetting(s, keys.cursor);
  const snapshot = readSetting(s, keys.snapshot);
  return {
    serverUrl: readSetting(s, keys.serverUrl),
    token: readSecretSetting(s, keys.token),
    outletCode: readSetting(s, keys.outletCode),
    cursor: cursor === null ? null : Number(cursor),
    snapshot: snapshot === null ? null : (JSON.parse(snapshot) as SnapshotProgress),
    lastSyncAt: readSetting(s, keys.lastSyncAt),
  };
}

export function saveEnrolment(store: Store, serverUrl: string, token: string, outletCode: string): void {
  store.sqlite.transaction(() => {
    writeSetting(store.sqlite, keys.serverUrl, serverUrl);
    writeSecretSetting(store.sqlite, keys.token, token);
    writeSetting(store.sqlite, keys.outletCode, outletCode);
  }).immediate();
}

export function saveServerUrl(store: Store, serverUrl: string): void {
  writeSetting(store.sqlite, keys.serverUrl, serverUrl);
}

/** Called inside the apply transaction, so the cursor moves exactly when the changes land. */
export function saveCursor(store: Store, cursor: number): void {
  writeSetting(store.sqlite, keys.cursor, String(cursor));
}

export function saveSnapshotProgress(store: Store, progress: SnapshotProgress | null): void {
  if (progress) writeSetting(store.sqlite, keys.snapshot, JSON.stringify(progress));
  else store.sqlite.prepare('DELETE FROM settings WHERE key = ?').run(keys.snapshot);
}

/**
 * Forgets where this device is in the server's log, so its next pull bootstraps from a snapshot again (after a
 * restore, or when the server pruned the changes after its cursor). Its own unpushed changes stay in the log.
 */
export function forgetCursor(store: Store): void {
  store.sqlite.prepare('DELETE FROM settings WHERE key IN (?, ?)').run(keys.cursor, keys.snapshot);
}

export function saveLastSyncAt(store: Store, at: string): void {
  writeSetting(store.sqlite, keys.lastSyncAt, at);
}

/** Counting stops here: past it the status bar says "100,000+", and a poll stays cheap on a store with millions waiting. */
export const PENDING_COUNT_CAP = 100_000;

/** Changes waiting to upload, counted up to PENDING_COUNT_CAP (a full count(*) takes seconds after a big import). */
export function pendingChangeCount(store: Store): number {
  return store.sqlite.prepare(`SELECT count(*) FROM (SELECT 1 FROM changes WHERE pushed_at IS NULL LIMIT ?)`).pluck().get(PENDING_COUNT_CAP) as number;
}
