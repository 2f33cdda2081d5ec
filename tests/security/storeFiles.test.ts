import { spawnSync } from 'node:child_process';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { secretSettingSealedElsewhere, useSecretBox, type SecretBox } from '../../electron/core/store/secretBox';
import { closeStore, openStore, readSetting } from '../../electron/core/store/store';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { readSyncState } from '../../electron/core/sync/syncState';
import type { RunningServer } from '../../server/main';
import { aCustomer } from '../support/builders';
import { akrabBin } from '../support/runCli';
import { tempDir, tempStore } from '../support/tempStore';
import { lookupByCard } from '../sync/support/lookups';
import { enrolmentCode, inProcessServer } from '../sync/support/servers';

/**
 * Issue 14, finding 8 (and part 4): the store files were created world-readable (0644) and held the device token
 * in clear. Now the data folder is 0700, the SQLite file and its -wal/-shm 0600, and where Electron offers the OS
 * keystore (safeStorage) the token is sealed by it.
 */
const mode = (file: string) => statSync(file).mode & 0o777;

/** The real `akrab` command, started under the usual umask 022 (which is what made the files 0644). */
function akrab(args: string[]) {
  const quoted = [process.execPath, akrabBin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const result = spawnSync('sh', ['-c', `umask 022 && exec ${quoted}`], { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(process.platform === 'win32')('store files are readable by their owner only', () => {
  it('a fresh data folder made by the CLI is 0700 and its store 0600', () => {
    const dataDir = path.join(tempDir(), 'Akrab');
    expect(akrab(['lookup', '0812-3456-7890', '--data-dir', dataDir]).code).toBe(1);
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(path.join(dataDir, 'akrab.sqlite'))).toBe(0o600);
  });

  it("the store's -wal and -shm files, made by SQLite while the store is open, are 0600 too", () => {
    const store = tempStore();
    registerCustomer(store, aCustomer().build());
    for (const suffix of ['', '-wal', '-shm']) {
      expect(existsSync(store.file + suffix)).toBe(true);
      expect({ suffix, mode: mode(store.file + suffix) }).toEqual({ suffix, mode: 0o600 });
    }
  });

  it('a store and folder left world-readable by an earlier Akrab are narrowed at the next start', () => {
    const dataDir = path.join(tempDir(), 'Akrab');
    mkdirSync(dataDir);
    const file = path.join(dataDir, 'akrab.sqlite');
    closeStore(openStore(file));
    chmodSync(dataDir, 0o755);
    chmodSync(file, 0o644);
    expect(akrab(['lookup', '0812-3456-7890', '--data-dir', dataDir]).code).toBe(1);
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
  });
});

/** A real box: AES-256-GCM with a test key, standing in for the OS keystore Electron's safeStorage uses. */
class AesGcmBox implements SecretBox {
  private readonly key = randomBytes(32);
  encryptString(plainText: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
  }
  decryptString(encrypted: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, encrypted.subarray(0, 12));
    decipher.setAuthTag(encrypted.subarray(12, 28));
    return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
  }
}

describe('the device token with a secret box (the OS keystore in the desktop app)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await inProcessServer('pglite');
  });
  afterAll(async () => server?.close());
  afterEach(() => useSecretBox(null));

  const enrolled = async () => {
    const store = tempStore();
    const engine = new SyncEngine(store, { serverUrl: server.url });
    await engine.enrol(await enrolmentCode(server.url, server.adminToken));
    return { store, engine };
  };

  it('is stored sealed, never as the token, and sync works with it', async () => {
    useSecretBox(new AesGcmBox());
    const booth = await enrolled();
    const shop = await enrolled();
    const token = readSyncState(booth.store).token!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const stored = readSetting(booth.store.sqlite, 'sync.token')!;
    expect(stored).not.toContain(token);
    expect(stored).toMatch(/^sealed:v1:/);
    const raw = booth.store.sqlite.prepare("SELECT group_concat(value, '|') FROM settings").pluck().get() as string;
    expect(raw).not.toContain(token);

    const siti = registerCustomer(booth.store, aCustomer().named('Siti Rahayu').withCard('BOX0001').build());
    expect(await booth.engine.syncOnce()).toMatchObject({ pushed: expect.any(Number) });
    await shop.engine.syncOnce();
    expect(lookupByCard(shop.store, 'BOX0001')).toBe(siti.id);
  });

  it('a token stored in clear before the box existed is sealed at its first read', async () => {
    const device = await enrolled();
    const clear = readSetting(device.store.sqlite, 'sync.token')!;
    useSecretBox(new AesGcmBox());
    expect(readSyncState(device.store).token).toBe(clear);
    expect(readSetting(device.store.sqlite, 'sync.token')).toMatch(/^sealed:v1:/);
    expect(await device.engine.syncOnce()).toMatchObject({ pending: 0 });
  });

  it('without the box (the CLI on the desktop app’s store) the sealed token is not usable, and the CLI says why', async () => {
    useSecretBox(new AesGcmBox());
    const device = await enrolled();
    useSecretBox(null);
    expect(readSyncState(device.store).token).toBeNull();
    expect(secretSettingSealedElsewhere(device.store.sqlite, 'sync.token')).toBe(true);
    closeStore(device.store);
    const run = akrab(['sync', '--server', server.url, '--data-dir', device.store.dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("sealed by the desktop app's OS keystore");
  });
});
