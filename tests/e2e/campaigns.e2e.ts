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
import { assert, E2E_MANAGER, openApp, screenshotDir } from './support';

const T = 15_000;
const CITY = 'Kota Kampanye';

async function shot(page: Page, name: string) {
  await page.evaluate(() => document.fonts?.ready);
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

/** Segments and campaigns (issue 18): build a segment, launch a WhatsApp campaign, work it on "my day", read the result. */
export const tests: E2eTest[] = [
  {
    name: 'campaigns: manager builds a segment (count changes), launches a WhatsApp campaign, a clerk contacts the target from my day, the manager sees the result',
    async run({ browser, harness, store }) {
      const ayu = registerCustomer(store, aCustomer().named('Ayu Kampanye Lestari').withGender('F').withPhone('0813-7777-1801').withCard('CAMP000001').livingAt('Jl. Promo 1', CITY).build());
      // Ayu spent enough this year for the Gold tier (the daily tier pass has run).
      addPurchase(store, { customerId: ayu.id, purchasedAt: store.now().toISOString(), amount: 12_000_000, mainProduct: 'Kulkas' });
      if (!tiersOn(store, store.now().toISOString().slice(0, 10)))
        setTiers(store, { staffId: 'e2e', name: 'E2E', role: 'manager', outletId: null }, {
          validFrom: store.now().toISOString().slice(0, 10),
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
        const count = page.locator('.segment-count');
        await count.filter({ hasText: '2 pelanggan cocok' }).waitFor({ timeout: T });
        await page.getByRole('button', { name: 'Tambah kondisi' }).click();
        await page.getByLabel('Kolom 2', { exact: true }).selectOption('gender');
        await page.getByLabel('Nilai 2', { exact: true }).selectOption('F');
        await count.filter({ hasText: '1 pelanggan cocok' }).waitFor({ timeout: T });
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

        await page.getByLabel('Nama kampanye').fill('Promo WA Desember');
        await page.getByLabel('Segmen', { exact: true }).selectOption('Kota Kampanye, perempuan');
        await page.getByLabel('Grup kontrol (%)').fill('0');
        await page.getByRole('button', { name: 'Buat kampanye' }).click();
        await page.getByRole('button', { name: 'Luncurkan: Promo WA Desember' }).click();
        await page.getByRole('status').filter({ hasText: '1 target ditambahkan (0 grup kontrol)' }).waitFor({ timeout: T });
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
        assert((await panel.getByText('Ayu Kampanye Lestari', { exact: true }).count()) === 0, 'the answered target leaves my day');
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
            await page.locator('.segment-count').filter({ hasText: '1 customers match' }).waitFor({ timeout: T });
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
