import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { reportNames, type ReportName } from '../../shared/reports';
import { exportReport } from '../../electron/core/reports/exportReport';
import { seedLoyalCustomer } from './loyalty.e2e';
import type { E2eTest } from './booth.e2e';
import { assert, E2E_MANAGER, openApp, screenshotDir } from './support';

const T = 15_000;

async function shot(page: Page, name: string) {
  await page.evaluate(() => document.fonts?.ready);
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: false });
}

const titles: Record<ReportName, string> = {
  registrations: 'Pendaftaran pelanggan',
  rfm: 'Segmentasi RFM',
  neglected: 'Pelanggan terabaikan',
  cleanup: 'Dampak pembersihan data',
  'top-customers': 'Pelanggan teratas & bauran produk',
  pipeline: 'Calon penjualan, perkiraan & tawaran',
  loyalty: 'Poin & tingkat member',
};

/** Reports (issue 6): each screen with its chart and table in Chromium, an export from the screen, and a PDF page as PNG. */
export const tests: E2eTest[] = [
  {
    name: 'reports: every report shows a chart and a table, exports from the screen, PDF page rendered',
    async run({ browser, harness, store }) {
      // Reports are the managers', and their calls need a session opened with the password.
      // The loyalty report needs a programme and points (the same customer the loyalty tests use).
      seedLoyalCustomer(store);
      const { context, page, cspErrors } = await openApp(browser, harness, { staff: E2E_MANAGER, usePassword: true });
      try {
        await page.getByRole('button', { name: 'Laporan' }).click();
        await page.getByRole('heading', { level: 1, name: 'Laporan' }).waitFor({ timeout: T });
        for (const name of reportNames) {
          const label = {
            registrations: 'Pendaftaran',
            rfm: 'Segmentasi RFM',
            neglected: 'Pelanggan terabaikan',
            cleanup: 'Dampak pembersihan',
            'top-customers': 'Pelanggan teratas',
            pipeline: 'Calon penjualan',
            loyalty: 'Poin & tingkat',
          }[name];
          await page.getByRole('tab', { name: label, exact: true }).click();
          await page.getByRole('heading', { level: 2, name: titles[name] }).waitFor({ timeout: T });
          await page.locator('.report-table tbody tr').first().waitFor({ timeout: T });
          if (name !== 'neglected') await page.locator('.report-chart .recharts-bar-rectangle').first().waitFor({ timeout: T });
          const body = await page.locator('.reports').innerText();
          assert(
            /Rp\s?\d{1,3}(\.\d{3})+/.test(body) || name === 'registrations' || name === 'cleanup',
            `${name}: rupiah written the Indonesian way`,
          );
          if (name === 'rfm' || name === 'neglected')
            assert(!/\+62\d{6}/.test(body) && /08\d\d-••••-\d{4}/.test(body), `${name}: phones masked on screen`);
          await shot(page, `reports-${name}`);
        }

        // Drill down from a segment row into its customers.
        await page.getByRole('tab', { name: 'Segmentasi RFM', exact: true }).click();
        await page.getByRole('heading', { level: 2, name: titles.rfm }).waitFor({ timeout: T });
        await page.locator('.report-table .link-button').first().click();
        await page.locator('.report-table-wrap[aria-label^="Daftar pelanggan — "]').waitFor({ timeout: T });

        // Export from the screen: the browser downloads the finished file.
        const [xlsx] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: 'XLSX' }).click()]);
        await page
          .getByRole('status')
          .filter({ hasText: /baris diekspor: .*\.xlsx diunduh/ })
          .waitFor({ timeout: 60_000 });
        assert(xlsx.suggestedFilename().endsWith('.xlsx'), `an XLSX downloaded: ${xlsx.suggestedFilename()}`);
        const xlsxFile = path.join(tmpdir(), `akrab-e2e-${xlsx.suggestedFilename()}`);
        await xlsx.saveAs(xlsxFile);
        assert(statSync(xlsxFile).size > 0, 'the downloaded XLSX has content');
        rmSync(xlsxFile);
        assert(cspErrors.length === 0, `no CSP errors: ${cspErrors.join('; ')}`);
      } finally {
        await context.close();
      }

      // A PDF page as the manager prints it, rendered to PNG with poppler.
      const dir = mkdtempSync(path.join(tmpdir(), 'akrab-pdf-'));
      try {
        const file = path.join(dir, 'rfm.pdf');
        await exportReport(store, 'rfm', {}, { format: 'pdf', file });
        execFileSync('pdftoppm', [
          '-png',
          '-r',
          '80',
          '-f',
          '1',
          '-l',
          '1',
          '-singlefile',
          file,
          path.join(screenshotDir, 'reports-pdf-rfm'),
        ]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'reports: a long period charts the whole year, date fields filled, whole-number axis, export downloads (id, en)',
    async run({ browser, harness }) {
      for (const language of ['id', 'en'] as const) {
        const { context, page } = await openApp(browser, harness, { staff: E2E_MANAGER, usePassword: true, language });
        try {
          await page.getByRole('button', { name: language === 'id' ? 'Laporan' : 'Reports' }).click();
          await page.locator('.report-table tbody tr').first().waitFor({ timeout: T });
          const from = page.locator('input[name="from"]');
          assert((await from.inputValue()) !== '', 'the period shows in the date fields');
          // Day first in either language (DD/MM/YYYY), whatever the browser's locale.
          const to = await page.locator('input[name="to"]').inputValue();
          assert(/^\d{2}\/\d{2}\/\d{4}$/.test(to), `the date field shows the day first: ${to}`);
          const [day, month, year] = to.split('/');
          const start = new Date(Date.parse(`${year}-${month}-${day}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10);
          await from.fill(`${start.slice(8, 10)}/${start.slice(5, 7)}/${start.slice(0, 4)}`);
          await page.getByRole('button', { name: language === 'id' ? 'Tampilkan' : 'Show' }).click();
          const caption = page.locator('.report-chart figcaption', { hasText: language === 'id' ? /per (minggu|bulan)/ : /by (week|month)/ }).first();
          await caption.waitFor({ timeout: T });
          const captionText = await caption.innerText();
          assert(!/per hari|per day/.test(captionText), `a weekly or monthly chart does not call itself daily: ${captionText}`);
          // Recharts 3 draws tick labels in a layer of their own (not inside the axis group), once the container
          // has been measured, a frame after the caption.
          const yTicks = page.locator('.report-chart').first().locator('.recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value');
          await yTicks.first().waitFor({ timeout: T });
          const ticks = await yTicks.allTextContents();
          assert(ticks.length > 0 && ticks.every((t) => /^[\d.]+$/.test(t.trim())), `whole-number ticks: ${ticks.join(' ')}`);
          await shot(page, `reports-long-period-${language}`);
          const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: 'CSV' }).click()]);
          const saved = path.join(tmpdir(), `akrab-e2e-${language}-${download.suggestedFilename()}`);
          await download.saveAs(saved);
          assert(statSync(saved).size > 0, 'the downloaded CSV has content');
          rmSync(saved);
          assert(/^registrations-.*\.csv$/.test(download.suggestedFilename()), 'a CSV downloaded');
        } finally {
          await context.close();
        }
      }
    },
  },
];
