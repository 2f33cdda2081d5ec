import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Store } from '../../electron/core/store/store';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { aCustomer } from '../support/builders';
import { openComplaint } from '../../electron/core/care/complaints/complaints';
import { createFollowUp, outletToday } from '../../electron/core/care/followUps/followUps';
import type { E2eTest } from './booth.e2e';
import { assert, openApp, screenshotDir } from './support';

const T = 10_000;
const NAME = 'Kadek Sari Dewi';

async function shot(page: Page, name: string) {
  await page.evaluate(() => document.fonts?.ready);
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

/**
 * A customer with a follow-up due today and a complaint opened a week ago (past its due times, so "my day"
 * shows it as overdue). The store's clock is turned back for that one write only.
 */
function seedCareCustomer(store: Store): string {
  const c = registerCustomer(store, aCustomer().named(NAME).withPhone('0813-5555-2468').withCard('CARE000001').withPurchase('INV-CARE-1', 4_500_000, 'Kulkas 2 pintu').build());
  createFollowUp(store, { customerId: c.id, reason: 'Tanya kepuasan kulkas baru', dueDate: outletToday(store, store.outletId!) });
  const clock = store as { now: () => Date };
  const real = clock.now;
  clock.now = () => new Date(real().getTime() - 7 * 86_400_000);
  try {
    openComplaint(store, { customerId: c.id, category: 'delivery', severity: 'high', description: 'Pengiriman terlambat tiga hari' });
  } finally {
    clock.now = real;
  }
  return c.id;
}

async function openCustomer(page: Page) {
  await page.keyboard.press('Escape');
  // A scanned card + Enter opens the customer directly (the seeded store may hold other people of the same name).
  await page.keyboard.type('CARE000001', { delay: 3 });
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: NAME }).waitFor({ timeout: T });
}

/** Customer care (issue 9): contact, complaint lifecycle, the timeline and "my day", in both languages. */
export const tests: E2eTest[] = [
  {
    name: 'care: log a call, open a complaint, see it on the timeline and my day, resolve and close it with a score',
    async run({ browser, harness, store }) {
      seedCareCustomer(store);
      const { context, page, cspErrors } = await openApp(browser, harness);
      try {
        // My day on the home screen, the search box keeping its focus.
        const myDay = page.getByRole('region', { name: /Hari ini/ });
        await myDay.getByText('Tanya kepuasan kulkas baru').waitFor({ timeout: T });
        await myDay.getByText(/Pengiriman/).first().waitFor({ timeout: T });
        assert(await page.getByRole('combobox', { name: /cari/i }).evaluate((el) => el === document.activeElement), 'my day does not steal the focus');
        await shot(page, 'care-myday-id');

        await openCustomer(page);
        // Log a call: channel and outcome by keyboard, a note, Enter.
        const form = page.getByRole('form', { name: 'Catat kontak' });
        await page.keyboard.press('F4');
        assert(await form.getByRole('combobox', { name: 'Saluran' }).evaluate((el) => el === document.activeElement), 'F4 focuses the contact form');
        await form.getByRole('combobox', { name: 'Saluran' }).selectOption('phone');
        await form.getByRole('combobox', { name: 'Hasil' }).selectOption('reached');
        await form.getByRole('textbox', { name: 'Catatan' }).fill('Kulkas sudah dingin, pelanggan puas');
        await form.getByRole('textbox', { name: 'Catatan' }).press('Enter');
        const timeline = page.getByRole('list', { name: 'Riwayat', exact: true });
        await timeline.getByText(/Kulkas sudah dingin/).waitFor({ timeout: T });

        // Open a complaint.
        await page.getByRole('button', { name: 'Keluhan baru' }).click();
        const complaintForm = page.getByRole('form', { name: 'Keluhan baru' });
        await complaintForm.getByRole('combobox', { name: 'Kategori' }).selectOption('installation');
        await complaintForm.getByRole('textbox', { name: /^Uraian keluhan/ }).fill('Pintu kulkas tidak rapat setelah dipasang');
        await complaintForm.getByRole('textbox', { name: /^No\. faktur/ }).fill('INV-CARE-1');
        await complaintForm.getByRole('textbox', { name: /^Janji tindakan/ }).fill('Teknisi datang menyetel engsel');
        await shot(page, 'care-complaint-form-id');
        await complaintForm.getByRole('button', { name: 'Simpan keluhan' }).click();
        const detail = page.getByRole('region', { name: /^Keluhan: Pemasangan/ });
        await detail.getByTestId('complaint-status').filter({ hasText: 'Terbuka' }).waitFor({ timeout: T });
        await timeline.getByText(/Pintu kulkas tidak rapat/).waitFor({ timeout: T });
        await page.getByTestId('open-complaints').filter({ hasText: '2' }).waitFor({ timeout: T });
        await timeline.scrollIntoViewIfNeeded();
        await shot(page, 'care-timeline-id');

        // Resolve it, then close it with a satisfaction score.
        await detail.getByRole('button', { name: 'Tandai selesai' }).click();
        await detail.getByTestId('complaint-status').filter({ hasText: 'Selesai' }).waitFor({ timeout: T });
        await detail.getByRole('combobox', { name: /Kepuasan/ }).selectOption('4');
        await detail.getByRole('button', { name: 'Tutup keluhan' }).click();
        await detail.getByTestId('complaint-status').filter({ hasText: 'Ditutup' }).waitFor({ timeout: T });
        await detail.getByTestId('complaint-satisfaction').filter({ hasText: '4 / 5' }).waitFor({ timeout: T });
        await page.getByTestId('open-complaints').filter({ hasText: '1' }).waitFor({ timeout: T });

        // Back home: the customer's overdue complaint is still on my day, and opens the customer.
        await page.keyboard.press('Escape');
        await page.getByRole('combobox', { name: /cari/i }).waitFor({ timeout: T });
        // The search box still holds the last name (selected); Esc clears it and my day comes back.
        await page.keyboard.press('Escape');
        await page.getByRole('region', { name: /Hari ini/ }).getByRole('button', { name: new RegExp(NAME) }).first().click();
        await page.getByRole('heading', { level: 1, name: NAME }).waitFor({ timeout: T });
        assert(cspErrors.length === 0, `no CSP errors or page errors: ${cspErrors.join('; ')}`);
      } finally {
        await context.close();
      }

      // The same screens in English.
      const en = await openApp(browser, harness, { language: 'en' });
      try {
        await en.page.getByRole('region', { name: /My day/ }).getByText('Tanya kepuasan kulkas baru').waitFor({ timeout: T });
        await shot(en.page, 'care-myday-en');
        await openCustomer(en.page);
        await en.page.getByRole('list', { name: 'Timeline', exact: true }).getByText(/Pintu kulkas tidak rapat/).waitFor({ timeout: T });
        await en.page.getByRole('list', { name: 'Timeline', exact: true }).scrollIntoViewIfNeeded();
        await shot(en.page, 'care-timeline-en');
        await en.page.getByRole('button', { name: 'New complaint' }).click();
        const f = en.page.getByRole('form', { name: 'New complaint' });
        await f.getByRole('textbox', { name: /^Description/ }).fill('Remote control missing from the box');
        await f.getByRole('combobox', { name: 'Severity' }).selectOption('low');
        await shot(en.page, 'care-complaint-form-en');
      } finally {
        await en.context.close();
      }
    },
  },
];
