import path from 'node:path';
import type { Page } from 'playwright-core';
import { openStore } from '../../electron/core/store/store';
import { seedDemoWithStaff } from '../../electron/core/auth/demoStaff';
import { runFollowUpRules } from '../../electron/core/care/followUps/rules';
import type { E2eTest } from './booth.e2e';
import { assert, E2E_BOOTH, openApp, screenshotDir, serve, signInAs, tempDataDir } from './support';
import { rmSync } from 'node:fs';

const T = 10_000;

async function shot(page: Page, name: string) {
  await page.evaluate(() => document.fonts?.ready);
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

const statusBarHeight = (page: Page) => page.locator('footer.statusbar').evaluate((el) => el.getBoundingClientRect().height);
const activeDescription = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    return el ? `${el.tagName}:${el.type ?? ''}:${el.id}` : 'none';
  });

/** Issue 16, "Counter and booth" (points 5–10), in Chromium at 1366×768 against the real core. */
export const tests: E2eTest[] = [
  {
    name: 'counter: keyboard sign-in stays in the staff list; the status bar is one line at 1366 px in both languages',
    async run({ browser, harness }) {
      for (const language of ['id', 'en'] as const) {
        const { context, page } = await openApp(browser, harness, { language, staff: null });
        try {
          await page.getByRole('radio').first().waitFor({ timeout: T });
          await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.type === 'radio', undefined, { timeout: T });
          await page.keyboard.press('ArrowDown');
          assert((await activeDescription(page)).startsWith('INPUT:radio'), `ArrowDown stays in the staff list, focus on ${await activeDescription(page)}`);
          await page.keyboard.type('12');
          assert((await page.locator('#sign-in-secret').inputValue()) === '', 'digits typed in the list reach nobody’s PIN box');
          const chosen = (await page.locator('.staff-choice.chosen .staff-name').innerText()).trim();
          await page.keyboard.press('Enter');
          await page.waitForFunction(() => document.activeElement?.id === 'sign-in-secret', undefined, { timeout: T });
          const label = await page.locator('label[for="sign-in-secret"]').innerText();
          assert(label.includes(chosen), `the PIN box names the chosen person (${chosen}): ${label}`);
          await shot(page, `sign-in-keyboard-${language}`);
        } finally {
          await context.close();
        }
        const signedIn = await openApp(browser, harness, { language });
        try {
          await signedIn.page.locator('[data-testid="pending-changes"]').waitFor({ timeout: T });
          const height = await statusBarHeight(signedIn.page);
          assert(height <= 34, `status bar is one line at 1366 px (${language}): ${height} px`);
        } finally {
          await signedIn.context.close();
        }
      }
    },
  },
  {
    name: 'counter: the customer page at 1366×768 — one list of purchases in the page, Tab not through pencils, F4 shows the whole contact form',
    async run({ browser, harness, store }) {
      const loyal = store.sqlite
        .prepare(
          `SELECT c.id, (SELECT card_no FROM cards WHERE customer_id = c.id LIMIT 1) AS cardNo
           FROM customers c JOIN purchases p ON p.customer_id = c.id GROUP BY c.id HAVING count(*) > 6 ORDER BY count(*) DESC LIMIT 1`,
        )
        .get() as { id: string; cardNo: string };
      for (const language of ['id', 'en'] as const) {
        const { context, page } = await openApp(browser, harness, { language });
        try {
          await page.keyboard.type(loyal.cardNo, { delay: 2 });
          await page.keyboard.press('Enter');
          await page.locator('#customer-name').waitFor({ timeout: T });
          await page.locator('.timeline-row').first().waitFor({ timeout: T });
          assert((await page.locator('.purchase-row').count()) === 0, 'purchases are listed once, in the timeline');
          const inner = await page.locator('.timeline-list').evaluate((el) => el.scrollHeight - el.clientHeight);
          assert(inner <= 1, `the timeline has no scroll box of its own (${inner} px hidden)`);
          const stops: string[] = [];
          for (let i = 0; i < 8; i++) {
            await page.keyboard.press('Tab');
            stops.push(await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? document.activeElement?.textContent?.trim() ?? ''));
          }
          assert(!stops.some((s) => /^(Ubah|Edit) (?!profil)/.test(s) && s !== 'Edit profile'), `no field pencils in the first Tab stops: ${stops.join(' | ')}`);
          await page.keyboard.press('F4');
          const form = page.getByRole('form', { name: language === 'id' ? 'Catat kontak' : 'Log a contact' });
          await page.waitForTimeout(200);
          const formBottom = await form.evaluate((el) => el.getBoundingClientRect().bottom);
          const barTop = await page.locator('footer.statusbar').evaluate((el) => el.getBoundingClientRect().top);
          assert(formBottom <= barTop, `the contact form is above the status bar after F4 (${formBottom} > ${barTop})`);
          await page.locator('#customer-name').focus();
          await page.locator('main').evaluate((el) => el.scrollTo(0, 0));
          await shot(page, `customer-${language}`);
          await page.locator('.timeline-list').scrollIntoViewIfNeeded();
          await shot(page, `customer-timeline-${language}`);
        } finally {
          await context.close();
        }
      }
    },
  },
  {
    name: 'counter: a booth worker saves a registration (no profile link), sees every error and the warnings at once',
    async run({ browser, harness }) {
      for (const language of ['id', 'en'] as const) {
        const { context, page } = await openApp(browser, harness, { language, staff: E2E_BOOTH });
        try {
          await page.keyboard.press('F3');
          await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'fullName');
          await page.locator('[name="phone"]').fill('12345');
          await page.locator('[name="email"]').fill('bukan-email');
          await page.locator('[name="amount"]').fill('12,5 juta');
          await page.keyboard.press('Enter');
          await page.locator('.field-error').nth(3).waitFor({ timeout: T });
          const errors = await page.locator('.field-error').count();
          assert(errors >= 5, `every field's error at once (name, phone, card, email, amount): ${errors}`);
          await shot(page, `registration-errors-${language}`);

          await page.locator('[name="fullName"]').fill('A');
          await page.locator('[name="phone"]').fill('(021) 555-0123');
          await page.locator('[name="email"]').fill('');
          await page.locator('[name="amount"]').fill('');
          await page.locator('[name="cardNo"]').fill(`E2EBOOTH${language.toUpperCase()}1`);
          await page.locator('[name="cardNo"]').focus();
          await page.getByTestId('warning-phone').waitFor({ timeout: T });
          await page.getByTestId('warning-fullName').waitFor({ timeout: T });
          await page.getByRole('checkbox', { name: 'WhatsApp' }).check();
          await shot(page, `registration-warnings-${language}`);
          await page.locator('[name="fullName"]').fill(language === 'id' ? 'Ayu Lestari Booth' : 'Ayu Booth English');
          await page.locator('[name="phone"]').fill(language === 'id' ? '0813 7000 1201' : '0813 7000 1202');
          await page.locator('[name="phone"]').press('Enter');
          await page.getByTestId('confirmation').waitFor({ timeout: T });
          assert((await page.getByTestId('confirmation').getByRole('button').count()) === 0, 'a booth worker is not offered a profile she may not open');
          await shot(page, `booth-save-${language}`);
        } finally {
          await context.close();
        }
      }
    },
  },
  {
    name: 'counter: "Hari ini" on a fresh demo store — grouped, paged, "Mine" filter, an enabled-looking "Batalkan"',
    async run({ browser }) {
      const dir = tempDataDir();
      const store = openStore(path.join(dir, 'akrab.sqlite'));
      const demo = await serve(store);
      try {
        seedDemoWithStaff(store, { current: () => null } as never);
        runFollowUpRules(store);
        for (const language of ['id', 'en'] as const) {
          const { context, page } = await openApp(browser, demo, { language, staff: null });
          try {
            await signInAs(page, { name: 'Sari (Staf toko)', pin: '3333' });
            const day = page.getByRole('region', { name: language === 'id' ? /^Hari ini/ : /^My day/ });
            await day.locator('.myday-kind').first().waitFor({ timeout: T });
            const height = await day.evaluate((el) => el.getBoundingClientRect().height);
            assert(height < 1600, `my day is a few screens at most, not 6,000 px: ${height} px`);
            const drop = day.locator('.followup-actions .button.subtle').first();
            const [color, opacity] = await drop.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).opacity]);
            assert(opacity === '1' && color !== 'rgb(85, 97, 109)', `"Batalkan" is not greyed out: ${color} ${opacity}`);
            assert((await statusBarHeight(page)) <= 34, 'one-line status bar on my day');
            await shot(page, `care-myday-demo-${language}`);
            await day.getByRole('button', { name: language === 'id' ? 'Milik saya' : 'Mine' }).click();
            await page.waitForTimeout(300);
            assert((await day.locator('.followup-item').count()) === 0, 'nothing is assigned to Sari on a fresh demo store');
          } finally {
            await context.close();
          }
        }
      } finally {
        await demo.close();
        store.sqlite.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
