/**
 * A sync client in its own process, for the kill tests: `tsx syncChild.ts STORE_FILE [pushBatch] [pullLimit]`.
 * Prints "ready" once the store is open, then one round, then "done <json>".
 */
import { closeStore, openStore } from '../../../electron/core/store/store';
import { SyncEngine } from '../../../electron/core/sync/syncEngine';

const [file, pushBatch, pullLimit] = process.argv.slice(2);
const store = openStore(file!);
const engine = new SyncEngine(store, { pushBatch: Number(pushBatch ?? 200), pullLimit: Number(pullLimit ?? 200), snapshotLimit: 100 });
process.stdout.write('ready\n');
const result = await engine.syncOnce();
closeStore(store);
process.stdout.write(`done ${JSON.stringify(result)}\n`);
