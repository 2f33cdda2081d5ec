import type { Store } from '../store/store';
import { SyncEngine, type SyncEngineOptions, type SyncStatus } from './syncEngine';

export interface BackgroundSync {
  engine: SyncEngine;
  status(): SyncStatus;
  /** Call after a local write so it leaves soon rather than at the next interval. */
  nudge(): void;
  stop(): void;
}

const running = new WeakMap<Store, BackgroundSync>();

/**
 * Runs the sync engine in the background for the Electron main process (or the web harness): a round every
 * `intervalMs`, exponential backoff while the server is unreachable, status pushed to `onStatus` (forward it
 * to the renderer's status bar: reachable, pending, lastSyncAt). Plain Node: no electron import.
 */
export function startBackgroundSync(
  store: Store,
  options: SyncEngineOptions & { intervalMs?: number; onStatus?: (status: SyncStatus) => void } = {},
): BackgroundSync {
  const existing = running.get(store);
  if (existing) return existing;
  const engine = new SyncEngine(store, options);
  const unsubscribe = options.onStatus ? engine.onStatus(options.onStatus) : () => undefined;
  engine.start({ intervalMs: options.intervalMs });
  const handle: BackgroundSync = {
    engine,
    status: () => engine.status(),
    nudge: () => engine.requestSync(),
    stop: () => {
      unsubscribe();
      engine.stop();
      running.delete(store);
    },
  };
  running.set(store, handle);
  return handle;
}

/** The status for `appStatus` (serverReachable, lastSyncAt): null when no background sync runs for this store. */
export function syncStatusOf(store: Store): SyncStatus | null {
  return running.get(store)?.status() ?? null;
}

/** The background sync's engine for calls that must ask the server now (the counter's redemption); null when none runs. */
export function syncEngineOf(store: Store): SyncEngine | null {
  return running.get(store)?.engine ?? null;
}
