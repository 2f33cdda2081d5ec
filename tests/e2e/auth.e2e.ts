import path from 'node:path';
import type { Page } from 'playwright-core';
import type { E2eTest } from './booth.e2e';
import { assert, axeCheck, E2E_BOOTH, E2E_CLERK, E2E_MANAGER, openApp, screenshotDir, signInAs, type E2eStaff } from './support';

const T = 10_000;

async function shot(page: Page, name: string) {
  await page.evaluate(() => document.fonts?.ready);
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

/** Staff accounts, roles and the audit trail (issue 7) in Chromium, against the real core over the web harness. */
export const tests: E2eTest[] = [
  {
    name: 'sign-in: roles decide the screens, quick switch from the status bar, the manager confirms the password and filters the audit trail',
    async run({ browser, harness, store }) {
      const problems: string[] = [];
      for (const language of ['id', 'en'] as const) {
        const { context, page } = await openApp(browser, harness, { language, staff: null, bypassCSP: true });
        try {
          await page.getByRole('radio', { name: new RegExp(`^${E2E_MANAGER.name}`) }).waitFor({ timeout: T });
          assert(!(await page.locator('body').innerText()).includes(E2E_MANAGER.pin), 'a real store never shows PINs');
          await shot(page, `sign-in-${language}`);
          for (const v of await axeCheck(page)) if (v.impact === 'serious' || v.impact === 'critical') problems.push(`sign-in/${language}: ${v.id} — ${v.help}`);
        } finally {
          await context.close();
        }
      }

      const { context, page, cspErrors } = await openApp(browser, harness, { staff: E2E_BOOTH });
      try {
        // Booth staff: register and look up, nothing of the managers'.
        const nav = page.getByRole('navigation');
        assert((await nav.getByRole('button', { name: 'Laporan' }).count()) === 0, 'booth staff do not see reports');
        assert((await nav.getByRole('button', { name: 'Jejak audit' }).count()) === 0, 'booth staff do not see the audit trail');

        // Quick switch from the status bar: the SPG takes over the counter.
        await page.getByRole('button', { name: 'Ganti pengguna' }).click();
        await signInAs(page, E2E_CLERK);
        await page.locator('footer.statusbar').filter({ hasText: E2E_CLERK.name }).waitFor({ timeout: T });

        // Lock, then the manager signs in with the PIN: manager screens ask for the password first.
        await page.getByRole('button', { name: 'Kunci' }).click();
        await signInAs(page, E2E_MANAGER);
        await nav.getByRole('button', { name: 'Pengaturan', exact: true }).click();
        await nav.getByRole('button', { name: 'Jejak audit' }).click();
        await page.getByRole('heading', { name: 'Konfirmasi kata sandi' }).waitFor({ timeout: T });
        await page.keyboard.type(E2E_MANAGER.password!);
        await page.keyboard.press('Enter');
        await page.getByRole('heading', { level: 1, name: 'Jejak audit' }).waitFor({ timeout: T });
        await page.getByLabel('Tindakan').selectOption({ label: 'Masuk' });
        await page.getByRole('button', { name: 'Terapkan' }).click();
        await page.locator('.audit-log tbody tr').first().waitFor({ timeout: T });
        const body = await page.locator('.audit-log tbody').innerText();
        for (const name of [E2E_BOOTH.name, E2E_CLERK.name, E2E_MANAGER.name]) assert(body.includes(name), `the audit trail shows ${name} signing in: ${body.slice(0, 300)}`);

        // The manager opens and edits a customer; the trail names them and their card, found by the card number.
        const customer = store.sqlite
          .prepare(`SELECT c.id, c.full_name AS name, k.card_no AS card FROM customers c JOIN cards k ON k.customer_id = c.id ORDER BY c.rowid LIMIT 1`)
          .get() as { id: string; name: string; card: string };
        const call = (name: string, input: unknown) =>
          fetch(`${harness.url}/api/call/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-akrab-token': harness.token }, body: JSON.stringify(input) });
        await call('customers.get', { customerId: customer.id });
        await call('customers.update', { customerId: customer.id, patch: { city: 'Cimahi' } });
        await page.getByLabel('Tindakan').selectOption({ label: 'Semua' });
        await page.getByLabel('Pelanggan (nama, no. kartu atau HP)').fill(customer.card);
        await page.getByRole('button', { name: 'Terapkan' }).click();
        await page.locator('.audit-log tbody tr', { hasText: 'Ubah data pelanggan' }).waitFor({ timeout: T });
        const trail = await page.locator('.audit-log tbody').innerText();
        assert(trail.includes(customer.name) && trail.includes(`kartu ${customer.card}`) && trail.includes('→ Cimahi'), `the trail names the customer, card and change: ${trail.slice(0, 300)}`);
        assert(!trail.includes(customer.id) && !trail.includes('{'), `no internal ids or JSON: ${trail.slice(0, 300)}`);
        await page.getByLabel('Pelanggan (nama, no. kartu atau HP)').fill('');
        await page.getByRole('button', { name: 'Terapkan' }).click();
        await page.locator('.audit-log tbody tr', { hasText: 'Masuk' }).first().waitFor({ timeout: T });
        await shot(page, 'audit-log-id');
        assert(cspErrors.length === 0, `no CSP errors: ${cspErrors.join('; ')}`);
      } finally {
        await context.close();
      }
      const en = await openApp(browser, harness, { language: 'en', staff: E2E_MANAGER, usePassword: true, bypassCSP: true });
      try {
        await en.page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
        await en.page.getByRole('navigation').getByRole('button', { name: 'Audit trail' }).click();
        await en.page.locator('.audit-log tbody tr', { hasText: 'Customer edited' }).first().waitFor({ timeout: T });
        await shot(en.page, 'audit-log-en');
        for (const v of await axeCheck(en.page)) if (v.impact === 'serious' || v.impact === 'critical') problems.push(`audit/en: ${v.id} — ${v.help}`);
      } finally {
        await en.context.close();
      }
      assert(problems.length === 0, `axe found serious violations:\n  ${problems.join('\n  ')}`);
    },
  },
  {
    name: 'staff: a manager adds a clerk who signs in, then deactivates them and they can no longer sign in; the staff screen in both languages',
    async run({ browser, harness, store }) {
      const clerk: E2eStaff = { name: 'Tono (Kasir)', pin: '147036' };
      const problems: string[] = [];
      const { context, page, cspErrors } = await openApp(browser, harness, { staff: E2E_MANAGER, usePassword: true, bypassCSP: true });
      try {
        const nav = page.getByRole('navigation');
        await nav.getByRole('button', { name: 'Pengaturan', exact: true }).click();
        await nav.getByRole('button', { name: 'Staf', exact: true }).click();
        await page.getByRole('heading', { level: 1, name: 'Staf' }).waitFor({ timeout: T });
        const form = page.getByRole('form', { name: 'Tambah staf' });
        await form.getByLabel('Nama').fill(clerk.name);
        await form.getByLabel('Peran').selectOption({ label: 'Staf toko' });
        await form.getByLabel('PIN (6–8 angka)').fill(clerk.pin);
        await form.getByRole('button', { name: 'Tambah staf' }).click();
        await page.getByText(`${clerk.name} ditambahkan.`).waitFor({ timeout: T });

        // The new clerk takes over the counter with their PIN.
        await page.getByRole('button', { name: 'Ganti pengguna' }).click();
        await signInAs(page, clerk);
        await page.locator('footer.statusbar').filter({ hasText: clerk.name }).waitFor({ timeout: T });

        // The manager comes back (with the password) and deactivates them.
        await page.getByRole('button', { name: 'Ganti pengguna' }).click();
        await signInAs(page, E2E_MANAGER, true);
        await nav.getByRole('button', { name: 'Pengaturan', exact: true }).click();
        await nav.getByRole('button', { name: 'Staf', exact: true }).click();
        await page.getByRole('button', { name: `Kelola ${clerk.name}` }).click();
        await page.getByRole('region', { name: `Kelola: ${clerk.name}` }).getByRole('button', { name: 'Nonaktifkan' }).click();
        await page.getByText(`${clerk.name} dinonaktifkan.`).waitFor({ timeout: T });
        const row = page.getByRole('row', { name: new RegExp(`^${clerk.name.replace(/[()]/g, '\\$&')}`) });
        // The notice comes before the list is read again: wait for the row to say so (fails after T if it never does).
        await row.filter({ hasText: 'Nonaktif' }).waitFor({ timeout: T });
        await shot(page, 'staff-id');
        for (const v of await axeCheck(page)) if (v.impact === 'serious' || v.impact === 'critical') problems.push(`staff/id: ${v.id} — ${v.help}`);

        // Off the sign-in list, and the core refuses their PIN even when asked directly.
        await page.getByRole('button', { name: 'Ganti pengguna' }).click();
        await page.getByRole('radio', { name: new RegExp(`^${E2E_MANAGER.name}`) }).waitFor({ timeout: T });
        assert((await page.getByRole('radio', { name: /^Tono/ }).count()) === 0, 'a deactivated clerk is not on the sign-in list');
        const staffId = store.sqlite.prepare('SELECT id FROM staff WHERE name = ?').pluck().get(clerk.name) as string;
        const refused = (await (
          await fetch(`${harness.url}/api/call/auth.signIn`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-akrab-token': harness.token },
            body: JSON.stringify({ staffId, pin: clerk.pin }),
          })
        ).json()) as { ok: boolean; error?: { messageKey: string } };
        assert(!refused.ok && refused.error?.messageKey === 'error.sign_in_failed', `a deactivated clerk cannot sign in: ${JSON.stringify(refused)}`);
        assert(cspErrors.length === 0, `no CSP errors: ${cspErrors.join('; ')}`);
      } finally {
        await context.close();
      }

      const en = await openApp(browser, harness, { language: 'en', staff: E2E_MANAGER, usePassword: true, bypassCSP: true });
      try {
        await en.page.getByRole('navigation').getByRole('button', { name: 'Settings', exact: true }).click();
        await en.page.getByRole('navigation').getByRole('button', { name: 'Staff', exact: true }).click();
        await en.page.getByRole('button', { name: `Manage ${E2E_CLERK.name}` }).click();
        await en.page.getByRole('region', { name: `Manage: ${E2E_CLERK.name}` }).waitFor({ timeout: T });
        await shot(en.page, 'staff-en');
        for (const v of await axeCheck(en.page)) if (v.impact === 'serious' || v.impact === 'critical') problems.push(`staff/en: ${v.id} — ${v.help}`);
      } finally {
        await en.context.close();
      }
      assert(problems.length === 0, `axe found serious violations:\n  ${problems.join('\n  ')}`);
    },
  },
];
