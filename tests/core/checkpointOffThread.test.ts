import { statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lastCheckpointDone, useCheckpointEntry, withCheckpointOffThread } from '../../electron/core/store/checkpointOffThread';
import { bundledAsShipped } from '../support/electronBundle';
import { tempDir, tempStore } from '../support/tempStore';

afterEach(() => {
  useCheckpointEntry();
  vi.restoreAllMocks();
});

const MB = 1024 * 1024;

/** A store and one transaction of about 24 MB (6,000 pages: six times the automatic checkpoint's 1,000). */
function largeWrite() {
  const store = tempStore();
  store.sqlite.exec('CREATE TABLE scratch (x BLOB)');
  const fileBytes = () => statSync(store.file).size;
  const write = () => {
    const insert = store.sqlite.prepare('INSERT INTO scratch VALUES (randomblob(4000))');
    store.sqlite.transaction(() => {
      for (let i = 0; i < 6000; i++) insert.run();
    })();
  };
  return { store, fileBytes, write };
}

describe('a large write whose checkpoint runs on its own thread', () => {
  it('returns with its pages still in the log; the thread then copies them into the file', async () => {
    const { store, fileBytes, write } = largeWrite();
    const warn = vi.spyOn(console, 'warn');
    const before = fileBytes();
    withCheckpointOffThread(store, true, write);
    // The commit did not copy the log into the file (the automatic checkpoint would have, on this thread), and
    // neither does the next small write while the thread is at work.
    expect(fileBytes() - before).toBeLessThan(MB);
    store.sqlite.prepare('INSERT INTO scratch VALUES (1)').run();
    expect(fileBytes() - before).toBeLessThan(MB);
    await lastCheckpointDone();
    expect(fileBytes() - before).toBeGreaterThan(20 * MB);
    expect(store.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    expect(warn).not.toHaveBeenCalled();
    expect(store.sqlite.prepare('SELECT count(*) FROM scratch').pluck().get()).toBe(6001);
  });

  it('gives the automatic checkpoint back when writes through the store and through a view of it overlap', async () => {
    const { store, write } = largeWrite();
    // The daily pass writes through a view of the store (care/followUps/ruleSchedule.ts), on the same connection.
    const view = Object.create(store) as typeof store;
    withCheckpointOffThread(store, true, write);
    withCheckpointOffThread(view, true, write);
    await lastCheckpointDone();
    // Each copy gives its hold back when it ends, in either order.
    await vi.waitFor(() => expect(store.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000), { timeout: 10_000 });
  });

  it('leaves a small write to the automatic checkpoint, which copies before the write returns', () => {
    const { store, fileBytes, write } = largeWrite();
    const before = fileBytes();
    withCheckpointOffThread(store, false, write);
    expect(fileBytes() - before).toBeGreaterThan(20 * MB);
  });

  it('inside an outer transaction leaves the copy to the automatic checkpoint at its commit', () => {
    const { store, fileBytes, write } = largeWrite();
    const before = fileBytes();
    store.sqlite.transaction(() => withCheckpointOffThread(store, true, write))();
    expect(fileBytes() - before).toBeGreaterThan(20 * MB);
    expect(store.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('a failed write gives the automatic checkpoint back and starts no copy', async () => {
    const { store } = largeWrite();
    const fail = () => {
      throw new Error('write failed');
    };
    expect(() => withCheckpointOffThread(store, true, fail)).toThrow('write failed');
    expect(store.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('runs as the compiled file the Electron build ships (build/buildElectron.mjs)', async () => {
    useCheckpointEntry(await bundledAsShipped('electron/core/store/checkpointThread.ts', 'checkpoint.cjs'));
    const warn = vi.spyOn(console, 'warn');
    const { store, fileBytes, write } = largeWrite();
    const before = fileBytes();
    withCheckpointOffThread(store, true, write);
    await lastCheckpointDone();
    expect(fileBytes() - before).toBeGreaterThan(20 * MB);
    expect(warn).not.toHaveBeenCalled();
  });

  it('when its thread cannot start, copies on this thread instead, and says so', async () => {
    useCheckpointEntry(path.join(tempDir(), 'missing.cjs'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { store, fileBytes, write } = largeWrite();
    const before = fileBytes();
    withCheckpointOffThread(store, true, write);
    await lastCheckpointDone();
    expect(fileBytes() - before).toBeGreaterThan(20 * MB);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('its own thread failed'), expect.any(Error));
  });
});
