import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Store } from '../../electron/core/store/store';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { aCustomer } from '../support/builders';
import { openComplaint } from '../../electron/core/care/complaints/complaints';
import { createFollowUp, outletToday } from '../../electron/core/care/followUps/followUps';
import { followUpRules, listClosedDays } from '../../electron/core/care/settings/careSettings';
import type { E2eTest } from './booth.e2e';
import { assert, axeCheck, E2E_MANAGER, openApp, screenshotDir, type AxeViolation } from './support';

const T = 10_000;
const NAME = 'Kadek Sari Dewi';

async function shot(page: Page, name: string) {
  await page.evaluate(() => document.fonts?.ready);
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

/** Serious or critical axe findings, one line each. */
function seriousAxe(where: string, violations: AxeViolation[]): string[] {
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: [${v.impact}] ${v.id} — ${v.help} @ ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

/**
 * A customer with two follow-ups due today and a complaint opened a week ago (past its due times, so "my day"
 * shows it as overdue), and another customer with a fresh complaint still awaiting a first response. The
 * store's clock is turned back for the old complaint's write only.
 */
function seedCareCustomer(store: Store): string {
  const c = registerCustomer(store, aCustomer().named(NAME).withPhone('0813-5555-2468').withCard('CARE000001').withPurchase('INV-CARE-1', 4_500_000, 'Kulkas 2 pintu').build());
  createFollowUp(store, { customerId: c.id, reason: 'Tanya kepuasan kulkas baru', dueDate: outletToday(store, store.outletId!) });
  createFollowUp(store, { customerId: c.id, reason: 'Konfirmasi jadwal pemasangan', dueDate: outletToday(store, store.outletId!) });
  const putu = registerCustomer(store, aCustomer().named('Putu Ayu Lestari').withPhone('0813-5555-1357').withCard('CARE000002').build());
  openComplaint(store, { customerId: putu.id, category: 'service', severity: 'normal', description: 'Antrean kasir terlalu lama' });
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
        // Overdue complaints first and highlighted, then the fresh one still awaiting a first response.
        const complaints = myDay.getByRole('list', { name: /Keluhan perlu ditangani/ });
        await complaints.getByRole('listitem').first().filter({ hasText: /Lewat tenggat/ }).waitFor({ timeout: T });
        await complaints.getByRole('listitem').filter({ hasText: /Menunggu respons.*Putu Ayu Lestari/ }).waitFor({ timeout: T });

        // A follow-up closed right on the home screen: done, with a note on how it went (keyboard: Enter saves).
        await myDay.getByRole('button', { name: 'Selesai: Konfirmasi jadwal pemasangan' }).click();
        await myDay.getByRole('textbox', { name: 'Catatan hasil (opsional)' }).fill('Pemasangan Sabtu pagi');
        await page.keyboard.press('Enter');
        await myDay.getByRole('list', { name: /Selesai hari ini/ }).getByText(/Konfirmasi jadwal pemasangan/).waitFor({ timeout: T });
        await myDay.getByRole('status').filter({ hasText: `Tindak lanjut selesai: ${NAME}.` }).waitFor({ timeout: T });
        const outcome = store.sqlite
          .prepare(`SELECT o.status, o.note FROM follow_up_outcomes o JOIN follow_ups f ON f.id = o.id WHERE f.reason = 'Konfirmasi jadwal pemasangan'`)
          .get() as { status: string; note: string } | undefined;
        assert(outcome?.status === 'done' && outcome.note === 'Pemasangan Sabtu pagi', `the follow-up is done with its note: ${JSON.stringify(outcome)}`);
        assert((await myDay.getByRole('list', { name: /Jatuh tempo hari ini/ }).getByRole('listitem').count()) === 1, 'one follow-up left due today');
        await shot(page, 'care-myday-id');

        await page.getByRole('combobox', { name: /cari/i }).focus();
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

        // A follow-up from the customer page: a reason typed, due tomorrow for me by default, Enter saves.
        const followUps = page.getByRole('region', { name: 'Tindak lanjut', exact: true });
        await followUps.getByRole('button', { name: 'Tindak lanjut baru' }).click();
        await page.keyboard.type('Tawarkan servis berkala');
        await page.keyboard.press('Enter');
        await followUps.getByRole('list').getByText(/Tawarkan servis berkala/).waitFor({ timeout: T });
        const created = store.sqlite.prepare(`SELECT owner, due_date FROM follow_ups WHERE reason = 'Tawarkan servis berkala'`).get() as
          | { owner: string | null; due_date: string }
          | undefined;
        assert(created?.owner === 'Rina (SPG)' && created.due_date > outletToday(store, store.outletId!), `a follow-up for me, due after today: ${JSON.stringify(created)}`);

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
      const en = await openApp(browser, harness, { language: 'en', bypassCSP: true });
      try {
        const enDay = en.page.getByRole('region', { name: /My day/ });
        await enDay.getByText('Tanya kepuasan kulkas baru').waitFor({ timeout: T });
        await enDay.getByRole('list', { name: /Done today/ }).getByText(/Konfirmasi jadwal pemasangan/).waitFor({ timeout: T });
        // The inline "done" form, open with a note typed, for the screenshot; Esc backs out without saving.
        await enDay.getByRole('button', { name: 'Done: Tanya kepuasan kulkas baru' }).click();
        await enDay.getByRole('textbox', { name: 'Outcome note (optional)' }).fill('Customer happy with the fridge');
        await shot(en.page, 'care-myday-en');
        const problems = seriousAxe('my day/en', await axeCheck(en.page));
        assert(problems.length === 0, `axe found serious violations:\n  ${problems.join('\n  ')}`);
        await en.page.keyboard.press('Escape');
        await enDay.getByRole('textbox', { name: 'Outcome note (optional)' }).waitFor({ state: 'detached', timeout: T });
        await en.page.getByRole('combobox', { name: /search/i }).focus();
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
  {
    name: 'care settings: a manager changes a follow-up rule and adds a closed day, in both languages',
    async run({ browser, harness, store }) {
      const outletId = store.outletId!;
      const problems: string[] = [];
      const { context, page, cspErrors } = await openApp(browser, harness, { staff: E2E_MANAGER, usePassword: true, bypassCSP: true });
      try {
        await page.getByRole('button', { name: 'Pengaturan', exact: true }).click();
        await page.getByRole('button', { name: 'Pengaturan layanan', exact: true }).click();
        await page.getByRole('heading', { level: 1, name: 'Pengaturan layanan pelanggan' }).waitFor({ timeout: T });
        const sections = page.getByRole('navigation', { name: 'Bagian pengaturan' });
        await page.getByRole('textbox', { name: /^Sapaan/ }).waitFor({ timeout: T });
        problems.push(...seriousAxe('care settings: templates/id', await axeCheck(page)));

        await sections.getByRole('button', { name: 'Aturan tindak lanjut' }).click();
        const form = page.getByRole('form', { name: 'Aturan tindak lanjut' });
        const daysAhead = form.getByRole('group', { name: 'Ucapan ulang tahun' }).getByRole('spinbutton', { name: 'Berapa hari sebelumnya' });
        await daysAhead.fill('14');
        await daysAhead.press('Enter'); // Enter in a field saves the form
        await form.getByTestId('settings-rules-status').filter({ hasText: 'Tersimpan.' }).waitFor({ timeout: T });
        assert(followUpRules(store, outletId).birthday.daysAhead === 14, 'the rule change reached the core');
        await shot(page, 'care-settings-id');
        problems.push(...seriousAxe('care settings: rules/id', await axeCheck(page)));

        // A closed day: the date, then the name typed and Enter to add it.
        await sections.getByRole('button', { name: 'Hari libur' }).click();
        const holidays = page.getByRole('region', { name: 'Hari libur' });
        const addForm = holidays.getByRole('form', { name: 'Tambah hari libur' });
        await addForm.getByLabel('Tanggal').fill('2026-12-25');
        await addForm.getByRole('textbox', { name: 'Nama' }).focus();
        await page.keyboard.type('Hari Raya Natal');
        await page.keyboard.press('Enter');
        await holidays.getByRole('row', { name: /Hari Raya Natal/ }).waitFor({ timeout: T });
        assert(
          listClosedDays(store, outletId).some((d) => d.date === '2026-12-25' && d.name === 'Hari Raya Natal'),
          'the closed day reached the core',
        );
        problems.push(...seriousAxe('care settings: holidays/id', await axeCheck(page)));
        assert(cspErrors.filter((e) => e.startsWith('pageerror')).length === 0, `no page errors: ${cspErrors.join('; ')}`);
      } finally {
        await context.close();
      }

      const en = await openApp(browser, harness, { staff: E2E_MANAGER, usePassword: true, language: 'en', bypassCSP: true });
      try {
        await en.page.getByRole('button', { name: 'Settings', exact: true }).click();
        await en.page.getByRole('button', { name: 'Care settings', exact: true }).click();
        await en.page.getByRole('navigation', { name: 'Settings sections' }).getByRole('button', { name: 'Follow-up rules' }).click();
        const form = en.page.getByRole('form', { name: 'Follow-up rules' });
        const daysAhead = form.getByRole('group', { name: 'Birthday greetings' }).getByRole('spinbutton', { name: 'Days ahead' });
        await daysAhead.waitFor({ timeout: T });
        assert((await daysAhead.inputValue()) === '14', 'the saved rule shows in English too');
        await shot(en.page, 'care-settings-en');
        problems.push(...seriousAxe('care settings: rules/en', await axeCheck(en.page)));
      } finally {
        await en.context.close();
      }
      assert(problems.length === 0, `axe found serious violations:\n  ${problems.join('\n  ')}`);
    },
  },
];
