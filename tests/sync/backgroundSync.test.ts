import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempStore } from '../support/tempStore';
import { aCustomer } from '../support/builders';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { startBackgroundSync, syncStatusOf } from '../../electron/core/sync/backgroundSync';
import { saveEnrolment } from '../../electron/core/sync/syncState';
import type { SyncStatus } from '../../electron/core/sync/syncEngine';
import { registerDeviceDirectly } from '../../server/storage/syncStorage';
import type { RunningServer } from '../../server/main';
import { inProcessServer } from './support/servers';

describe('background sync status for the status bar', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await inProcessServer('pglite');
  });
  afterAll(async () => server?.close());

  it('reports unreachable with backoff, then reachable, nothing waiting and the last sync time', async () => {
    const store = tempStore();
    const token = await registerDeviceDirectly(server.database.db, store.deviceId, 'OUT1');
    saveEnrolment(store, 'http://127.0.0.1:9', token, 'OUT1'); // nothing listens on the discard port
    registerCustomer(store, aCustomer().build());
    const seen: SyncStatus[] = [];
    const bg = startBackgroundSync(store, { onStatus: (s) => seen.push(s), intervalMs: 50, timeoutMs: 1000 });
    await expect.poll(() => syncStatusOf(store)?.reachable, { timeout: 5000 }).toBe(false);
    expect(syncStatusOf(store)).toMatchObject({ phase: 'offline', pending: 3, lastSyncAt: null, lastError: { code: 'unreachable' } });
    expect(syncStatusOf(store)!.nextAttemptAt).not.toBeNull();
    bg.stop();

    const online = startBackgroundSync(store, { serverUrl: server.url, intervalMs: 50 });
    await expect.poll(() => syncStatusOf(store)?.reachable, { timeout: 5000 }).toBe(true);
    expect(syncStatusOf(store)).toMatchObject({ phase: 'idle', pending: 0, lastError: null });
    expect(syncStatusOf(store)!.lastSyncAt).not.toBeNull();
    expect(seen.some((s) => s.phase === 'syncing')).toBe(true);
    online.stop();
    expect(syncStatusOf(store)).toBeNull();
  });
});
