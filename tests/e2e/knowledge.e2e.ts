import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Session } from '../../electron/core/auth/roles';
import { addPurchase } from '../../electron/core/customers/editCustomer';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { seedDemoKnowledge } from '../../electron/core/demo/demoKnowledge';
import { addFamilyMember, curateInterestTag, setInterest, setProfileFacts } from '../../electron/core/knowledge/profile';
import { recomputeOfferRules } from '../../electron/core/offers/offerRules';
import type { Store } from '../../electron/core/store/store';
import { aCustomer } from '../support/builders';
import type { E2eTest } from './booth.e2e';
import { assert, axeCheck, E2E_MANAGER, openApp, screenshotDir } from './support';
import { outletDay } from '../support/outletDay';

const T = 10_000;
const CARD = 'KNOW000001';
const NAME = 'Ayu Lestari Wibowo';
const DAY = 86_400_000;

async function shot(page: Page, name: string) {
  await page.evaluate(() => document.fonts?.ready);
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

const dayFirst = (iso: string) => iso.split('-').reverse().join('/');

/**
 * The demo's knowledge and pipeline on the e2e store, and one customer the clerk knows well: her husband and a
 * son whose birthday is in five days, her interests, and a queen bed bought last month (the rules offer pillows).
 */
function seedKnownCustomer(store: Store): string {
  const existing = store.sqlite.prepare('SELECT customer_id FROM cards WHERE card_no = ?').pluck().get(CARD) as string | undefined;
  if (existing) return existing;
  seedDemoKnowledge(store);
  const manager: Session = { staffId: 'e2e', name: 'e2e', role: 'admin', outletId: null };
  const customer = registerCustomer(store, aCustomer().named(NAME).withCard(CARD).build());
  const now = Date.now();
  addPurchase(store, {
    customerId: customer.id,
    invoiceNo: 'KNW-0',
    purchasedAt: new Date(now - 30 * DAY).toISOString(),
    amount: 6_500_000,
    mainProduct: 'Kasur Springbed Queen',
  });
  setProfileFacts(store, customer.id, {
    occupation: 'Arsitek',
    preferred_channel: 'whatsapp',
    preferred_time: 'evening',
    likes: 'Kayu jati, warna netral',
    dislikes: 'Tidak suka ditelepon saat jam kerja',
  });
  setInterest(store, customer.id, curateInterestTag(store, manager, { label: 'Furnitur minimalis' }).id, true);
  setInterest(store, customer.id, curateInterestTag(store, manager, { label: 'Tidur nyenyak' }).id, true);
  addFamilyMember(store, { customerId: customer.id, name: 'Bambang Wibowo', relation: 'spouse', birthDate: '1984-02-11' });
  const birthday = outletDay(now + 5 * DAY);
  addFamilyMember(store, { customerId: customer.id, name: 'Raka', relation: 'child', birthDate: `2016-${birthday.slice(5)}` });
  recomputeOfferRules(store);
  return customer.id;
}

async function openCustomer(page: Page) {
  const search = page.getByRole('combobox', { name: /cari|search/i });
  await search.waitFor({ timeout: T });
  await search.fill('');
  await page.keyboard.type(CARD, { delay: 3 });
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: NAME }).waitFor({ timeout: T });
  await page.getByTestId('knowledge-panel').waitFor({ timeout: T });
  await page.getByTestId('opportunities-panel').waitFor({ timeout: T });
}

const words = {
  id: {
    reason: 'Harga',
    moved: 'Sofa Bed Lipat: sekarang Penawaran.',
    won: 'Sofa Bed Lipat: sekarang Berhasil.',
    wonButton: 'Berhasil…',
    confirmWon: 'Tutup sebagai berhasil',
    pipeline: 'Calon penjualan',
    myDay: /Hari ini/,
    budgetError: 'Anggaran harus berupa jumlah rupiah bulat di atas nol.',
  },
  en: {
    reason: 'Price',
    moved: 'Sofa Bed Lipat: now Quoted.',
    won: 'Sofa Bed Lipat: now Won.',
    wonButton: 'Won…',
    confirmWon: 'Close as won',
    pipeline: 'Pipeline',
    myDay: /My day/,
    budgetError: 'The budget must be a whole rupiah amount above zero.',
  },
} as const;

/** Issue 19, "what it must show": the clerk's potential sale from the customer page to the board, my day and won. */
export const tests: E2eTest[] = [
  {
    name: 'knowledge: the customer page shows family, preferences and offers; a potential sale goes to the board, my day, and is won',
    async run({ browser, harness, store }) {
      const customerId = seedKnownCustomer(store);
      const today = outletDay(Date.now());
      let invoice = 1;
      for (const language of ['id', 'en'] as const) {
        const w = words[language];
        const { context, page, cspErrors } = await openApp(browser, harness, { language });
        try {
          await openCustomer(page);
          const knowledge = page.getByTestId('knowledge-panel');
          await knowledge.getByText('Bambang Wibowo').waitFor({ timeout: T });
          await knowledge.getByText('Raka').waitFor({ timeout: T });
          await knowledge.getByText('Furnitur minimalis').waitFor({ timeout: T });
          await knowledge.getByText('Arsitek').waitFor({ timeout: T });
          const offers = page.getByTestId('offers-panel');
          await offers.getByText('Set Bantal Guling').first().waitFor({ timeout: T });
          assert(/Kasur Springbed Queen/.test(await offers.innerText()), 'the offer says why: customers who bought the queen bed');
          await knowledge.evaluate((el) => el.scrollIntoView({ block: 'start' }));
          await shot(page, `knowledge-customer-${language}`);

          // Editing at the counter: a competitor product she owns, in a few keystrokes.
          await page.getByTestId('knowledge-edit').click();
          const competitorForm = knowledge.getByRole('form', { name: /produk pesaing|competitor product/i });
          const [brand, product, since] = [0, 1, 2].map((i) => competitorForm.getByRole('textbox').nth(i));
          await brand!.fill('Informa');
          await product!.fill(`Sofa 2 dudukan ${language}`);
          await since!.fill('2021-04');
          await page.keyboard.press('Enter');
          await knowledge.getByTestId('competitor').getByText(`Sofa 2 dudukan ${language}`).waitFor({ timeout: T });
          await knowledge.evaluate((el) => el.scrollIntoView({ block: 'start' }));
          await shot(page, `knowledge-edit-${language}`);
          await page.getByTestId('knowledge-edit').click();

          // A potential sale with a reason; a budget that is not rupiah is refused first, nothing written.
          await page.getByTestId('add-opportunity').click();
          const form = page.getByTestId('opportunity-form');
          await form.getByLabel(language === 'id' ? 'Produk' : 'Product', { exact: true }).fill('Sofa Bed Lipat');
          await form.getByLabel(language === 'id' ? 'Kategori' : 'Category', { exact: true }).fill('Furnitur');
          await form.getByLabel(/Anggaran|Budget/).fill('-5');
          await form.getByLabel(/Perkiraan keputusan|Expected decision/).fill(dayFirst(outletDay(Date.now() + 20 * DAY)));
          await form.getByLabel(/Alasan belum membeli|Reason not bought/).selectOption({ label: w.reason });
          await form.getByLabel(/Tindak lanjut pertama|First follow-up/).fill(dayFirst(today));
          await form.getByRole('button', { name: /Simpan calon penjualan|Save potential sale/ }).click();
          await form.getByRole('alert').filter({ hasText: w.budgetError }).waitFor({ timeout: T });
          const before = store.sqlite.prepare(`SELECT count(*) FROM opportunities WHERE customer_id = ?`).pluck().get(customerId) as number;
          await form.getByLabel(/Anggaran|Budget/).fill('7.500.000');
          await form.getByRole('button', { name: /Simpan calon penjualan|Save potential sale/ }).click();
          await page.getByTestId('sales-notice').waitFor({ timeout: T });
          const after = store.sqlite.prepare(`SELECT count(*) FROM opportunities WHERE customer_id = ?`).pluck().get(customerId) as number;
          assert(after === before + 1, `one potential sale written (${before} → ${after})`);
          const row = store.sqlite
            .prepare(`SELECT reason_not_bought, budget FROM opportunities WHERE customer_id = ? ORDER BY created_at DESC LIMIT 1`)
            .get(customerId) as { reason_not_bought: string; budget: number };
          assert(row.reason_not_bought === 'price' && row.budget === 7_500_000, `stored with its reason and budget: ${JSON.stringify(row)}`);

          // On the board, in the interested column; moved on with the keyboard.
          await page.getByRole('navigation').getByRole('button', { name: w.pipeline }).click();
          const board = page.getByTestId('pipeline-board');
          await board.waitFor({ timeout: T });
          const card = board.locator('[data-stage="interested"] .board-card', { hasText: 'Sofa Bed Lipat' }).first();
          await card.waitFor({ timeout: T });
          await card.focus();
          await page.keyboard.press('ArrowRight');
          await page.getByTestId('pipeline-notice').filter({ hasText: w.moved }).waitFor({ timeout: T });
          await board.locator('[data-stage="quoted"] .board-card', { hasText: 'Sofa Bed Lipat' }).first().waitFor({ timeout: T });
          const focused = await page.evaluate(() => document.activeElement?.closest('[data-stage]')?.getAttribute('data-stage'));
          assert(focused === 'quoted', `the moved card keeps the focus in its new column (${focused})`);
          await shot(page, `pipeline-board-${language}`);

          // On "my day": its follow-up is due today.
          await page.keyboard.press('F2');
          await page.getByRole('combobox', { name: /cari|search/i }).fill('');
          const myDay = page.getByRole('region', { name: w.myDay });
          await myDay.getByText(/Sofa Bed Lipat/).first().waitFor({ timeout: T });

          // The sale is made: the invoice closes it as won.
          const invoiceNo = `KNW-${language}-${invoice++}`;
          const response = await fetch(`${harness.url}/api/call/customers.addPurchase`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-akrab-token': harness.token },
            body: JSON.stringify({ customerId, invoiceNo, purchasedAt: new Date().toISOString(), amount: 7_250_000, mainProduct: 'Sofa Bed Lipat' }),
          });
          assert(response.ok, `the purchase is recorded: ${response.status} ${await response.text()}`);
          await openCustomer(page);
          const item = page.getByTestId('customer-opportunity').filter({ hasText: 'Sofa Bed Lipat' }).filter({ has: page.getByRole('button', { name: w.wonButton }) }).first();
          await item.getByRole('button', { name: w.wonButton }).click();
          await page.keyboard.type(invoiceNo);
          await item.getByRole('button', { name: w.confirmWon }).click();
          await page.getByTestId('sales-notice').filter({ hasText: w.won }).waitFor({ timeout: T });
          const won = store.sqlite
            .prepare(`SELECT o.stage, o.invoice_no, o.won_amount, f.status FROM opportunities o LEFT JOIN follow_up_outcomes f ON f.id = o.follow_up_id WHERE o.invoice_no = ?`)
            .get(invoiceNo) as { stage: string; invoice_no: string; won_amount: number; status: string } | undefined;
          assert(won?.stage === 'won' && won.won_amount === 7_250_000, `won with the invoice's amount: ${JSON.stringify(won)}`);
          assert(won.status === 'done' || won.status === 'cancelled', `its follow-up is closed: ${won.status}`);
          await page.getByTestId('offers-panel').evaluate((el) => el.scrollIntoView({ block: 'start' }));
          await shot(page, `knowledge-sales-${language}`);
          assert(cspErrors.length === 0, `no CSP errors: ${cspErrors.join('; ')}`);
        } finally {
          await context.close();
        }
      }
    },
  },
  {
    name: 'knowledge: the manager segments customers by the deeper profile (an interest and the preferred channel)',
    async run({ browser, harness, store }) {
      seedKnownCustomer(store);
      const w = {
        id: { nav: 'Kampanye', field: 'Kolom', value: 'Nilai', add: 'Tambah kondisi', count: 'pelanggan cocok' },
        en: { nav: 'Campaigns', field: 'Field', value: 'Value', add: 'Add condition', count: /customers? match/ },
      };
      for (const language of ['id', 'en'] as const) {
        const t = w[language];
        const { context, page, cspErrors } = await openApp(browser, harness, { staff: E2E_MANAGER, usePassword: true, language });
        try {
          await page.getByRole('button', { name: t.nav, exact: true }).click();
          await page.getByLabel(`${t.field} 1`, { exact: true }).selectOption('interest');
          const tag = page.getByLabel(`${t.value} 1`, { exact: true });
          await tag.locator('option', { hasText: 'Furnitur minimalis' }).waitFor({ state: 'attached', timeout: T });
          await tag.selectOption('Furnitur minimalis');
          const preview = page.locator('.segment-preview');
          await preview.getByText(NAME).waitFor({ timeout: T });
          await page.getByRole('button', { name: t.add }).click();
          await page.getByLabel(`${t.field} 2`, { exact: true }).selectOption('preferredChannel');
          await page.getByLabel(`${t.value} 2`, { exact: true }).selectOption('whatsapp');
          await page.locator('.segment-count').filter({ hasText: t.count }).waitFor({ timeout: T });
          await preview.getByText(NAME).waitFor({ timeout: T });
          await shot(page, `segment-profile-${language}`);
          assert(cspErrors.length === 0, `no CSP errors: ${cspErrors.join('; ')}`);
        } finally {
          await context.close();
        }
      }
    },
  },
  {
    name: 'knowledge: the manager sees the board with the forecast against actual; the screen passes axe',
    async run({ browser, harness, store }) {
      seedKnownCustomer(store);
      for (const language of ['id', 'en'] as const) {
        const { context, page, cspErrors } = await openApp(browser, harness, { staff: E2E_MANAGER, usePassword: true, language, bypassCSP: true });
        try {
          await page.getByRole('navigation').getByRole('button', { name: words[language].pipeline }).click();
          const forecast = page.getByTestId('forecast-panel');
          await forecast.waitFor({ timeout: T });
          await forecast.locator('.recharts-bar-rectangle').first().waitFor({ timeout: T });
          const rows = await page.getByTestId('forecast-table').locator('tbody tr').count();
          assert(rows === 3, `three months ahead: ${rows}`);
          for (const stage of ['interested', 'quoted', 'negotiating', 'won', 'lost'])
            assert((await page.locator(`[data-stage="${stage}"] .board-card`).count()) > 0, `the demo board has cards in ${stage}`);
          await forecast.evaluate((el) => el.scrollIntoView({ block: 'end' }));
          await shot(page, `pipeline-forecast-${language}`);
          const violations = (await axeCheck(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
          assert(violations.length === 0, `axe: ${JSON.stringify(violations)}`);
          assert(cspErrors.length === 0, `no CSP errors: ${cspErrors.join('; ')}`);
        } finally {
          await context.close();
        }
      }
    },
  },
];
