import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Store } from '../../electron/core/store/store';
import type { RunningHarness } from '../../electron/web/harness';
import { formatPhoneNational } from '../../shared/phone';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { assert, axeCheck, openApp, screenshotDir, type AxeViolation } from './support';

export interface E2eEnv {
  browser: Browser;
  /** A booth store seeded with realistic synthetic customers. */
  harness: RunningHarness;
  store: Store;
  /** A store with no data at all: a device's first start. */
  emptyHarness: RunningHarness;
}

export interface E2eTest {
  name: string;
  run: (env: E2eEnv) => Promise<void>;
}

const T = 10_000;
const options = (page: Page) => page.locator('#lookup-results [role="option"]');
const focusedName = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('name') ?? document.activeElement?.id ?? null);
const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name }).waitFor({ timeout: T });

async function searchFirstHit(page: Page, typed: string, expectedName: string) {
  await page.keyboard.press('Escape');
  await page.keyboard.type(typed);
  await options(page).first().filter({ hasText: expectedName }).waitFor({ timeout: T });
}

async function shot(page: Page, name: string) {
  await page.evaluate(() => document.fonts?.ready);
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

const serious = (violations: AxeViolation[]) => violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');

function reportAxe(where: string, violations: AxeViolation[], into: string[]) {
  for (const v of serious(violations)) into.push(`${where}: [${v.impact}] ${v.id} — ${v.help} @ ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
}

export const tests: E2eTest[] = [
  {
    name: 'keyboard only: register at the booth, find by three phone formats and a card scan, open the page, duplicate prompt on the same phone',
    async run({ browser, harness }) {
      const { context, page, cspErrors } = await openApp(browser, harness);
      try {
        const search = page.getByRole('combobox', { name: /cari/i });
        assert(await search.evaluate((el) => el === document.activeElement), 'search box has focus on start');

        // Register (F3), moving through the form with Tab and a scanned card ending in Enter.
        await page.keyboard.press('F3');
        await page.getByRole('heading', { name: 'Pendaftaran pelanggan' }).waitFor({ timeout: T });
        await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'fullName');
        await page.keyboard.type('Putu Eka Pratama');
        await page.keyboard.press('Tab');
        await page.keyboard.type('0899-7777-1234');
        await page.keyboard.press('Tab');
        await page.keyboard.type('E2E0000001', { delay: 3 });
        await page.keyboard.press('Enter');
        assert((await focusedName(page)) === 'birthDate', 'scanner Enter on the card moves to the birth date');
        await page.keyboard.type('17/08/1992');
        await page.keyboard.press('Tab');
        await page.keyboard.type('Laki');
        // Gender, then NIK and email (left empty), city, address, product, invoice, amount.
        for (const [times, text] of [[3, 'Jakarta Utara'], [1, 'Jl. Boulevard Raya No. 5, RT 003/RW 005'], [1, 'Mesin cuci'], [1, 'INV-E2E-1'], [1, '3.750.000']] as const) {
          for (let i = 0; i < times; i++) await page.keyboard.press('Tab');
          await page.keyboard.type(text);
        }
        // Consent, purpose by purpose: WhatsApp yes (Space), then past SMS, email and phone to the save button.
        await page.keyboard.press('Tab');
        await page.keyboard.press('Space');
        for (let i = 0; i < 4; i++) await page.keyboard.press('Tab');
        await page.keyboard.press('Enter');
        await page.getByTestId('confirmation').filter({ hasText: 'Putu Eka Pratama' }).waitFor({ timeout: T });
        await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'fullName' && (document.activeElement as HTMLInputElement).value === '');
        await page.getByTestId('today-count').filter({ hasText: 'Hari ini di booth ini: 1 pendaftaran' }).waitFor({ timeout: T });

        // Find them again (F2) by phone in three formats, by its last digits, and by part of the name.
        await page.keyboard.press('F2');
        await search.waitFor();
        for (const typed of ['0899-7777-1234', '+62 899 7777 1234', '6289977771234', '77771234', 'putu eka']) await searchFirstHit(page, typed, 'Putu Eka Pratama');
        const hit = options(page).first();
        const hitText = await hit.innerText();
        assert(hitText.includes('0899-••••-1234') && !hitText.includes('7777'), `result shows the masked phone: ${hitText}`);
        assert(hitText.includes('E2E0000001') && hitText.includes('Jakarta Utara'), `result shows card and city: ${hitText}`);

        // A scanner: the card number typed fast, then Enter, opens the customer directly.
        await page.keyboard.press('Escape');
        await page.keyboard.type('E2E0000001', { delay: 2 });
        await page.keyboard.press('Enter');
        await heading(page, 'Putu Eka Pratama');
        // The timeline (purchases included) loads after the profile: wait for it, not for luck.
        await page.locator('article.customer').getByText('INV-E2E-1').first().waitFor();
        const body = await page.locator('article.customer').innerText();
        for (const expected of ['0899-••••-1234', 'E2E0000001', 'BOOTH-MKG', '17 Agustus 1992', 'Laki-laki', 'Mesin cuci', 'INV-E2E-1']) assert(body.includes(expected), `customer page shows ${expected}`);
        assert(/Rp\s?3\.750\.000/.test(body), 'customer page shows the purchase total in rupiah');

        // Esc goes back to the search, F3 to a fresh form: the same phone brings up the duplicate prompt.
        await page.keyboard.press('Escape');
        await search.waitFor();
        await page.keyboard.press('F3');
        await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'fullName');
        await page.keyboard.type('Putu Eka');
        await page.keyboard.press('Tab');
        await page.keyboard.type('+62 899-7777-1234');
        const prompt = page.getByTestId('duplicate-prompt');
        await prompt.filter({ hasText: 'Putu Eka Pratama' }).waitFor({ timeout: T });
        assert((await prompt.innerText()).includes('telepon sama'), 'prompt names its evidence');
        // Still typing: the prompt does not steal focus. Scan the new card, then Enter saves → stops at the prompt.
        await page.keyboard.press('Tab');
        await page.keyboard.type('E2E0000002', { delay: 2 });
        await page.keyboard.press('Enter'); // the scanner's Enter: on to the birth date
        await page.keyboard.press('Enter'); // save
        await page.waitForFunction(() => document.activeElement?.id === 'dup-title');
        await page.keyboard.press('Tab');
        const focusedButton = await page.evaluate(() => document.activeElement?.textContent ?? '');
        assert(focusedButton.includes('Orang yang sama'), `Tab from the prompt reaches "same person": ${focusedButton}`);
        await page.keyboard.press('Enter');
        await page.getByTestId('confirmation').filter({ hasText: 'Kartu E2E0000002 ditambahkan ke Putu Eka Pratama' }).waitFor({ timeout: T });

        // The added card finds the same customer.
        await page.keyboard.press('F2');
        await page.keyboard.press('Escape');
        await page.keyboard.type('E2E0000002', { delay: 2 });
        await page.keyboard.press('Enter');
        await heading(page, 'Putu Eka Pratama');
        const cards = await page.getByRole('region', { name: 'Kartu' }).innerText();
        assert(cards.includes('E2E0000001') && cards.includes('E2E0000002'), 'both cards on the one customer');

        // Status bar: outlet, staff, unknown server, real pending changes.
        const status = await page.locator('footer.statusbar').innerText();
        assert(status.includes('BOOTH-MKG') && status.includes('Rina (SPG)'), `status bar shows outlet and staff: ${status}`);
        assert(status.includes('Server pusat: belum diatur'), `server state is honest: ${status}`);
        assert(/\d+ perubahan menunggu unggah/.test(status), `pending changes shown: ${status}`);
        assert(cspErrors.length === 0, `no CSP violations or page errors: ${cspErrors.join('; ')}`);
      } finally {
        await context.close();
      }
    },
  },
  {
    name: 'first start: the empty store offers "Buat toko demo", fills itself with demo staff, and the SPG signs in with the demo PIN (keyboard only)',
    async run({ browser, emptyHarness }) {
      for (const language of ['en', 'id'] as const) {
        const { context, page } = await openApp(browser, emptyHarness, { language, staff: null });
        try {
          const button = page.getByRole('button', { name: language === 'id' ? 'Buat toko demo' : 'Create demo store' });
          if (language === 'en') {
            await button.waitFor({ timeout: T });
            await shot(page, `first-start-${language}`);
            continue;
          }
          await button.waitFor({ timeout: T });
          await shot(page, `first-start-${language}`);
          await button.focus();
          await page.keyboard.press('Enter');
          await button.waitFor({ state: 'detached', timeout: 60_000 });
          // The demo comes with one account per role, their PINs printed on the sign-in screen: the SPG signs in.
          const spg = page.getByRole('radio', { name: /^Rina \(SPG\).*PIN demo: 4444/ });
          await spg.waitFor({ timeout: T });
          // The status bar names the demo outlet at once, not at its next 10 s poll.
          await page.locator('footer.statusbar').filter({ hasText: 'DEMO' }).waitFor({ timeout: 3_000 });
          await shot(page, 'sign-in-demo-id');
          await spg.check();
          await page.keyboard.type('4444');
          await page.keyboard.press('Enter');
          await page.locator('footer.statusbar').filter({ hasText: 'DEMO' }).waitFor({ timeout: T });
          await page.keyboard.press('F2');
          await page.keyboard.type('a');
          // The SPG is booth staff: the results say who is registered, they do not open profiles.
          await page.locator('#lookup-results li').first().waitFor({ timeout: T });
          assert((await options(page).count()) === 0, 'booth staff get no openable results');
        } finally {
          await context.close();
        }
      }
    },
  },
  {
    name: 'screenshots of every screen at 1366×768 in Indonesian and English, with no serious axe violations',
    async run({ browser, harness, store }) {
      const problems: string[] = [];
      // A seeded customer whose phone and name we re-enter, so the duplicate prompt has something to show.
      const row = store.sqlite
        .prepare(`SELECT c.full_name AS name, p.e164 FROM customers c JOIN phones p ON p.customer_id = c.id WHERE c.full_name LIKE '% %' ORDER BY c.rowid LIMIT 1`)
        .get() as { name: string; e164: string };
      const loyal = store.sqlite
        .prepare(
          `SELECT c.id, c.full_name AS name, (SELECT card_no FROM cards WHERE customer_id = c.id LIMIT 1) AS cardNo, (SELECT e164 FROM phones WHERE customer_id = c.id LIMIT 1) AS e164
           FROM customers c JOIN purchases p ON p.customer_id = c.id GROUP BY c.id ORDER BY count(*) DESC LIMIT 1`,
        )
        .get() as { id: string; name: string; cardNo: string; e164: string };
      // A household member sharing the loyal customer's phone: the customer page shows its duplicate badge.
      if (!store.sqlite.prepare(`SELECT 1 FROM cards WHERE card_no = 'E2EHOUSE01'`).get()) {
        registerCustomer(store, { fullName: `${loyal.name.split(' ')[0]} Wijaya`, phone: loyal.e164, cardNo: 'E2EHOUSE01', consentMarketing: false });
      }
      for (const language of ['id', 'en'] as const) {
        const { context, page } = await openApp(browser, harness, { language, bypassCSP: true });
        try {
          await page.keyboard.type('sri');
          await options(page).nth(3).waitFor({ timeout: T });
          await page.keyboard.press('ArrowDown');
          await page.keyboard.press('ArrowDown');
          await shot(page, `lookup-${language}`);
          reportAxe(`lookup/${language}`, await axeCheck(page), problems);

          // The customer page of a loyal customer (most purchases), opened by scanning their card.
          await page.keyboard.press('Escape');
          await page.keyboard.type(loyal.cardNo, { delay: 2 });
          await page.keyboard.press('Enter');
          await page.locator('#customer-name').waitFor({ timeout: T });
          await page.getByRole('button', { name: /duplikat|duplicate/ }).waitFor({ timeout: T });
          await page.locator('.purchase-row[role="listitem"]').first().waitFor({ timeout: T }).catch(() => undefined);
          await page.waitForTimeout(150);
          await shot(page, `customer-${language}`);
          reportAxe(`customer/${language}`, await axeCheck(page), problems);

          await page.keyboard.press('F3');
          await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'fullName');
          await page.keyboard.press('Enter');
          await page.locator('.field-error').first().waitFor({ timeout: T });
          await shot(page, `registration-errors-${language}`);
          reportAxe(`registration-errors/${language}`, await axeCheck(page), problems);

          await page.locator('[name="fullName"]').fill(row.name);
          await page.locator('[name="phone"]').fill(formatPhoneNational(row.e164));
          await page.locator('[name="cardNo"]').fill('E2ESHOT01');
          await page.locator('[name="city"]').fill('Bekasi');
          await page.getByTestId('duplicate-prompt').waitFor({ timeout: T });
          await page.locator('[name="birthDate"]').focus();
          await shot(page, `registration-duplicate-${language}`);
          reportAxe(`registration-duplicate/${language}`, await axeCheck(page), problems);
        } finally {
          await context.close();
        }
      }
      assert(problems.length === 0, `axe found serious violations:\n  ${problems.join('\n  ')}`);
    },
  },
];
