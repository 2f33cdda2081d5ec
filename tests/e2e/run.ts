/**
 * End-to-end run: builds the renderer, serves it with the real core on temporary seeded stores through the web
 * harness, and drives Debian's chromium with playwright-core. Exits non-zero if any test fails.
 *
 *   npx tsx tests/e2e/run.ts [NAME-PART] [--update-screenshots]   (E2E_CUSTOMERS=2000 by default; CHROMIUM_PATH to override the browser)
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { openStore } from '../../electron/core/store/store';
import { buildRenderer, launchChromium, removeTempDataDirs, root, screenshotDir, seededStore, serve, tempDataDir } from './support';
import { tests as boothTests } from './booth.e2e';
import { tests as reportTests } from './reports.e2e';
import { tests as authTests } from './auth.e2e';
import { tests as careTests } from './care.e2e';
import { tests as dedupTests } from './dedup.e2e';
import { tests as counterTests } from './counter.e2e';
import { tests as campaignTests } from './campaigns.e2e';
import { tests as loyaltyTests } from './loyalty.e2e';
import { tests as knowledgeTests } from './knowledge.e2e';

const tests = [...boothTests, ...reportTests, ...authTests, ...careTests, ...dedupTests, ...counterTests, ...campaignTests, ...loyaltyTests, ...knowledgeTests];

const customers = Number(process.env.E2E_CUSTOMERS ?? 2000);
const filter = process.argv.slice(2).find((arg) => !arg.startsWith('--'));

async function main(): Promise<number> {
  const started = performance.now();
  if (!process.env.E2E_SKIP_BUILD) buildRenderer();
  mkdirSync(screenshotDir, { recursive: true });
  const dir = tempDataDir();
  const emptyDir = tempDataDir();
  const store = seededStore(dir, customers);
  const emptyStore = openStore(path.join(emptyDir, 'akrab.sqlite'));
  console.log(`seeded ${customers} customers in ${Math.round(performance.now() - started)} ms (including build)`);
  const harness = await serve(store);
  const emptyHarness = await serve(emptyStore);
  const browser = await launchChromium();
  const results: { name: string; ok: boolean; ms: number; error?: string }[] = [];
  try {
    for (const test of tests) {
      if (filter && !test.name.includes(filter)) continue;
      const t0 = performance.now();
      try {
        await test.run({ browser, harness, store, emptyHarness });
        results.push({ name: test.name, ok: true, ms: performance.now() - t0 });
        console.log(`  ✓ ${test.name} (${Math.round(performance.now() - t0)} ms)`);
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        results.push({ name: test.name, ok: false, ms: performance.now() - t0, error: message });
        console.log(`  ✗ ${test.name}\n    ${message.split('\n').join('\n    ')}`);
      }
    }
  } finally {
    await browser.close();
    await harness.close();
    await emptyHarness.close();
    store.sqlite.close();
    emptyStore.sqlite.close();
    removeTempDataDirs();
  }
  const failed = results.filter((r) => !r.ok);
  console.log(`\ne2e: ${results.length - failed.length} passed, ${failed.length} failed (${Math.round((performance.now() - started) / 1000)} s); screenshots in ${path.relative(root, screenshotDir)}/`);
  return failed.length === 0 && results.length > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
