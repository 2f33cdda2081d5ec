import { afterAll, beforeAll } from 'vitest';
import type { Session } from '../../../electron/core/auth/roles';
import type { OpenStoreOptions, Store } from '../../../electron/core/store/store';
import { SyncEngine } from '../../../electron/core/sync/syncEngine';
import { saveEnrolment } from '../../../electron/core/sync/syncState';
import type { RunningServer } from '../../../server/main';
import { registerDeviceDirectly } from '../../../server/storage/syncStorage';
import { tempStore } from '../../support/tempStore';
import { ADMIN, firstAdmin } from '../../sync/support/authority';
import { inProcessServer } from '../../sync/support/servers';

/**
 * A real sync server for a describe block (started before its tests, closed after), its first admin, and
 * devices enrolled at outlet BDG01 with their sync engines.
 */
export function ledgerServer(backend: 'pglite' | 'postgres') {
  let server: RunningServer;
  let admin: Session;
  beforeAll(async () => {
    server = await inProcessServer(backend);
    const { staffId } = await firstAdmin(server.database.db);
    admin = { staffId, name: ADMIN.name, role: 'admin', outletId: null };
  }, 180_000);
  afterAll(async () => server?.close());
  return {
    admin: () => admin,
    server: () => server,
    async device(options: { serverUrl?: string; store?: OpenStoreOptions; timeoutMs?: number } = {}): Promise<{ store: Store; engine: SyncEngine }> {
      const serverUrl = options.serverUrl ?? server.url;
      const store = tempStore(options.store);
      const token = await registerDeviceDirectly(server.database.db, store.deviceId, 'BDG01');
      saveEnrolment(store, serverUrl, token, 'BDG01');
      return { store, engine: new SyncEngine(store, { serverUrl, timeoutMs: options.timeoutMs }) };
    },
  };
}
