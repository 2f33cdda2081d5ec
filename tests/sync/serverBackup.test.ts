import { cpSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, tempStore } from '../support/tempStore';
import { aCustomer } from '../support/builders';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { storeDigest } from '../../electron/core/sync/digest';
import { lookupByCard } from './support/lookups';
import { digestOf, enrolmentCode, serverProcess, type ServerProcess } from './support/servers';

// server/README.md, "Backup and restore": the embedded database is backed up by copying its folder while the
// server is stopped, and restored by putting the copy back.
describe('the embedded server database: backup by copying the stopped folder, restore, devices carry on (issue 20, point 3)', () => {
  let server: ServerProcess | null = null;
  afterEach(async () => server?.stop());

  it('a restored server serves what it held at the backup; devices sync on, a new device bootstraps it', async () => {
    const dataDir = tempDir();
    const adminToken = 'backup-test-admin-token';
    server = await serverProcess({ dataDir, adminToken });
    const a = tempStore();
    const engineA = new SyncEngine(a, { serverUrl: server.url });
    await engineA.enrol(await enrolmentCode(server.url, adminToken));
    for (let i = 0; i < 20; i++) registerCustomer(a, aCustomer().withCard(`SRVB${100 + i}`).build());
    await engineA.syncOnce();
    const before = await digestOf(server.url, adminToken);
    await server.stop();

    const backup = path.join(tempDir(), 'pgdata-backup');
    cpSync(path.join(dataDir, 'pgdata'), backup, { recursive: true });
    // The machine's disk is lost…
    rmSync(path.join(dataDir, 'pgdata'), { recursive: true, force: true });
    // …and the copy is put back.
    cpSync(backup, path.join(dataDir, 'pgdata'), { recursive: true });
    expect(existsSync(path.join(dataDir, 'pgdata', 'PG_VERSION'))).toBe(true);

    server = await serverProcess({ dataDir, adminToken });
    expect(await digestOf(server.url, adminToken)).toEqual(before);
    // The device's token still works (devices are in the database), it pushes on, and a new device bootstraps.
    const a2 = new SyncEngine(a, { serverUrl: server.url });
    registerCustomer(a, aCustomer().withCard('SRVBAFTER').build());
    await a2.syncOnce();
    const b = tempStore();
    const engineB = new SyncEngine(b, { serverUrl: server.url });
    await engineB.enrol(await enrolmentCode(server.url, adminToken));
    await engineB.syncOnce();
    expect(lookupByCard(b, 'SRVB119')).toBeDefined();
    expect(lookupByCard(b, 'SRVBAFTER')).toBeDefined();
    expect(storeDigest(b)).toBe(storeDigest(a));
  }, 240_000);
});
