import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { createCampaign } from '../../electron/core/campaigns/campaigns';
import { recordCampaignContact } from '../../electron/core/campaigns/contacts';
import { inControlGroup } from '../../electron/core/campaigns/controlGroup';
import { launchCampaign, targetId } from '../../electron/core/campaigns/launch';
import { liftOf, wilson } from '../../electron/core/campaigns/lift';
import { campaignResults } from '../../electron/core/campaigns/results';
import { exportCampaignResults, startCampaignExport } from '../../electron/core/campaigns/resultsReport';
import { exportsDir, exportStatus } from '../../electron/core/reports/exportJobs';
import { akrabErrorOf } from '../support/akrabError';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { saveSegment } from '../../electron/core/segments/segments';
import type { Session } from '../../electron/core/auth/roles';
import { aCustomer } from '../support/builders';
import { purchase } from '../care/support';
import { segmentStore } from '../segments/segmentStore';

const dodi: Session = { staffId: 'dodi', name: 'Dodi', role: 'clerk', outletId: null };

/** Siti (JKT01) and Budi (BDG01) are the targets; launch Monday 2026-11-23 10:00 WIB, attribution 7 days, no control group. */
function launched() {
  const s = segmentStore();
  saveSegment(s.store, { name: 'Siti dan Budi', where: { field: 'purchases', op: 'gte', value: 1 } });
  const campaign = createCampaign(s.store, {
    name: 'Servis AC',
    purpose: 'marketing_whatsapp',
    channel: 'whatsapp',
    segment: 'Siti dan Budi',
    template: 'Halo {nama}',
    controlPercent: 0,
    attributionDays: 7,
    periodFrom: '2026-11-23',
    periodTo: '2026-11-30',
  });
  launchCampaign(s.store, campaign.id);
  return { ...s, campaign };
}

describe('campaign results', () => {
  it('counts contacts per campaign, outlet and staff, and attributes each purchase inside the window once', () => {
    const s = launched();
    const buy = (customerId: string, at: string, amount: number) => purchase(s.store, customerId, { invoiceNo: `R-${at}`, purchasedAt: at, amount });
    buy(s.siti, '2026-11-23T03:30:00.000Z', 100_000); // before the contact: not attributed
    s.setNow('2026-11-23T04:00:00.000Z');
    recordCampaignContact(s.store, null, { targetId: targetId(s.campaign.id, s.siti), outcome: 'responded' }); // Rina, first
    s.setNow('2026-11-23T05:00:00.000Z');
    recordCampaignContact(s.store, dodi, { targetId: targetId(s.campaign.id, s.budi), outcome: 'no_answer' });
    s.setNow('2026-11-24T05:00:00.000Z');
    recordCampaignContact(s.store, dodi, { targetId: targetId(s.campaign.id, s.siti), outcome: 'reached' }); // second contact: no second credit
    buy(s.siti, '2026-11-25T05:00:00.000Z', 2_000_000); // attributed
    buy(s.siti, '2026-11-30T04:00:00.000Z', 3_000_000); // exactly 7 days after the first contact: attributed
    buy(s.siti, '2026-11-30T04:00:01.000Z', 4_000_000); // one second late: not attributed
    buy(s.budi, '2026-11-24T06:00:00.000Z', 500_000); // after an unanswered contact: attributed
    s.setNow('2026-12-10T03:00:00.000Z');

    const r = campaignResults(s.store, s.campaign.id);
    expect(r.total).toMatchObject({ targets: 2, contacted: 2, reached: 1, responded: 1, purchases: 3, revenue: 5_500_000 });
    expect(r.outlets.map((o) => [o.label, o.targets, o.contacted, o.reached, o.responded, o.purchases, o.revenue])).toEqual([
      ['BDG01', 1, 1, 0, 0, 1, 500_000],
      ['JKT01', 1, 1, 1, 1, 2, 5_000_000],
    ]);
    expect(r.staff.map((o) => [o.label, o.targets, o.contacted, o.reached, o.responded, o.purchases, o.revenue])).toEqual([
      ['Dodi', 2, 2, 1, 0, 1, 500_000],
      ['Rina', 1, 1, 1, 1, 2, 5_000_000],
    ]);
    // No control group: the comparison window still counts buyers, the lift is not defined.
    expect(r.treated).toEqual({ customers: 2, buyers: 2, rate: 1, revenue: 9_600_000 });
    expect(r.control.customers).toBe(0);
    expect(r.lift).toBeNull();
    expect(r.window).toEqual({ from: '2026-11-23T03:00:00.000Z', to: '2026-12-08T00:00:00.000Z' });
  });

  it('compares the contact group with the control group over the same window, with Newcombe\'s interval', () => {
    const s = segmentStore();
    const ids = Array.from({ length: 40 }, (_, i) => registerCustomer(s.store, aCustomer().named(`Pelanggan ${i}`).livingAt('Jl. Cihampelas', 'Bandung').build()).id);
    saveSegment(s.store, { name: 'Cihampelas', where: { field: 'city', op: 'is', value: 'Bandung' } });
    const campaign = createCampaign(s.store, { name: 'Lift', purpose: 'marketing_sms', channel: 'sms', segment: 'Cihampelas', template: 'Halo {nama}', controlPercent: 40, quietDays: 0 });
    launchCampaign(s.store, campaign.id);
    // Every second customer of the contact group buys, every fourth of the control group; a purchase after the window counts nowhere.
    const treated = ids.filter((id) => !inControlGroup(campaign.id, id, 40));
    const control = ids.filter((id) => inControlGroup(campaign.id, id, 40));
    treated.forEach((id, i) => i % 2 === 0 && purchase(s.store, id, { invoiceNo: `T${i}`, purchasedAt: '2026-11-26T05:00:00.000Z', amount: 100_000 }));
    control.forEach((id, i) => i % 4 === 0 && purchase(s.store, id, { invoiceNo: `C${i}`, purchasedAt: '2026-11-27T05:00:00.000Z', amount: 100_000 }));
    purchase(s.store, control[1]!, { invoiceNo: 'LATE', purchasedAt: '2027-03-01T05:00:00.000Z', amount: 100_000 });
    const r = campaignResults(s.store, campaign.id);
    const tb = Math.ceil(treated.length / 2);
    const cb = Math.ceil(control.length / 4);
    // Siti (Bandung, consenting, no purchase in the window) is a target too; Dewi has no consent.
    const sitiControl = inControlGroup(campaign.id, s.siti, 40);
    expect(r.treated).toMatchObject({ customers: treated.length + (sitiControl ? 0 : 1), buyers: tb, revenue: tb * 100_000 });
    expect(r.control).toMatchObject({ customers: control.length + (sitiControl ? 1 : 0), buyers: cb, revenue: cb * 100_000 });
    expect(r.lift).toEqual(liftOf(r.treated.buyers, r.treated.customers, r.control.buyers, r.control.customers));
    expect(r.lift!.low).toBeLessThan(r.lift!.difference);
    expect(r.lift!.high).toBeGreaterThan(r.lift!.difference);
  });

  it('Newcombe\'s interval matches the published example (56/70 vs 48/80: 0.0524 to 0.3339)', () => {
    const lift = liftOf(56, 70, 48, 80)!;
    expect(lift.difference).toBeCloseTo(0.2, 10);
    expect(lift.low).toBeCloseTo(0.0524, 4);
    expect(lift.high).toBeCloseTo(0.3339, 4);
    expect(wilson(0, 10)[0]).toBe(0);
    expect(liftOf(1, 10, 0, 0)).toBeNull();
  });

  it('exports CSV, XLSX and PDF through the report writers; LibreOffice opens the XLSX, pdftotext reads the PDF', async () => {
    const s = launched();
    recordCampaignContact(s.store, null, { targetId: targetId(s.campaign.id, s.siti), outcome: 'responded' });
    const dir = mkdtempSync(path.join(tmpdir(), 'akrab-campaign-'));
    const csv = await exportCampaignResults(s.store, s.campaign.id, { format: 'csv', file: path.join(dir, 'hasil.csv'), delimiter: ',' });
    expect(csv.rows).toBe(3);
    const parsed = Papa.parse<string[]>(readFileSync(csv.file, 'utf8').replace(/^\uFEFF/, '')).data;
    expect(parsed.some((row) => row[0] === 'JKT01' && row[1] === '1' && row[2] === '1' && row[4] === '1')).toBe(true);

    const xlsx = await exportCampaignResults(s.store, s.campaign.id, { format: 'xlsx', file: path.join(dir, 'hasil.xlsx'), language: 'en' });
    execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', dir, xlsx.file], {
      stdio: 'ignore',
      timeout: 120_000,
    });
    const sheets = readFileSync(path.join(dir, 'hasil-By outlet.csv'), 'utf8');
    expect(sheets).toMatch(/Outlet,Targets,Contacted,Reached,Responded/);
    expect(sheets).toMatch(/JKT01,1,1,1,1,0/);

    const pdf = await exportCampaignResults(s.store, s.campaign.id, { format: 'pdf', file: path.join(dir, 'hasil.pdf') });
    const text = execFileSync('pdftotext', ['-layout', pdf.file, '-'], { encoding: 'utf8' });
    expect(text).toContain('Hasil kampanye: Servis AC');
    expect(text).toMatch(/Newcombe/);
    expect(text).toMatch(/JKT01\s+1\s+1\s+1\s+1/);
  }, 180_000);

  it("the results screen's export buttons write CSV, XLSX and PDF into exports/ in the background; LibreOffice and pdftoppm open them", async () => {
    const s = launched();
    recordCampaignContact(s.store, null, { targetId: targetId(s.campaign.id, s.siti), outcome: 'responded' });
    const finished = async (format: 'csv' | 'xlsx' | 'pdf') => {
      let status = startCampaignExport(s.store, { campaignId: s.campaign.id, format, language: 'id', csvDialect: 'id' });
      while (status.state === 'running') {
        await new Promise((r) => setTimeout(r, 50));
        status = exportStatus(s.store, status.id);
      }
      expect(status).toMatchObject({ state: 'done', rows: 3 });
      expect(path.dirname(status.path)).toBe(exportsDir(s.store));
      return status.path;
    };
    const dir = mkdtempSync(path.join(tmpdir(), 'akrab-campaign-'));
    const csv = Papa.parse<string[]>(readFileSync(await finished('csv'), 'utf8').replace(/^\uFEFF/, ''), { delimiter: ';' }).data;
    expect(csv.some((row) => row[0] === 'JKT01' && row[1] === '1' && row[4] === '1')).toBe(true);

    const xlsx = await finished('xlsx');
    execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', dir, xlsx], {
      stdio: 'ignore',
      timeout: 120_000,
    });
    const sheet = readFileSync(path.join(dir, `${path.basename(xlsx, '.xlsx')}-Per outlet.csv`), 'utf8');
    expect(sheet).toMatch(/JKT01,1,1,1,1,0/);

    const pdf = await finished('pdf');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdf, path.join(dir, 'page')], { timeout: 60_000 });
    const png = readdirSync(dir).find((f) => f.startsWith('page') && f.endsWith('.png'));
    expect(png).toBeDefined();
    expect(statSync(path.join(dir, png!)).size).toBeGreaterThan(5_000);
    expect(akrabErrorOf(() => startCampaignExport(s.store, { campaignId: 'NOSUCHCAMPAIGN000000000001', format: 'csv', language: 'id', csvDialect: 'id' }))).toMatchObject({
      code: 'not_found',
    });
  }, 180_000);
});
