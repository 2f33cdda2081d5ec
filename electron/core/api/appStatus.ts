import type { AppStatus } from '../../../shared/types';
import { currentOutlet } from '../outlets/outlets';
import type { Store } from '../store/store';

export function appStatus(store: Store): AppStatus {
  const outlet = currentOutlet(store);
  const s = store.sqlite;
  return {
    deviceId: store.deviceId,
    outletCode: outlet?.code ?? null,
    outletName: outlet?.name ?? null,
    staffName: store.staff,
    customerCount: s.prepare(`SELECT count(*) FROM customers WHERE deleted_at IS NULL`).pluck().get() as number,
    pendingChanges: s.prepare(`SELECT count(*) FROM changes WHERE pushed_at IS NULL`).pluck().get() as number,
    // Reachability and last sync come from the sync engine, which does not exist yet: unknown, not "offline".
    serverReachable: null,
    lastSyncAt: null,
  };
}
