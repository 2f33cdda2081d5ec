import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Session } from '../../electron/core/auth/roles';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { recomputeTiers, redeemPoints, reversePurchasePoints, setRule, setTiers } from '../../electron/core/loyalty';
import type { Store } from '../../electron/core/store/store';
import { aCustomer } from '../support/builders';
import type { E2eTest } from './booth.e2e';
import { assert, E2E_MANAGER, openApp, screenshotDir } from './support';
import { outletDay } from '../support/outletDay';

const T = 10_000;
const CARD = 'LOYAL00001';
const NAME = 'Wulan Sari Dewi';

async function shot(page: Page, name: string) {
  await page.evaluate(() => document.fonts?.ready);
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

/** A customer with 1.8 million rupiah spent this year: Silver, 180 points, Gold 3.2 million away. */
export function seedLoyalCustomer(store: Store): string {
  const existing = store.sqlite.prepare('SELECT customer_id FROM cards WHERE card_no = ?').pluck().get(CARD) as string | undefined;
  if (existing) return existing;
  const manager: Session = { staffId: 'e2e', name: 'e2e', role: 'admin', outletId: null };
  const today = outletDay();
  setRule(store, manager, { validFrom: today, rupiahPerPoint: 10_000, pointValue: 100, validityMonths: 12, offlineRedeemLimit: 100 });
  setTiers(store, manager, {
    validFrom: today,
    graceDays: 30,
    levels: [
      { code: 'silver', name: 'Silver', minSpend: 1_000_000, discountPercent: 2 },
      { code: 'gold', name: 'Gold', minSpend: 5_000_000, discountPercent: 5, birthdayGift: 'Voucher Rp 100.000' },
    ],
  });
  const customer = registerCustomer(store, aCustomer().named(NAME).withCard(CARD).build());
  addPurchase(store, { customerId: customer.id, invoiceNo: 'LOY-1', purchasedAt: new Date().toISOString(), amount: 1_800_000 });
  recomputeTiers(store);
  return customer.id;
}

const FLAGGED_NAME = 'Yuliana Minus';

/** Two outlets redeemed the same points apart, then the purchase was returned: a negative, flagged balance. */
function seedFlaggedCustomer(store: Store): void {
  if (store.sqlite.prepare('SELECT 1 FROM cards WHERE card_no = ?').get('LOYAL00666')) return;
  const customer = registerCustomer(store, aCustomer().named(FLAGGED_NAME).withCard('LOYAL00666').build());
  addPurchase(store, { customerId: customer.id, invoiceNo: 'LOY-F1', purchasedAt: new Date().toISOString(), amount: 900_000 });
  redeemPoints(store, { customerId: customer.id, points: 60 });
  reversePurchasePoints(store, { invoiceNo: 'LOY-F1', reason: 'returned' });
}

/** Issue 17, point 9 and the e2e of "what it must show" (the clerk's part). */
export const tests: E2eTest[] = [
  {
    name: 'loyalty: the clerk finds a customer by card, sees tier and balance, a purchase earns, redeems points',
    async run({ browser, harness, store }) {
      const customerId = seedLoyalCustomer(store);
      let invoice = 2;
      for (const language of ['id', 'en'] as const) {
        const { context, page, cspErrors } = await openApp(browser, harness, { language });
        try {
          await page.getByRole('combobox').first().waitFor({ timeout: T });
          await page.keyboard.type(CARD, { delay: 3 });
          await page.keyboard.press('Enter');
          await page.getByRole('heading', { level: 1, name: NAME }).waitFor({ timeout: T });
          const panel = page.getByTestId('loyalty-panel');
          await panel.waitFor({ timeout: T });
          assert((await panel.getByTestId('tier-badge').innerText()).trim() === 'Silver', 'the tier shows');
          const before = Number((await panel.getByTestId('points-balance').innerText()).replace(/\D/g, ''));

          // A purchase recorded at the counter (through the core's contract) earns 1 point per Rp 10.000.
          const response = await fetch(`${harness.url}/api/call/customers.addPurchase`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-akrab-token': harness.token },
            body: JSON.stringify({ customerId, invoiceNo: `LOY-${invoice++}`, purchasedAt: new Date().toISOString(), amount: 250_000 }),
          });
          assert(response.ok, `the purchase is recorded: ${response.status} ${await response.text()}`);
          // Back to the lookup and the card scanned again: the page reads the customer afresh.
          await page.keyboard.press('Escape');
          const search = page.getByRole('combobox', { name: /cari|search/i });
          await search.waitFor({ timeout: T });
          await search.fill('');
          await page.keyboard.type(CARD, { delay: 3 });
          await page.keyboard.press('Enter');
          await page.getByRole('heading', { level: 1, name: NAME }).waitFor({ timeout: T });
          await page.getByTestId('loyalty-panel').waitFor({ timeout: T });
          const earned = Number((await page.getByTestId('points-balance').innerText()).replace(/\D/g, ''));
          assert(earned === before + 25, `the purchase earned 25 points: ${before} → ${earned}`);

          await page.getByTestId('loyalty-panel').scrollIntoViewIfNeeded();
          await page.getByTestId('redeem-points').fill('20');
          await page.getByRole('button', { name: language === 'id' ? 'Tukar' : 'Redeem', exact: true }).click();
          await page.getByTestId('loyalty-panel').getByRole('status').waitFor({ timeout: T });
          await page.waitForFunction(
            (expected) => document.querySelector('[data-testid="points-balance"]')?.textContent?.replace(/\D/g, '') === String(expected),
            earned - 20,
            { timeout: T },
          );
          await shot(page, `loyalty-customer-${language}`);
          assert(cspErrors.length === 0, `no CSP errors: ${cspErrors.join('; ')}`);
        } finally {
          await context.close();
        }
      }
    },
  },
  {
    name: 'loyalty: the lookup shows tier and points; a manager replaces a lost card and the old card, scanned, says where it went; settings and flagged screens',
    async run({ browser, harness, store }) {
      seedLoyalCustomer(store);
      seedFlaggedCustomer(store);
      const newCards = { id: 'LOYAL00002', en: 'LOYAL00003' } as const;
      let current = CARD;
      for (const language of ['id', 'en'] as const) {
        const { context, page, cspErrors } = await openApp(browser, harness, { language, staff: E2E_MANAGER, usePassword: true });
        try {
          const search = page.getByRole('combobox', { name: /cari|search/i });
          await search.waitFor({ timeout: T });
          await page.keyboard.type('Wulan Sari', { delay: 3 });
          const row = page.getByRole('option').filter({ hasText: NAME }).first();
          await row.waitFor({ timeout: T });
          const loyalty = (await row.getByTestId('hit-loyalty').innerText()).trim();
          assert(/Silver/.test(loyalty) && /\d+ (poin|pts)/.test(loyalty), `the result row shows tier and points: ${loyalty}`);
          await shot(page, `loyalty-lookup-${language}`);

          // The manager replaces the lost card on the customer's page.
          await row.click();
          await page.getByRole('heading', { level: 1, name: NAME }).waitFor({ timeout: T });
          await page.getByRole('button', { name: language === 'id' ? 'Ganti kartu yang hilang…' : 'Replace a lost card…' }).click();
          const form = page.getByTestId('replace-card-form');
          await form.getByLabel(language === 'id' ? 'Nomor kartu baru' : 'New card number').fill(newCards[language]);
          await form.getByRole('button', { name: language === 'id' ? 'Ganti kartu' : 'Replace card' }).click();
          await form.getByRole('status').waitFor({ timeout: T });
          const old = current;
          current = newCards[language];

          // The old card scanned at the counter: it says where it went and whose it is, and opens nothing.
          await page.keyboard.press('F2');
          await search.waitFor({ timeout: T });
          await search.fill('');
          await page.keyboard.type(old, { delay: 3 });
          await page.keyboard.press('Enter');
          const notice = page.getByTestId('card-notice');
          await notice.waitFor({ timeout: T });
          const text = await notice.innerText();
          assert(text.includes(current) && text.includes(NAME), `the old card names its replacement and owner: ${text}`);
          assert((await page.getByTestId('loyalty-panel').count()) === 0, 'a replaced card does not open the profile');
          await shot(page, `loyalty-card-replaced-${language}`);

          // The new card finds the same customer with the same points.
          await search.fill('');
          await page.keyboard.type(current, { delay: 3 });
          await page.keyboard.press('Enter');
          await page.getByRole('heading', { level: 1, name: NAME }).waitFor({ timeout: T });
          await page.getByTestId('tier-badge').waitFor({ timeout: T });

          // The manager's loyalty screen: the programme, the tiers, the flagged balances.
          await page.getByRole('button', { name: language === 'id' ? 'Pengaturan' : 'Settings', exact: true }).click();
          await page.getByRole('button', { name: language === 'id' ? 'Loyalitas' : 'Loyalty', exact: true }).click();
          await page.getByTestId('rule-versions').waitFor({ timeout: T });
          await shot(page, `loyalty-settings-programme-${language}`);
          await page.getByRole('button', { name: language === 'id' ? 'Tingkat' : 'Tiers', exact: true }).click();
          await page.getByTestId('tier-versions').waitFor({ timeout: T });
          await shot(page, `loyalty-settings-tiers-${language}`);
          await page.getByRole('button', { name: language === 'id' ? 'Saldo bermasalah' : 'Flagged balances', exact: true }).click();
          const flagged = page.getByTestId('flagged-table');
          await flagged.waitFor({ timeout: T });
          assert((await flagged.innerText()).includes(FLAGGED_NAME), 'the flagged list names the customer');
          await shot(page, `loyalty-flagged-${language}`);
          assert(cspErrors.length === 0, `no CSP errors: ${cspErrors.join('; ')}`);
        } finally {
          await context.close();
        }
      }
    },
  },
];
