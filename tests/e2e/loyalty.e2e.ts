import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Session } from '../../electron/core/auth/roles';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { recomputeTiers, setRule, setTiers } from '../../electron/core/loyalty';
import type { Store } from '../../electron/core/store/store';
import { aCustomer } from '../support/builders';
import type { E2eTest } from './booth.e2e';
import { assert, openApp, screenshotDir } from './support';

const T = 10_000;
const CARD = 'LOYAL00001';
const NAME = 'Wulan Sari Dewi';

async function shot(page: Page, name: string) {
  await page.evaluate(() => document.fonts?.ready);
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

/** A customer with 1.8 million rupiah spent this year: Silver, 180 points, Gold 3.2 million away. */
function seedLoyalCustomer(store: Store): string {
  const existing = store.sqlite.prepare('SELECT customer_id FROM cards WHERE card_no = ?').pluck().get(CARD) as string | undefined;
  if (existing) return existing;
  const manager: Session = { staffId: 'e2e', name: 'e2e', role: 'admin', outletId: null };
  const today = new Date().toISOString().slice(0, 10);
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
];
