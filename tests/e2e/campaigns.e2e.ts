import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { recomputeTiers, setTiers } from '../../electron/core/loyalty';
import { tiersOn } from '../../electron/core/loyalty/tiers/programme';
import { aCustomer } from '../support/builders';
import type { E2eTest } from './booth.e2e';
import { createStaff, signIn } from '../../electron/core/auth/staffAccounts';
import { ensureOutlet, outletByCode, useOutlet } from '../../electron/core/outlets/outlets';
import { openStore, type Store } from '../../electron/core/store/store';
import { refusedChangeCount } from '../../electron/core/sync/revertRefused';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { saveEnrolment } from '../../electron/core/sync/syncState';
import { registerDeviceDirectly } from '../../server/storage/syncStorage';
import { ADMIN, firstAdmin, signedBy } from '../sync/support/authority';
import { inProcessServer } from '../sync/support/servers';
import type { RunningHarness } from '../../electron/web/harness';
import { assert, E2E_MANAGER, openApp, screenshotDir, serve, tempDataDir } from './support';
import { outletDay } from '../support/outletDay';

const T = 15_000;
const CITY = 'Kota Kampanye';

async function shot(page: Page, name: string) {
  await page.evaluate(() => document.fonts?.ready);
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

/** With a city in the first condition (two customers), adds "gender is female" and sees the count go to one. */
async function narrowToWomen(page: Page) {
  const count = page.locator('.segment-count');
  await count.filter({ hasText: '2 pelanggan cocok' }).waitFor({ timeout: T });
  await page.getByRole('button', { name: 'Tambah kondisi' }).click();
  await page.getByLabel('Kolom 2', { exact: true }).selectOption('gender');
  await page.getByLabel('Nilai 2', { exact: true }).selectOption('F');
  await count.filter({ hasText: '1 pelanggan cocok' }).waitFor({ timeout: T });
  return count;
}

/** Creates a WhatsApp campaign on a saved segment, without a control group, and launches it: one target. */
async function launchFromScreen(page: Page, campaign: string, segment: string) {
  await page.getByLabel('Nama kampanye').fill(campaign);
  await page.getByLabel('Segmen', { exact: true }).selectOption(segment);
  await page.getByLabel('Grup kontrol (%)').fill('0');
  await page.getByRole('button', { name: 'Buat kampanye' }).click();
  await page.getByRole('button', { name: `Luncurkan: ${campaign}` }).click();
  await page.getByRole('status').filter({ hasText: '1 target ditambahkan (0 grup kontrol)' }).waitFor({ timeout: T });
}

/** Segments and campaigns (issue 18): build a segment, launch a WhatsApp campaign, work it on "my day", read the result. */
export const tests: E2eTest[] = [
  {
    name: 'campaigns: manager builds a segment (count changes), launches a WhatsApp campaign, a clerk contacts the target from my day, the manager sees the result',
    async run({ browser, harness, store }) {
      const ayu = registerCustomer(store, aCustomer().named('Ayu Kampanye Lestari').withGender('F').withPhone('0813-7777-1801').withCard('CAMP000001').livingAt('Jl. Promo 1', CITY).build());
      // Ayu spent enough this year for the Gold tier (the daily tier pass has run).
      addPurchase(store, { customerId: ayu.id, purchasedAt: store.now().toISOString(), amount: 12_000_000, mainProduct: 'Kulkas' });
      if (!tiersOn(store, outletDay(store.now().getTime())))
        setTiers(store, { staffId: 'e2e', name: 'E2E', role: 'manager', outletId: null }, {
          validFrom: outletDay(store.now().getTime()),
          graceDays: 0,
          levels: [
            { code: 'silver', name: 'Silver', minSpend: 5_000_000, discountPercent: 2 },
            { code: 'gold', name: 'Gold', minSpend: 10_000_000, discountPercent: 5 },
          ],
        });
      recomputeTiers(store);
      registerCustomer(store, aCustomer().named('Bayu Kampanye Putra').withGender('M').withPhone('0813-7777-1802').withCard('CAMP000002').livingAt('Jl. Promo 2', CITY).build());

      const manager = await openApp(browser, harness, { staff: E2E_MANAGER, usePassword: true });
      try {
        const page = manager.page;
        await page.getByRole('button', { name: 'Kampanye', exact: true }).click();
        await page.getByRole('heading', { level: 1, name: 'Segmen dan kampanye' }).waitFor({ timeout: T });
        await page.getByLabel('Nilai 1', { exact: true }).fill(CITY);
        const count = await narrowToWomen(page);
        await page.getByRole('table', { name: 'Pratinjau pelanggan pertama' }).getByText('Ayu Kampanye Lestari').waitFor({ timeout: T });
        // The tier condition, offered by name: Ayu is Gold, so the count stays; "not Gold" leaves nobody.
        await page.getByRole('button', { name: 'Tambah kondisi' }).click();
        await page.getByLabel('Kolom 3', { exact: true }).selectOption({ label: 'Tingkat keanggotaan' });
        await page.getByLabel('Operator 3', { exact: true }).selectOption({ label: 'bukan' });
        await page.getByLabel('Nilai 3', { exact: true }).selectOption({ label: 'Gold' });
        await count.filter({ hasText: '0 pelanggan cocok' }).waitFor({ timeout: T });
        await page.getByLabel('Operator 3', { exact: true }).selectOption({ label: 'salah satu dari' });
        await count.filter({ hasText: '1 pelanggan cocok' }).waitFor({ timeout: T });
        await page.getByLabel('Nama segmen').fill('Kota Kampanye, perempuan');
        await page.getByRole('button', { name: 'Simpan segmen' }).click();
        await page.getByRole('status').filter({ hasText: 'Segmen "Kota Kampanye, perempuan" disimpan.' }).waitFor({ timeout: T });
        await shot(page, 'campaigns-builder-id');

        await launchFromScreen(page, 'Promo WA Desember', 'Kota Kampanye, perempuan');
      } finally {
        await manager.context.close();
      }

      // The clerk at the counter: the target is on the home screen's my day, with its WhatsApp link (English first, for the screenshot).
      const clerkEn = await openApp(browser, harness, { language: 'en' });
      try {
        await clerkEn.page.getByRole('region', { name: 'Campaign contacts' }).getByText('Ayu Kampanye Lestari', { exact: true }).waitFor({ timeout: T });
        await shot(clerkEn.page, 'campaigns-myday-en');
      } finally {
        await clerkEn.context.close();
      }
      const clerk = await openApp(browser, harness);
      try {
        const page = clerk.page;
        const panel = page.getByRole('region', { name: 'Kontak kampanye' });
        await panel.getByText('Ayu Kampanye Lestari', { exact: true }).waitFor({ timeout: T });
        const href = await panel.getByRole('link', { name: 'Buka WhatsApp' }).getAttribute('href');
        assert(href?.startsWith('https://wa.me/62813777718') && href.includes('text='), `a wa.me link with the message: ${href}`);
        await shot(page, 'campaigns-myday-id');
        await panel.getByLabel('Hasil: Ayu Kampanye Lestari').selectOption('responded');
        await panel.getByRole('status').filter({ hasText: 'Kontak kampanye dicatat: Ayu Kampanye Lestari.' }).waitFor({ timeout: T });
        // The list reloads after the status is shown: wait for the answered target to leave my day.
        await panel.getByText('Ayu Kampanye Lestari', { exact: true }).waitFor({ state: 'detached', timeout: T });
      } finally {
        await clerk.context.close();
      }

      for (const language of ['id', 'en'] as const) {
        const again = await openApp(browser, harness, { staff: E2E_MANAGER, usePassword: true, language });
        try {
          const page = again.page;
          await page.getByRole('button', { name: language === 'id' ? 'Kampanye' : 'Campaigns', exact: true }).click();
          await page.getByRole('button', { name: language === 'id' ? 'Lihat hasil: Promo WA Desember' : 'Show results: Promo WA Desember' }).click();
          const results = page.getByRole('region', { name: language === 'id' ? 'Hasil kampanye: Promo WA Desember' : 'Campaign results: Promo WA Desember' });
          await results.locator('tbody tr').first().waitFor({ timeout: T });
          const text = await results.innerText();
          assert(/BOOTH-MKG\s+1\s+1\s+1\s+1/.test(text), `the outlet row counts the target, the contact, the reach and the response: ${text}`);
          await results.locator('.recharts-bar-rectangle').first().waitFor({ timeout: T });
          // Export from the results screen: the browser downloads the finished file, LibreOffice opens it.
          const format = language === 'id' ? 'XLSX' : 'PDF';
          const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), results.getByRole('button', { name: format, exact: true }).click()]);
          await results.getByRole('status').filter({ hasText: language === 'id' ? /baris diekspor: campaign-.*\.xlsx/ : /rows exported: campaign-.*\.pdf/ }).waitFor({ timeout: 60_000 });
          const dir = mkdtempSync(path.join(tmpdir(), 'akrab-e2e-campaign-'));
          try {
            const file = path.join(dir, download.suggestedFilename());
            await download.saveAs(file);
            if (format === 'XLSX') {
              execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'csv', '--outdir', dir, file], { stdio: 'ignore', timeout: 120_000 });
              const csv = readFileSync(file.replace(/\.xlsx$/, '.csv'), 'utf8');
              assert(csv.includes('Ringkasan') || csv.length > 20, `LibreOffice opened the XLSX: ${csv.slice(0, 200)}`);
            } else {
              execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', file, path.join(screenshotDir, 'campaigns-results-pdf-en')], { timeout: 60_000 });
            }
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
          await results.scrollIntoViewIfNeeded();
          await shot(page, `campaigns-results-${language}`);
          if (language === 'en') {
            await page.getByRole('heading', { level: 1 }).scrollIntoViewIfNeeded();
            await page.getByLabel('Value 1', { exact: true }).fill(CITY);
            await page.locator('.segment-count').filter({ hasText: '2 customers match' }).waitFor({ timeout: T });
            await page.getByRole('button', { name: 'Add condition' }).click();
            await page.getByLabel('Field 2', { exact: true }).selectOption({ label: 'Membership tier' });
            await page.getByLabel('Value 2', { exact: true }).selectOption({ label: 'Gold' });
            await page.locator('.segment-count').filter({ hasText: '1 customer matches' }).waitFor({ timeout: T });
            await shot(page, 'campaigns-builder-en');
          }
          assert(again.cspErrors.length === 0, `no CSP errors: ${again.cspErrors.join('; ')}`);
        } finally {
          await again.context.close();
        }
      }
    },
  },
];

/**
 * The flow across two devices synced through the real server: the manager's PC at Jakarta builds and
 * launches; a clerk at the Bandung outlet, on another PC, works the target from "my day"; the manager sees it.
 */
tests.push({
  name: 'campaigns: a clerk at another outlet, on another PC, contacts the target after sync; the manager sees the result',
  async run({ browser }) {
    const server = await inProcessServer('pglite');
    const admin = await firstAdmin(server.database.db);
    const stores: Store[] = [];
    const harnesses: RunningHarness[] = [];
    const device = async (outlet: string) => {
      const store = openStore(path.join(tempDataDir(), 'akrab.sqlite'));
      stores.push(store);
      const token = await registerDeviceDirectly(server.database.db, store.deviceId, outlet);
      saveEnrolment(store, server.url, token, outlet);
      const engine = new SyncEngine(store, { serverUrl: server.url });
      const sync = async () => {
        const round = await engine.syncOnce();
        assert(refusedChangeCount(store) === 0, `the server refused nothing from ${outlet}`);
        return round;
      };
      return { store, sync };
    };
    const MANAGER = { name: 'Bu Ratna (Manajer)', pin: '731946', password: 'manajer-jakarta-2026' };
    const CLERK = { name: 'Dimas (Bandung)', pin: '582047' };
    try {
      const hq = await device('JKT01');
      signedBy(hq.store, admin.staffId);
      await hq.sync();
      const jkt = ensureOutlet(hq.store, 'JKT01', { name: 'Toko Jakarta' });
      ensureOutlet(hq.store, 'BDG01', { name: 'Toko Bandung' });
      useOutlet(hq.store, jkt);
      const adminSession = signIn(hq.store, admin.staffId, { password: ADMIN.password });
      createStaff(hq.store, adminSession, { name: MANAGER.name, role: 'manager', outletCode: 'JKT01', pin: MANAGER.pin, password: MANAGER.password });
      createStaff(hq.store, adminSession, { name: CLERK.name, role: 'clerk', outletCode: 'BDG01', pin: CLERK.pin });
      const bdgId = outletByCode(hq.store, 'BDG01')!.id;
      registerCustomer(hq.store, aCustomer().named('Wulan Dua Outlet').withGender('F').withPhone('0813-7777-2901').withCard('DUAO000001').livingAt('Jl. Braga 9', 'Kota Dua Outlet').build(), { outletId: bdgId });
      registerCustomer(hq.store, aCustomer().named('Yoga Dua Outlet').withGender('M').withPhone('0813-7777-2902').withCard('DUAO000002').livingAt('Jl. Braga 10', 'Kota Dua Outlet').build(), { outletId: bdgId });
      hq.store.authority = null;
      await hq.sync();
      const bdg = await device('BDG01');
      await bdg.sync();
      useOutlet(bdg.store, outletByCode(bdg.store, 'BDG01')!);
      const hqHarness = await serve(hq.store);
      const bdgHarness = await serve(bdg.store);
      harnesses.push(hqHarness, bdgHarness);

      const manager = await openApp(browser, hqHarness, { staff: MANAGER, usePassword: true });
      try {
        const page = manager.page;
        await page.getByRole('button', { name: 'Kampanye', exact: true }).click();
        await page.getByLabel('Nilai 1', { exact: true }).fill('Kota Dua Outlet');
        await narrowToWomen(page);
        await page.getByLabel('Nama segmen').fill('Dua outlet, perempuan');
        await page.getByRole('button', { name: 'Simpan segmen' }).click();
        await page.getByRole('status').filter({ hasText: 'disimpan' }).waitFor({ timeout: T });
        await launchFromScreen(page, 'Promo Bandung', 'Dua outlet, perempuan');
      } finally {
        await manager.context.close();
      }
      await hq.sync();
      await bdg.sync();

      for (const language of ['en', 'id'] as const) {
        const clerk = await openApp(browser, bdgHarness, { staff: CLERK, language });
        try {
          const panel = clerk.page.getByRole('region', { name: language === 'id' ? 'Kontak kampanye' : 'Campaign contacts' });
          await panel.getByText('Wulan Dua Outlet', { exact: true }).waitFor({ timeout: T });
          await shot(clerk.page, `campaigns-other-outlet-myday-${language}`);
          if (language === 'id') {
            await panel.getByLabel('Hasil: Wulan Dua Outlet').selectOption('responded');
            await panel.getByRole('status').filter({ hasText: 'Kontak kampanye dicatat: Wulan Dua Outlet.' }).waitFor({ timeout: T });
          }
        } finally {
          await clerk.context.close();
        }
      }
      await bdg.sync();
      await hq.sync();

      const again = await openApp(browser, hqHarness, { staff: MANAGER, usePassword: true });
      try {
        const page = again.page;
        await page.getByRole('button', { name: 'Kampanye', exact: true }).click();
        await page.getByRole('button', { name: 'Lihat hasil: Promo Bandung' }).click();
        const results = page.getByRole('region', { name: 'Hasil kampanye: Promo Bandung' });
        await results.locator('tbody tr').first().waitFor({ timeout: T });
        const text = await results.innerText();
        assert(/BDG01\s+1\s+1\s+1\s+1/.test(text), `Bandung's row counts the target, the contact, the reach and the response: ${text}`);
        assert(text.includes(CLERK.name), `the contact is credited to the Bandung clerk: ${text}`);
        await results.scrollIntoViewIfNeeded();
        await shot(page, 'campaigns-other-outlet-results-id');
      } finally {
        await again.context.close();
      }
    } finally {
      for (const h of harnesses) await h.close();
      for (const s of stores) s.sqlite.close();
      await server.close();
    }
  },
});
