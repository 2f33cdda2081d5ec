import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { createCampaign } from '../../electron/core/campaigns/campaigns';
import { recordCampaignContact } from '../../electron/core/campaigns/contacts';
import { launchCampaign, targetId } from '../../electron/core/campaigns/launch';
import { exportWorkList } from '../../electron/core/campaigns/workList';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { saveSegment } from '../../electron/core/segments/segments';
import type { CampaignChannel } from '../../shared/campaigns';
import { aCustomer } from '../support/builders';
import { segmentStore } from '../segments/segmentStore';

/** The hand store's consenting Bandung customers plus Rina (with an email and a formula-looking name), one campaign per channel. */
function listFor(channel: CampaignChannel) {
  const s = segmentStore();
  const rina = registerCustomer(s.store, aCustomer().named('=Rina Wati').withEmail('rina@contoh.co.id').livingAt('Jl. Braga 9', 'Bandung').build()).id;
  saveSegment(s.store, { name: 'Bandung', where: { field: 'city', op: 'is', value: 'Bandung' } });
  const purpose = channel === 'email' ? 'marketing_email' : channel === 'sms' ? 'marketing_sms' : channel === 'phone' || channel === 'letter' ? 'marketing_phone' : 'marketing_whatsapp';
  const campaign = createCampaign(s.store, { name: 'Daftar', purpose, channel, segment: 'Bandung', template: '{sapaan} {nama}, kartu {kartu}', controlPercent: 0 });
  launchCampaign(s.store, campaign.id);
  return { ...s, rina, campaign, file: (ext: string) => path.join(s.store.dir, `daftar.${ext}`) };
}

const parse = (file: string) => Papa.parse<Record<string, string>>(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;

describe('the work list a channel uses', () => {
  it('WhatsApp: a call list with the wa.me link; answered targets and formulas are left out or defused', async () => {
    const l = listFor('whatsapp');
    recordCampaignContact(l.store, null, { targetId: targetId(l.campaign.id, l.siti), outcome: 'responded' });
    const { rows } = await exportWorkList(l.store, l.campaign.id, l.file('csv'));
    const list = parse(l.file('csv'));
    expect(rows).toBe(1);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ outlet: 'JKT01', name: "'=Rina Wati" });
    expect(list[0]!.whatsapp).toMatch(/^https:\/\/wa\.me\/628\d+\?text=/);
  });

  it('SMS: msisdn,message for a gateway; email: the addresses only; letter: one printed page per target', async () => {
    const sms = listFor('sms');
    await exportWorkList(sms.store, sms.campaign.id, sms.file('csv'));
    const lines = parse(sms.file('csv'));
    expect(lines).toHaveLength(2);
    expect(Object.keys(lines[0]!)).toEqual(['msisdn', 'message']);
    expect(lines.every((l) => /^628\d+$/.test(l.msisdn!))).toBe(true);

    const email = listFor('email');
    await exportWorkList(email.store, email.campaign.id, email.file('csv'));
    expect(parse(email.file('csv'))).toEqual([{ email: 'rina@contoh.co.id', name: "'=Rina Wati", message: expect.stringContaining('=Rina Wati') }]);

    const letter = listFor('letter');
    const written = await exportWorkList(letter.store, letter.campaign.id, letter.file('pdf'));
    expect(written).toMatchObject({ rows: 2, format: 'pdf' });
    const pages = execFileSync('pdftotext', [letter.file('pdf'), '-'], { encoding: 'utf8' }).split('\f').filter((p) => p.trim());
    expect(pages).toHaveLength(2);
    expect(pages.join('\n')).toContain('Jl. Dago 1');
  });
});
