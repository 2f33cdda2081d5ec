import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { storeFile } from '../../electron/core/dataDir';
import { closeStore, openStore } from '../../electron/core/store/store';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';
import { aCustomer } from '../support/builders';
import { runCli } from '../support/runCli';
import { tempDir } from '../support/tempStore';
import { purchase } from './support';

function seededDataDir() {
  const dataDir = path.join(tempDir(), 'data');
  mkdirSync(dataDir, { recursive: true });
  const store = openStore(storeFile(dataDir), { staff: 'Rina' });
  useOutlet(store, ensureOutlet(store, 'JKT01'));
  const siti = registerCustomer(store, aCustomer().named('Siti Rahayu').withPhone('0812-3456-7001').withCard('VIP5001').build());
  const budi = registerCustomer(store, aCustomer().named('Budi Santoso').withCard('VIP5002').build());
  purchase(store, budi.id, { invoiceNo: 'INV-BUDI', purchasedAt: '2026-01-05T05:00:00.000Z', amount: 2_000_000 });
  closeStore(store);
  return { data: ['--data-dir', dataDir], siti };
}

// Each test starts the CLI several times; with the machine loaded (load average 13 on 2 cores) the first took 36-50 s.
describe('akrab care commands', () => {
  it('logs a contact, opens and moves a complaint, lists it, and lookup shows last contact and open complaints', () => {
    const { data, siti } = seededDataDir();

    const contact = runCli([
      'interaction',
      'add',
      '+62 812-3456-7001',
      '--channel',
      'whatsapp',
      '--note',
      'Kirim brosur',
      '--outcome',
      'reached',
      '--json',
      ...data,
    ]);
    expect(contact.stderr).toBe('');
    expect(contact.code).toBe(0);
    const interaction = JSON.parse(contact.stdout);
    expect(interaction).toMatchObject({
      customerId: siti.id,
      channel: 'whatsapp',
      direction: 'out',
      outcome: 'reached',
      note: 'Kirim brosur',
      outletCode: 'JKT01',
    });

    const opened = runCli([
      'complaint',
      'open',
      'VIP5001',
      '--category',
      'delivery',
      '--severity',
      'high',
      '--text',
      'Kulkas belum datang',
      '--json',
      ...data,
    ]);
    expect(opened.code).toBe(0);
    const complaint = JSON.parse(opened.stdout);
    expect(complaint).toMatchObject({ customerId: siti.id, status: 'open', category: 'delivery', severity: 'high' });
    expect(complaint.id).toMatch(/^[0-9A-Z]{26}$/);
    expect(Date.parse(complaint.firstResponseDueAt)).toBeGreaterThan(Date.parse(complaint.openedAt));
    expect(Date.parse(complaint.resolutionDueAt)).toBeGreaterThan(Date.parse(complaint.firstResponseDueAt));

    const lookup = JSON.parse(runCli(['lookup', '0812 3456 7001', '--json', ...data]).stdout);
    expect(lookup).toMatchObject({ id: siti.id, lastContact: interaction.at, openComplaints: 1 });

    const illegal = runCli(['complaint', 'set', complaint.id, '--status', 'closed', '--satisfaction', '5', '--json', ...data]);
    expect(illegal.code).toBe(1);
    expect(JSON.parse(illegal.stdout).error).toMatchObject({ code: 'conflict', messageKey: 'error.complaint_transition_illegal' });

    const resolved = runCli(['complaint', 'set', complaint.id, '--status', 'resolved', '--note', 'Dikirim ulang', '--json', ...data]);
    expect(JSON.parse(resolved.stdout)).toMatchObject({ status: 'resolved' });
    const closed = JSON.parse(
      runCli(['complaint', 'set', complaint.id, '--status', 'closed', '--satisfaction', '4', '--json', ...data]).stdout,
    );
    expect(closed).toMatchObject({ status: 'closed', satisfaction: 4 });
    expect(closed.history.map((e: { toStatus: string }) => e.toStatus)).toEqual(['open', 'resolved', 'closed']);

    const list = JSON.parse(runCli(['complaint', 'list', '--status', 'closed', '--json', ...data]).stdout);
    expect(list.map((c: { id: string }) => c.id)).toEqual([complaint.id]);
    expect(JSON.parse(runCli(['complaint', 'list', '--overdue', '--json', ...data]).stdout)).toEqual([]);
  }, 120_000);

  it('refuses bad input with a message key and exit code 1, writing nothing', () => {
    const { data } = seededDataDir();
    const unknown = runCli(['interaction', 'add', 'VIP5001', '--channel', 'pigeon', '--json', ...data]);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.stdout).error).toMatchObject({ messageKey: 'error.channel_unknown', field: 'channel' });
    const foreign = runCli([
      'complaint',
      'open',
      'VIP5001',
      '--category',
      'billing',
      '--invoice',
      'INV-BUDI',
      '--text',
      'Salah tagih',
      '--json',
      ...data,
    ]);
    expect(foreign.code).toBe(1);
    expect(JSON.parse(foreign.stdout).error).toMatchObject({ messageKey: 'error.invoice_other_customer' });
    const nobody = runCli(['interaction', 'add', '0899 0000 0000', '--channel', 'phone', ...data]);
    expect(nobody.code).toBe(1);
    // Errors print in words (issue 16, point 18), not as a message key.
    expect(nobody.stderr).toContain('Customer not found.');
    expect(runCli(['followups', '--due', '--json', ...data]).stdout.trim()).toBe('[]');
  }, 120_000);

  it('followups --run-rules runs the app\'s rule pass, its reading thread included, and lists what it made', () => {
    const dataDir = path.join(tempDir(), 'data');
    mkdirSync(dataDir, { recursive: true });
    const store = openStore(storeFile(dataDir), { staff: 'Rina' });
    useOutlet(store, ensureOutlet(store, 'JKT01'));
    const budi = registerCustomer(store, aCustomer().named('Budi Santoso').withCard('VIP5002').build());
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    purchase(store, budi.id, { invoiceNo: 'INV-TV', purchasedAt: yesterday, amount: 6_000_000, mainProduct: 'TV 55"' });
    closeStore(store);

    const run = runCli(['followups', '--run-rules', '--json', '--data-dir', dataDir]);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toContain('thread failed');
    const { rules, followUps } = JSON.parse(run.stdout);
    expect(rules.created.after_purchase).toBe(1);
    expect(followUps).toEqual([expect.objectContaining({ kind: 'after_purchase', customerId: budi.id, reason: expect.stringContaining('INV-TV') })]);
    expect(JSON.parse(runCli(['followups', '--run-rules', '--json', '--data-dir', dataDir]).stdout).rules.created.after_purchase).toBe(0);
  }, 120_000);
});
