import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as serverCommand } from '../../electron/cli/commands/server';
import { run as syncCommand } from '../../electron/cli/commands/sync';
import { closeStore, openStore } from '../../electron/core/store/store';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { storeFile } from '../../electron/core/dataDir';
import { tempDir } from '../support/tempStore';
import { aCustomer } from '../support/builders';
import { serverProcess, type ServerProcess } from './support/servers';

function capture() {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l: string) => lines.push(l), err: (l: string) => errors.push(l) };
}

describe('akrab server enroll / akrab sync', () => {
  const serverData = tempDir();
  let server: ServerProcess;
  beforeAll(async () => {
    // As `akrab server` lays it out: the embedded database in <data-dir>/server-db.
    server = await serverProcess({ dataDir: path.join(serverData, 'server-db') });
  });
  afterAll(async () => server?.stop());

  it('enrols with a one-time code from the running server, syncs, prints counts; a revoked device gets a clear error', async () => {
    const admin = capture();
    expect(await serverCommand(['enroll', '--outlet', 'BDG01'], { dataDir: serverData, json: true, ...admin })).toBe(0);
    const { code } = JSON.parse(admin.lines[0]!) as { code: string };
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

    const deviceDir = tempDir();
    const store = openStore(storeFile(deviceDir));
    registerCustomer(store, aCustomer().build());
    closeStore(store);
    const first = capture();
    expect(await syncCommand(['--server', server.url, '--enroll', code], { dataDir: deviceDir, json: true, ...first })).toBe(0);
    const round = JSON.parse(first.lines[0]!) as { pushed: number; pending: number; enrolledOutlet: string; deviceId: string };
    expect(round).toMatchObject({ pushed: 3, pending: 0, enrolledOutlet: 'BDG01' });

    const plain = capture();
    expect(await syncCommand(['--server', server.url], { dataDir: deviceDir, json: false, ...plain })).toBe(0);
    expect(plain.lines[0]).toMatch(/^Pushed 0 change\(s\), pulled 0; 0 waiting\.$/);

    const again = capture();
    expect(await syncCommand(['--server', server.url, '--enroll', code], { dataDir: deviceDir, json: true, ...again })).toBe(1);
    expect(JSON.parse(again.lines[0]!)).toEqual({
      error: { code: 'enrolment_code_invalid', messageKey: 'error.sync.enrolment_code_invalid' },
    });

    const list = capture();
    expect(await serverCommand(['devices'], { dataDir: serverData, json: true, ...list })).toBe(0);
    expect(JSON.parse(list.lines[0]!).devices).toEqual([expect.objectContaining({ id: round.deviceId, outletCode: 'BDG01', changes: 3 })]);
    expect(await serverCommand(['revoke', '--device', round.deviceId], { dataDir: serverData, json: false, ...capture() })).toBe(0);
    const refused = capture();
    expect(await syncCommand([], { dataDir: deviceDir, json: false, ...refused })).toBe(1);
    expect(refused.errors.join('\n')).toMatch(/revoked/);
  });

  it("create-admin makes the chain's first admin on the running server, once; an enrolled device receives it", async () => {
    const made = capture();
    expect(
      await serverCommand(['create-admin', '--name', 'Admin Pusat', '--pin', '73916428', '--password', 'kunci-pusat-2026'], {
        dataDir: serverData,
        json: true,
        ...made,
      }),
    ).toBe(0);
    const { staffId } = JSON.parse(made.lines[0]!) as { staffId: string };
    const twice = capture();
    await expect(
      serverCommand(['create-admin', '--name', 'Admin Kedua', '--pin', '73916428', '--password', 'kunci-kedua-2026'], {
        dataDir: serverData,
        json: true,
        ...twice,
      }),
    ).rejects.toThrow(/exists already/);

    const code = capture();
    expect(await serverCommand(['enroll', '--outlet', 'JKT01'], { dataDir: serverData, json: true, ...code })).toBe(0);
    const deviceDir = tempDir();
    expect(
      await syncCommand(['--server', server.url, '--enroll', (JSON.parse(code.lines[0]!) as { code: string }).code], {
        dataDir: deviceDir,
        json: true,
        ...capture(),
      }),
    ).toBe(0);
    const store = openStore(storeFile(deviceDir));
    try {
      expect(store.sqlite.prepare('SELECT name, role, outlet_id FROM staff WHERE id = ?').get(staffId)).toEqual({
        name: 'Admin Pusat',
        role: 'admin',
        outlet_id: null,
      });
    } finally {
      closeStore(store);
    }
  });
});
