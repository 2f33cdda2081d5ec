import path from 'node:path';
import { seedLabelledCustomers } from '../../electron/core/dedup/seedDuplicates';
import { syntheticDuplicateSet } from '../../electron/core/dedup/syntheticDuplicates';
import type { E2eTest } from './booth.e2e';
import { assert, axeCheck, E2E_MANAGER, openApp, screenshotDir, seededStore, serve, tempDataDir } from './support';

const T = 30_000;

export const tests: E2eTest[] = [
  {
    name: 'duplicates: the manager scans, opens a card-farming cluster and sees the evidence side by side, phones masked',
    async run({ browser }) {
      // Its own store: a generated set with known re-registrations, households and card farmers.
      const store = seededStore(tempDataDir(), 0);
      seedLabelledCustomers(store, syntheticDuplicateSet({ cards: 3000, seed: 5 }));
      const harness = await serve(store);
      try {
        for (const language of ['id', 'en'] as const) {
          const { page, context } = await openApp(browser, harness, { staff: E2E_MANAGER, usePassword: true, language, bypassCSP: true });
          await page.getByRole('button', { name: /^(Duplikat|Duplicates)$/ }).click();
          await page.getByRole('button', { name: /Pindai sekarang|Scan now/ }).click();
          const review = page.getByRole('button', { name: /^(Tinjau|Review):/ });
          await review.first().waitFor({ timeout: T });
          await review.first().click();
          await page.getByRole('heading', { level: 1, name: /(Pengumpul kartu|Card farming)/ }).waitFor({ timeout: T });
          const text = await page.locator('main, body').first().innerText();
          assert(!/\+62\d{6,}/.test(text), 'phones are masked on the review screen');
          const serious = (await axeCheck(page)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
          assert(serious.length === 0, `axe: ${serious.map((v) => v.id).join(', ')}`);
          await page.screenshot({ path: path.join(screenshotDir, `dedup-review-${language}.png`) });
          await context.close();
        }
      } finally {
        await harness.close();
        store.sqlite.close();
      }
    },
  },
];
