import { afterAll, beforeAll } from 'vitest';
import type { OpenStoreOptions } from '../../../electron/core/store/store';
import { SyncEngine } from '../../../electron/core/sync/syncEngine';
import { saveEnrolment } from '../../../electron/core/sync/syncState';
import type { RunningServer } from '../../../server/main';
import { registerDeviceDirectly } from '../../../server/storage/syncStorage';
import { tempStore } from '../../support/tempStore';
import { firstAdmin } from '../../sync/support/authority';
import { inProcessServer } from '../../sync/support/servers';

/**
 * A real sync server (HTTP on 127.0.0.1) with the chain's first admin, started for the enclosing describe, and
 * devices enrolled at an outlet, each a real store with its own engine.
 */
export function syncedDevices(backend: Parameters<typeof inProcessServer>[0]) {
  const ctx = { server: undefined as unknown as RunningServer, adminId: '' };
  beforeAll(async () => {
    ctx.server = await inProcessServer(backend);
    ctx.adminId = (await firstAdmin(ctx.server.database.db)).staffId;
  }, 180_000);
  afterAll(async () => ctx.server?.close());

  async function device(outlet: string, options: OpenStoreOptions = {}) {
    const store = tempStore(options);
    const token = await registerDeviceDirectly(ctx.server.database.db, store.deviceId, outlet);
    saveEnrolment(store, ctx.server.url, token, outlet);
    const engine = new SyncEngine(store, { serverUrl: ctx.server.url });
    return { store, token, sync: () => engine.syncOnce() };
  }
  return { ctx, device };
}
