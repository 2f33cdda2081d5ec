import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { defaultDataDir, storeFile } from '../core/dataDir';
import { openStore } from '../core/store/store';
import { startHarness } from './harness';
import { startBackgroundSync } from '../core/sync/backgroundSync';
import { readSyncState } from '../core/sync/syncState';
import { startRuleSchedule } from '../core/care/followUps/ruleSchedule';
import { ensurePrivateDir } from '../core/store/privateFiles';

/** `npm run web`: the core in Node plus the built renderer, on 127.0.0.1 with a per-run token. */
const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, port: { type: 'string' } } });
const dataDir = values['data-dir'] ?? defaultDataDir();
ensurePrivateDir(dataDir);
const store = openStore(storeFile(dataDir));
const rendererDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/renderer');
// An enrolled device syncs in the background; the status bar reads its state through app.status.
const sync = readSyncState(store).token ? startBackgroundSync(store) : null;
const harness = await startHarness({ store, rendererDir, port: values.port ? Number(values.port) : 0 });
// Birthdays, satisfaction calls, escalations: the follow-up rules run shortly after start, then hourly.
const rules = startRuleSchedule(store);
console.log(`Akrab web harness: ${harness.url}/#token=${harness.token}`);
console.log(`Data: ${storeFile(dataDir)}  (Ctrl+C to stop)`);
const stop = async () => {
  sync?.stop();
  rules.stop();
  await harness.close();
  store.sqlite.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
