import path from 'node:path';
import { seedLabelledCustomers } from '../../electron/core/dedup/seedDuplicates';
import { syntheticDuplicateSet } from '../../electron/core/dedup/syntheticDuplicates';
import { seedDemoStore } from '../../electron/core/demo/seedDemoStore';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';
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
          // The scan runs on a thread of its own: the clusters of the run before stay listed until it ends.
          await page.getByRole('button', { name: /Pindai sekarang|Scan now/ }).waitFor({ timeout: T });
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

/** Issue 16 (11): the demo store's seeded duplicates, the comparison in words, and the merge history, in both languages. */
tests.push({
  name: 'duplicates: the demo store’s clusters, the comparison in words, the merge history (id, en)',
  async run({ browser }) {
    const store = seededStore(tempDataDir(), 0);
    seedDemoStore(store);
    // The sign-in list is the device outlet's staff: serve the e2e outlet again.
    useOutlet(store, ensureOutlet(store, 'BOOTH-MKG'));
    const harness = await serve(store);
    try {
      for (const language of ['id', 'en'] as const) {
        const { page, context } = await openApp(browser, harness, { staff: E2E_MANAGER, usePassword: true, language });
        await page.getByRole('button', { name: /^(Duplikat|Duplicates)$/ }).click();
        // The estimate of real customers comes with its range.
        await page.getByText(/(Rentang|Range): \d/).waitFor({ timeout: T });
        await page.getByRole('button', { name: /^(Tinjau|Review): (Muhammad|Mochammad) Rizki/ }).click();
        await page.getByRole('region', { name: /Bukti|Evidence/ }).waitFor({ timeout: T });
        const text = await page.locator('body').innerText();
        assert(/WITA/.test(text) && /Laki-laki|Male/.test(text) && !/1986-07-09/.test(text), 'comparison in words, times in the outlet zone');
        await page.screenshot({ path: path.join(screenshotDir, `dedup-compare-${language}.png`) });
        // The evidence in words, below the comparison (scrolled to it): each level with its learned weight.
        const evidence = page.getByRole('region', { name: /Bukti|Evidence/ });
        await evidence.scrollIntoViewIfNeeded();
        assert(/Didaftarkan dalam satu kunjungan|Registered in one visit/.test(await evidence.innerText()), 'the visit evidence in words');
        await page.screenshot({ path: path.join(screenshotDir, `dedup-evidence-${language}.png`) });
        // Issue 17 (7): the merged card's points move to the survivor or are forfeited with a reason.
        const points = page.getByRole('group', { name: /Poin loyalitas|Loyalty points/ });
        await points.scrollIntoViewIfNeeded();
        assert((await points.getByRole('radio', { name: /^(Pindahkan ke|Move to)/ }).isChecked()) === true, 'points move by default');
        await page.screenshot({ path: path.join(screenshotDir, `dedup-points-${language}.png`) });
        await page.getByRole('button', { name: language === 'id' ? 'Gabungkan' : 'Merge', exact: true }).click();
        await page.getByRole('tab', { name: /Riwayat penggabungan|Merge history/ }).click();
        const history = page.getByRole('table', { name: /Riwayat penggabungan|Merge history/ });
        // The undo buttons are disabled while the list loads: shoot them as the manager will use them.
        await history.getByRole('button', { name: /^(Batalkan penggabungan|Undo the merge)/, disabled: false }).first().waitFor({ timeout: T });
        await page.screenshot({ path: path.join(screenshotDir, `dedup-history-${language}.png`) });
        // Undone later from the history, the cluster is back in the queue: the English pass compares it again.
        if (language === 'id') {
          await history.getByRole('button', { name: /^Batalkan penggabungan/ }).click();
          await history.getByText(/^Dibatalkan /).waitFor({ timeout: T });
        }
        await context.close();
      }
    } finally {
      await harness.close();
      store.sqlite.close();
    }
  },
});
