import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AkrabError } from '../../../shared/errors';
import { storeFile } from '../../core/dataDir';
import { closeStore, openStore } from '../../core/store/store';
import { listSyncConflicts } from '../../core/sync/conflicts';
import { SyncEngine } from '../../core/sync/syncEngine';
import { SyncError } from '../../core/sync/syncClient';
import { ensurePrivateDir } from '../../core/store/privateFiles';

export interface SyncCommandContext {
  dataDir: string;
  json: boolean;
  out?: (line: string) => void;
  err?: (line: string) => void;
}

/**
 * `akrab sync --server URL [--enroll CODE] [--json]`: one round (enrol if a code is given, push, pull) and
 * the counts. Exit 0 on success, 1 when the server refused or could not be reached, 2 on bad usage.
 */
export async function run(args: string[], ctx: SyncCommandContext): Promise<number> {
  const out = ctx.out ?? ((l: string) => console.log(l));
  const err = ctx.err ?? ((l: string) => console.error(l));
  const { values } = parseArgs({
    args,
    options: {
      server: { type: 'string' },
      enroll: { type: 'string' },
      enrol: { type: 'string' },
      'timeout-ms': { type: 'string' },
      ca: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const json = ctx.json || values.json === true;
  let ca: string | undefined;
  if (values.ca) {
    if (!existsSync(values.ca)) return (err(`--ca: no such file: ${values.ca}`), 2);
    ca = readFileSync(values.ca, 'utf8');
  }
  ensurePrivateDir(ctx.dataDir);
  const store = openStore(storeFile(ctx.dataDir));
  try {
    const engine = new SyncEngine(store, {
      serverUrl: values.server,
      ca,
      timeoutMs: values['timeout-ms'] ? Number(values['timeout-ms']) : 30_000,
    });
    const code = values.enroll ?? values.enrol;
    let enrolledNow: string | null = null;
    if (code) enrolledNow = (await engine.enrol(code)).outletCode;
    if (engine.tokenSealedElsewhere) {
      err("This device's sync token is sealed by the desktop app's OS keystore, which this command cannot open: sync from the Akrab app.");
      return 2;
    }
    if (!engine.enrolled) {
      err(
        'This device is not enrolled: ask an admin for a code (akrab server enroll --outlet CODE) and run akrab sync --server URL --enroll CODE.',
      );
      return 2;
    }
    const round = await engine.syncOnce();
    const conflicts = listSyncConflicts(store);
    if (json) out(JSON.stringify({ deviceId: store.deviceId, ...(enrolledNow && { enrolledOutlet: enrolledNow }), ...round, conflicts }));
    else {
      if (enrolledNow) out(`Enrolled device ${store.deviceId} for outlet ${enrolledNow}.`);
      out(
        `Pushed ${round.pushed} change(s)${round.pushDuplicates ? ` (${round.pushDuplicates} already on the server)` : ''}, pulled ${round.pulled}${round.snapshotRows ? ` (snapshot: ${round.snapshotRows} rows)` : ''}; ${round.pending} waiting.`,
      );
      for (const c of conflicts) out(`  conflict: ${c.table} ${c.rowId} wants ${c.column} ${c.value}, held by ${c.heldByRowId}`);
    }
    return 0;
  } catch (error) {
    if (error instanceof SyncError) {
      if (json) out(JSON.stringify({ error: { code: error.code, messageKey: error.messageKey } }));
      err(`sync failed: ${syncFailure(error)}`);
      return 1;
    }
    if (error instanceof AkrabError && error.messageKey === 'error.sync.ca_invalid') return (err(`--ca: ${values.ca} holds no PEM certificate`), 2);
    throw error;
  } finally {
    closeStore(store);
  }
}

function syncFailure(error: SyncError): string {
  if (error.code === 'device_revoked') return 'this device has been revoked by the server admin';
  if (error.code === 'certificate_untrusted')
    return `the server's certificate is not trusted (${error.message}). If the server uses a private certificate, give it with --ca FILE (once: it is remembered).`;
  return error.message;
}

/** The same command in the CLI's Command shape. */
export const sync = run;
