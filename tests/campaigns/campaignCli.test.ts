import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStaff } from '../../electron/core/auth/staffAccounts';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { storeFile } from '../../electron/core/dataDir';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';
import { closeStore, openStore } from '../../electron/core/store/store';
import { aCustomer } from '../support/builders';
import { runCli } from '../support/runCli';
import { tempDir } from '../support/tempStore';

describe('akrab segment and akrab campaign', () => {
  it('saves and counts a segment, creates, launches, contacts and reports a campaign; bad input gets its error key and writes nothing', () => {
    const dataDir = tempDir();
    const store = openStore(storeFile(dataDir));
    useOutlet(store, ensureOutlet(store, 'JKT01', { name: 'Kelapa Gading' }));
    const admin = createStaff(store, null, { name: 'Admin Ayu', role: 'admin', pin: '73916428', password: 'kunci-admin-ayu-2026' });
    for (const [name, city] of [
      ['Siti Rahayu', 'Bandung'],
      ['Budi Santoso', 'Bandung'],
      ['Dewi Lestari', 'Jakarta'],
    ] as const)
      registerCustomer(store, aCustomer().named(name).livingAt('Jl. Merdeka', city).build());
    closeStore(store);
    const cli = (...args: string[]) => {
      const result = runCli([...args, '--json', '--data-dir', dataDir]);
      return { code: result.code, json: result.stdout ? JSON.parse(result.stdout) : null, stderr: result.stderr };
    };
    const manager = ['--manager', admin.id, '--password', 'kunci-admin-ayu-2026'];
    const file = (name: string, content: string) => {
      const p = path.join(dataDir, name);
      writeFileSync(p, content);
      return p;
    };
    const bandung = file('bandung.json', JSON.stringify({ field: 'city', op: 'is', value: 'Bandung' }));

    expect(cli('segment', 'count', '--where', bandung).json).toMatchObject({ count: 2 });
    expect(cli('segment', 'save', 'Warga Bandung', '--where', bandung, ...manager).json).toMatchObject({ name: 'Warga Bandung', count: 2 });
    expect(cli('segment', 'count', 'Warga Bandung').json.preview.map((p: { fullName: string }) => p.fullName)).toEqual(['Budi Santoso', 'Siti Rahayu']);

    // Bad input: a specific error, nothing written.
    expect(cli('segment', 'save', 'Salah', '--where', file('bad.json', '{"field": "city",')).json.error.messageKey).toBe('error.segment_file_malformed');
    expect(cli('segment', 'save', 'Salah', '--where', file('field.json', '{"field": "zodiac", "op": "is", "value": "Leo"}')).json.error).toMatchObject({
      messageKey: 'error.segment_field_unknown',
      field: 'field',
    });
    expect(cli('segment', 'count', '--where', file('op.json', '{"field": "city", "op": "like", "value": "B"}')).json.error.messageKey).toBe(
      'error.segment_operator_unknown',
    );
    expect(cli('segment', 'list').json.map((s: { name: string }) => s.name)).toEqual(['Warga Bandung']);
    const create = (...extra: string[]) => cli('campaign', 'create', 'Promo Bandung', '--segment', 'Warga Bandung', '--channel', 'whatsapp', ...extra, ...manager);
    expect(create().json.error).toMatchObject({ messageKey: 'error.campaign_purpose_required', field: 'purpose' });
    expect(create('--purpose', 'marketing_whatsapp', '--control', '60').json.error.messageKey).toBe('error.campaign_control_range');
    expect(cli('campaign', 'list').json).toEqual([]);

    const campaign = create('--purpose', 'marketing_whatsapp', '--control', '0', '--template', 'Halo {nama}, kartu {kartu}').json;
    expect(campaign).toMatchObject({ status: 'draft', controlPercent: 0 });
    expect(cli('campaign', 'launch', campaign.id, ...manager).json).toMatchObject({ matched: 2, added: 2, control: 0 });
    expect(cli('campaign', 'launch', campaign.id, ...manager).json.error.messageKey).toBe('error.campaign_already_launched');
    const contacts = cli('campaign', 'contacts').json;
    expect(contacts).toHaveLength(2);
    expect(contacts[0].whatsapp).toMatch(/^https:\/\/wa\.me\/628\d+\?text=Halo%20/);
    expect(cli('campaign', 'contact', contacts[0].targetId, '--outcome', 'responded').code).toBe(0);
    expect(cli('campaign', 'results', campaign.id).json.total).toMatchObject({ targets: 2, contacted: 1, responded: 1 });

    const out = path.join(dataDir, 'hasil.pdf');
    expect(cli('campaign', 'results', campaign.id, '--format', 'pdf', '--out', out).code).toBe(0);
    expect(execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' })).toContain('Hasil kampanye: Promo Bandung');
    expect(existsSync(path.join(dataDir, 'hasil.csv'))).toBe(false);
    expect(cli('campaign', 'results', campaign.id, '--format', 'csv', '--out', path.join(dataDir, 'hasil.csv')).code).toBe(0);

    const worklist = path.join(dataDir, 'daftar.csv');
    expect(cli('campaign', 'worklist', campaign.id, '--out', worklist).json).toMatchObject({ rows: 1, format: 'csv' });

    const help = runCli(['campaign', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('akrab campaign results ID [--format csv|xlsx|pdf --out FILE]');
    expect(runCli(['--help']).stderr).toContain('akrab segment save NAME --where FILE.json');
  }, 180_000);
});
