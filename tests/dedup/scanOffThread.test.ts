import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tempDir, tempStore } from '../support/tempStore';
import { bundledAsShipped } from '../support/electronBundle';
import { scanStore, scanStoreOffThread, useDedupScanEntry } from '../../electron/core/dedup/storeScan';
import { syntheticDuplicateSet } from '../../electron/core/dedup/syntheticDuplicates';
import { seedLabelledCustomers } from '../../electron/core/dedup/seedDuplicates';
import type { Store } from '../../electron/core/store/store';

/** What a scan stored, less its run id and timings: the clusters, their members and pairs with their evidence. */
function storedScan(store: Store) {
  const s = store.sqlite;
  const run = s.prepare('SELECT id, records, clusters, farming_clusters, households, estimated_people, stats FROM dedup_runs').get() as {
    id: string;
    stats: string;
  };
  const { millis: _millis, ...stats } = JSON.parse(run.stats) as Record<string, unknown>;
  const local = (id: string) => id.slice(run.id.length);
  return {
    run: { ...run, id: undefined, stats },
    clusters: (s.prepare('SELECT * FROM dedup_clusters ORDER BY rowid').all() as { id: string; run_id: string }[]).map((c) => ({ ...c, id: local(c.id), run_id: undefined })),
    members: (s.prepare('SELECT * FROM dedup_cluster_members ORDER BY cluster_id, customer_id').all() as { cluster_id: string }[]).map((m) => ({
      ...m,
      cluster_id: local(m.cluster_id),
    })),
    pairs: (s.prepare('SELECT * FROM dedup_pairs ORDER BY rowid').all() as { cluster_id: string }[]).map((p) => ({ ...p, cluster_id: local(p.cluster_id) })),
  };
}

function storeWithDuplicates(): Store {
  const store = tempStore();
  seedLabelledCustomers(store, [...syntheticDuplicateSet({ cards: 2500, seed: 11, farmerRate: 0.03 })]);
  return store;
}

describe('the duplicate scan on a thread of its own (dedup.scan in the app)', () => {
  afterEach(() => {
    useDedupScanEntry();
    vi.restoreAllMocks();
  });

  it('stores what the scan on the app thread stores, while the app thread keeps answering', async () => {
    const store = storeWithDuplicates();
    const here = scanStore(store);
    const expected = storedScan(store);
    const warn = vi.spyOn(console, 'warn');
    let ticks = 0;
    const ticking = setInterval(() => ticks++, 5);
    const summary = await scanStoreOffThread(store);
    clearInterval(ticking);
    expect(warn).not.toHaveBeenCalled();
    // Scanning 2,500 cards on this thread would leave no turn to the timer until it ended.
    expect(ticks).toBeGreaterThan(10);
    expect({ ...summary, runId: '', millis: {} }).toEqual({ ...here, runId: '', millis: {} });
    expect(storedScan(store)).toEqual(expected);
  }, 90_000);

  it('saves on its own connection: the app thread\'s connection writes nothing for the scan', async () => {
    const store = storeWithDuplicates();
    scanStore(store);
    const writtenHere = () => store.sqlite.prepare('SELECT total_changes()').pluck().get() as number;
    const before = writtenHere();
    const summary = await scanStoreOffThread(store);
    expect(writtenHere()).toBe(before);
    // What it saved is what the app's thread reads: this scan's run, its clusters and their members.
    expect(store.sqlite.prepare('SELECT id FROM dedup_runs').pluck().all()).toEqual([summary.runId]);
    expect(store.sqlite.prepare('SELECT count(*) FROM dedup_clusters WHERE run_id = ?').pluck().get(summary.runId)).toBe(summary.clusters + summary.households);
    expect(store.sqlite.prepare('SELECT count(*) FROM dedup_clusters WHERE run_id <> ?').pluck().get(summary.runId)).toBe(0);
  }, 90_000);

  it('runs as the compiled file the Electron build ships (build/buildElectron.mjs)', async () => {
    useDedupScanEntry(await bundledAsShipped('electron/core/dedup/dedupScanThread.ts', 'dedupScan.cjs'));
    const store = storeWithDuplicates();
    const warn = vi.spyOn(console, 'warn');
    const summary = await scanStoreOffThread(store);
    expect(summary.records).toBe(2500);
    expect(summary.farmingClusters).toBeGreaterThan(0);
    expect(warn).not.toHaveBeenCalled();
  }, 90_000);

  it('when its thread cannot start, scans on this thread instead, and says so', async () => {
    useDedupScanEntry(path.join(tempDir(), 'missing.cjs'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const store = storeWithDuplicates();
    const summary = await scanStoreOffThread(store);
    expect(summary.records).toBe(2500);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('its own thread failed'), expect.any(Error));
  }, 90_000);

  it('a save that fails (here a tampered store refusing the results) fails the scan and keeps the last results', async () => {
    const store = storeWithDuplicates();
    scanStore(store);
    const before = storedScan(store);
    // Only someone writing the file could add this; a full disk or a damaged page fails the save the same way.
    store.sqlite.exec(`CREATE TRIGGER refuse_runs BEFORE INSERT ON dedup_runs BEGIN SELECT RAISE(ABORT, 'refused by a tampered store'); END`);
    expect(() => scanStore(store)).toThrow(/refused by a tampered store/);
    expect(storedScan(store)).toEqual(before);
    // On its own thread the scan fails the same way, and is not run again on the app's thread.
    const warn = vi.spyOn(console, 'warn');
    await expect(scanStoreOffThread(store)).rejects.toThrow(/refused by a tampered store/);
    expect(warn).not.toHaveBeenCalled();
    expect(storedScan(store)).toEqual(before);
  }, 90_000);
});
