/**
 * A first bootstrap in its own process, for the kill test: `tsx bootstrapChild.ts STORE_FILE PAGE_ROWS PAGES`.
 * Asks for snapshot pages of PAGE_ROWS rows; the request after PAGES pages never answers, and the child prints
 * "stuck" (the pages before it are applied, the bootstrap still running) and waits to be killed.
 */
import { openStore } from '../../../electron/core/store/store';
import { SyncEngine } from '../../../electron/core/sync/syncEngine';

const [file, pageRows, pages] = process.argv.slice(2);
const store = openStore(file!);
let snapshotRequests = 0;
const stalling: typeof fetch = async (input, init) => {
  if (String(input).endsWith('/sync/snapshot') && ++snapshotRequests > Number(pages)) {
    // The page before this request is being applied (the engine asks one page ahead): say so once it is in.
    setTimeout(() => process.stdout.write('stuck\n'), 500);
    return new Promise<Response>(() => undefined);
  }
  return fetch(input, init);
};
const engine = new SyncEngine(store, { snapshotLimit: Number(pageRows), fetch: stalling, timeoutMs: 600_000, compactionBudgetMs: 0 });
await engine.syncOnce();
process.stdout.write('finished before it was stuck\n');
