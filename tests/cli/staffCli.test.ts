import { describe, expect, it } from 'vitest';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { storeFile } from '../../electron/core/dataDir';
import { closeStore, openStore } from '../../electron/core/store/store';
import { saveEnrolment } from '../../electron/core/sync/syncState';
import { aCustomer } from '../support/builders';
import { runCli } from '../support/runCli';
import { tempDir } from '../support/tempStore';

describe('akrab staff', () => {
  it("makes a device's first admin and its manager from the command line alone, who then sign a manager's command", () => {
    const dataDir = tempDir();
    const cli = (...args: string[]) => {
      const result = runCli([...args, '--json', '--data-dir', dataDir]);
      return { code: result.code, json: result.stdout ? JSON.parse(result.stdout.trim().split('\n').at(-1)!) : null };
    };
    const count = (sql: string) => {
      const store = openStore(storeFile(dataDir));
      try {
        return store.sqlite.prepare(sql).pluck().get() as number;
      } finally {
        closeStore(store);
      }
    };

    const admin = cli('staff', 'create-admin', '--name', 'Ani Admin', '--pin', '73916428', '--password', 'kunci-admin-ani-2026');
    expect(admin).toMatchObject({ code: 0, json: { name: 'Ani Admin', role: 'admin', outletCode: null } });
    // Once: then accounts are made by someone signed in.
    expect(
      cli('staff', 'create-admin', '--name', 'Budi', '--pin', '73916428', '--password', 'kunci-admin-budi-2026').json.error.messageKey,
    ).toBe('error.setup_done');

    const by = ['--by', admin.json.id as string, '--by-password', 'kunci-admin-ani-2026'];
    const maya = ['--name', 'Maya Manajer', '--role', 'manager', '--outlet', 'bdg01', '--password', 'kunci-maya-2026'];
    // Refused accounts add nothing, not even the outlet they name.
    expect(cli('staff', 'add', ...maya, '--pin', '1111', ...by).json.error.messageKey).toBe('error.pin_format');
    expect(cli('staff', 'add', ...maya, '--role', 'boss', '--pin', '58213947', ...by).json.error.messageKey).toBe('error.role_invalid');
    expect(
      cli('staff', 'add', ...maya, '--pin', '58213947', '--by', admin.json.id as string, '--by-password', 'salah').json.error.messageKey,
    ).toBe('error.sign_in_failed');
    expect(cli('staff', 'add', ...maya, '--pin', '58213947').json.error.messageKey).toBe('error.sign_in_required');
    expect(count('SELECT count(*) FROM outlets')).toBe(0);
    expect(count('SELECT count(*) FROM staff')).toBe(1);

    const manager = cli('staff', 'add', ...maya, '--pin', '58213947', ...by);
    expect(manager).toMatchObject({ code: 0, json: { name: 'Maya Manajer', role: 'manager', outletCode: 'BDG01' } });
    expect(cli('staff', 'list').json).toHaveLength(2);

    // The manager signs what a manager must: here a card block.
    const store = openStore(storeFile(dataDir));
    registerCustomer(store, aCustomer().withCard('VIP880001').build());
    closeStore(store);
    expect(
      cli(
        'card',
        'block',
        'VIP880001',
        '--reason',
        'kartu tambahan',
        '--manager',
        manager.json.id as string,
        '--password',
        'kunci-maya-2026',
      ).code,
    ).toBe(0);
    expect(count("SELECT count(*) FROM cards WHERE card_no = 'VIP880001' AND status = 'blocked'")).toBe(1);
  });

  it('refuses a first admin on an enrolled device, whose staff come from the central server', () => {
    const dataDir = tempDir();
    const store = openStore(storeFile(dataDir));
    saveEnrolment(store, 'https://pusat.example:8787', 'x'.repeat(43), 'BDG01');
    closeStore(store);
    const result = runCli([
      'staff',
      'create-admin',
      '--name',
      'Ani Admin',
      '--pin',
      '73916428',
      '--password',
      'kunci-admin-ani-2026',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error.messageKey).toBe('error.setup_on_server');
  });
});
