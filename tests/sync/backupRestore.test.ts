import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/tempStore';
import { aCustomer } from '../support/builders';
import { runCli } from '../support/runCli';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { updateCustomer } from '../../electron/core/customers/editCustomer';
import { closeStore, openStore, type Store } from '../../electron/core/store/store';
import { storeFile } from '../../electron/core/dataDir';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { storeDigest } from '../../electron/core/sync/digest';
import { lookupByCard } from './support/lookups';
import { digestOf, enrolmentCode, serverProcess, type ServerProcess } from './support/servers';

/** A device with its store in a data folder of its own, as the app and the CLI find it. */
function deviceIn(dir: string): Store {
  return openStore(storeFile(dir));
}

describe('device backups: akrab backup / akrab restore (issue 20, point 3)', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await serverProcess({ dataDir: tempDir() });
  }, 120_000);
  afterAll(async () => server?.stop());

  it('a backup taken while the app writes restores, and the device re-syncs cleanly through the real server', async () => {
    const dirA = tempDir();
    let a = deviceIn(dirA);
    await new SyncEngine(a, { serverUrl: server.url }).enrol(await enrolmentCode(server.url, server.adminToken));
    const b = deviceIn(tempDir());
    const engineB = new SyncEngine(b, { serverUrl: server.url });
    await engineB.enrol(await enrolmentCode(server.url, server.adminToken));

    for (let i = 0; i < 30; i++) registerCustomer(a, aCustomer().named(`Pelanggan ${i}`).withCard(`BKP${1000 + i}`).build());
    await new SyncEngine(a, { serverUrl: server.url }).syncOnce();
    // Made offline before the backup: still to push when the backup is taken.
    const unpushed = registerCustomer(a, aCustomer().named('Belum Terkirim').withCard('BKPWAIT1').build());

    // The app keeps its connection open and keeps writing while the backup runs (another process: the CLI).
    const backupFile = path.join(tempDir(), 'akrab-backup.sqlite');
    const writer = setInterval(() => registerCustomer(a, aCustomer().build()), 2);
    const cli = runCli(['backup', '--out', backupFile, '--data-dir', dirA, '--json']);
    clearInterval(writer);
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ file: backupFile, deviceId: a.deviceId });
    expect(statSync(backupFile).mode & 0o777).toBe(0o600);
    const copy = new Database(backupFile, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare('SELECT count(*) FROM customers').pluck().get()).toBeGreaterThanOrEqual(31);
    copy.close();

    // After the backup: a change that reaches the server, and one that never does (lost with the disk).
    const pushedLater = registerCustomer(a, aCustomer().named('Terkirim Nanti').withCard('BKPLATE1').build());
    updateCustomer(a, unpushed.id, { city: 'Denpasar' });
    await new SyncEngine(a, { serverUrl: server.url }).syncOnce();
    registerCustomer(a, aCustomer().named('Hilang Bersama Disk').withCard('BKPLOST1').build());
    // Meanwhile the other outlet writes.
    const fromB = registerCustomer(b, aCustomer().named('Dari Outlet Lain').withCard('BKPOTHER').build());
    await engineB.syncOnce();
    closeStore(a);

    // The store here is newer than the backup: refused without --force, and nothing is touched.
    const refused = runCli(['restore', backupFile, '--data-dir', dirA]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/writes newer than the backup.*--force/);
    const idRefused = runCli(['restore', backupFile, '--data-dir', dirA], { AKRAB_LANG: 'id' });
    expect(idRefused.stderr).toMatch(/lebih baru dari cadangan/);

    const restored = runCli(['restore', backupFile, '--force', '--data-dir', dirA, '--json']);
    expect(restored.stderr).toBe('');
    const summary = JSON.parse(restored.stdout) as { keptAside: string; unpushed: number };
    expect(existsSync(summary.keptAside)).toBe(true);
    expect(summary.unpushed).toBeGreaterThanOrEqual(1);
    expect(statSync(storeFile(dirA)).mode & 0o777).toBe(0o600);

    a = deviceIn(dirA);
    expect(lookupByCard(a, 'BKPLATE1')).toBeUndefined();
    await new SyncEngine(a, { serverUrl: server.url }).syncOnce();
    await engineB.syncOnce();
    // Its own change pushed after the backup comes back, the unpushed one from the backup reaches the others,
    // the other outlet's arrives, and every store agrees with the server.
    expect(lookupByCard(a, 'BKPLATE1')).toBe(pushedLater.id);
    expect(lookupByCard(a, 'BKPOTHER')).toBe(fromB.id);
    expect(lookupByCard(b, 'BKPWAIT1')).toBe(unpushed.id);
    expect(a.sqlite.prepare('SELECT city FROM customers WHERE id = ?').pluck().get(unpushed.id)).toBe('Denpasar');
    expect(lookupByCard(a, 'BKPLOST1')).toBeUndefined();
    const digest = (await digestOf(server.url, server.adminToken)).digest;
    expect(storeDigest(a)).toBe(digest);
    expect(storeDigest(b)).toBe(digest);
    closeStore(a);
  }, 120_000);

  it('refuses a file that is not a store, a damaged one, and one from a newer Akrab, saying which', async () => {
    const dir = tempDir();
    const store = deviceIn(dir);
    registerCustomer(store, aCustomer().build());
    closeStore(store);
    const junk = path.join(tempDir(), 'notes.txt');
    writeFileSync(junk, 'not a database at all, just words '.repeat(200));
    expect(runCli(['restore', junk, '--data-dir', dir]).stderr).toMatch(/not an Akrab store backup/);

    const backupFile = path.join(tempDir(), 'b.sqlite');
    expect(runCli(['backup', '--out', backupFile, '--data-dir', dir]).code).toBe(0);
    expect(runCli(['backup', '--out', backupFile, '--data-dir', dir]).stderr).toMatch(/already exists/);
    const newer = new Database(backupFile);
    newer.prepare(`INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('future', ?)`).run(Date.now() + 1e9);
    newer.close();
    const res = runCli(['restore', backupFile, '--force', '--data-dir', dir]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/made by a newer Akrab/);

    const damaged = path.join(tempDir(), 'damaged.sqlite');
    expect(runCli(['backup', '--out', damaged, '--data-dir', dir]).code).toBe(0);
    const bytes = readFileSync(damaged);
    bytes.fill(0x5a, 4096 * 3, 4096 * 6);
    writeFileSync(damaged, bytes);
    expect(runCli(['restore', damaged, '--force', '--data-dir', dir]).stderr).toMatch(/damaged|not an Akrab store/);
    // Nothing was replaced by any refused restore.
    const after = deviceIn(dir);
    expect(after.sqlite.prepare('SELECT count(*) FROM customers').pluck().get()).toBe(1);
    closeStore(after);
  }, 120_000);
});
