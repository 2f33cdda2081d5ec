import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { aCustomer } from '../support/builders';
import { tempStore } from '../support/tempStore';

/** Another connection to the store's file, on a thread of its own, that holds the write lock for `holdMs`. */
async function holdWriteLock(file: string, holdMs: number): Promise<Worker> {
  const holder = new Worker(
    `const { workerData, parentPort } = require('node:worker_threads');
     const Database = require('better-sqlite3');
     const db = new Database(workerData.file);
     db.exec('BEGIN IMMEDIATE');
     db.prepare("INSERT INTO settings (key, value) VALUES ('held-by-another-connection', '1')").run();
     parentPort.postMessage('holding');
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.holdMs);
     db.exec('COMMIT');
     db.close();
     parentPort.postMessage('released');`,
    { eval: true, workerData: { file, holdMs } },
  );
  const [message] = (await once(holder, 'message')) as [string];
  expect(message).toBe('holding');
  return holder;
}

describe('a write while another connection writes (the duplicate scan saving on its thread, a CLI import)', () => {
  it('waits for the other write to end instead of failing with "database is locked"', async () => {
    const store = tempStore();
    const holder = await holdWriteLock(store.file, 1_500);
    const started = Date.now();
    // Registration reads (is the card taken?) before it writes: as a deferred transaction it could not wait.
    const registered = registerCustomer(store, aCustomer().named('Siti Rahayu').build());
    const waited = Date.now() - started;
    await once(holder, 'exit');
    expect(registered.id).toBeTruthy();
    expect(waited).toBeGreaterThan(1_000);
    expect(store.sqlite.prepare("SELECT value FROM settings WHERE key = 'held-by-another-connection'").pluck().get()).toBe('1');
  }, 30_000);
});
