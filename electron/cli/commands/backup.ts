import { parseArgs } from 'node:util';
import path from 'node:path';
import { storeFile } from '../../core/dataDir';
import { backupStore, restoreStore } from '../../core/store/backup';
import { ensurePrivateDir } from '../../core/store/privateFiles';
import type { Command } from '../context';

/** akrab backup --out FILE — a checked copy of the device store, taken while the app runs. */
export const backup: Command = async (args, ctx) => {
  const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
  if (!values.out) return ctx.err('usage: akrab backup --out FILE'), 2;
  const summary = await backupStore(storeFile(ctx.dataDir), path.resolve(values.out));
  if (ctx.json) ctx.out(JSON.stringify(summary));
  else ctx.out(`Backup written: ${summary.file} (${(summary.bytes / 1024 / 1024).toFixed(1)} MiB, schema ${summary.schemaVersion}, device ${summary.deviceId})`);
  return 0;
};

/** akrab restore FILE [--force] — puts a backup in place of the store (with the app stopped); the old store is kept aside. */
export const restore: Command = async (args, ctx) => {
  const { values, positionals } = parseArgs({ args, options: { force: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length !== 1) return ctx.err('usage: akrab restore FILE [--force]'), 2;
  ensurePrivateDir(ctx.dataDir);
  const summary = await restoreStore(storeFile(ctx.dataDir), path.resolve(positionals[0]!), { force: values.force === true });
  if (ctx.json) ctx.out(JSON.stringify(summary));
  else {
    ctx.out(`Restored ${summary.restoredFrom}: ${summary.customers} customers, ${summary.unpushed} changes still to push.`);
    if (summary.keptAside) ctx.out(`The store that was there is kept as ${summary.keptAside}.`);
    ctx.out('The next sync bootstraps this device again from the server and then pushes its own changes.');
  }
  return 0;
};
