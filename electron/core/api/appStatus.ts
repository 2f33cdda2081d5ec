import type { AppStatus } from '../../../shared/types';
import { currentOutlet } from '../outlets/outlets';
import type { Store } from '../store/store';
import { counterValue } from '../store/counters';
import { syncStatusOf } from '../sync/backgroundSync';
import { PENDING_COUNT_CAP, pendingChangeCount, readSyncState } from '../sync/syncState';
import { refusedChangeCount } from '../sync/revertRefused';

export function appStatus(store: Store): AppStatus {
  const outlet = currentOutlet(store);
  const sync = syncStatusOf(store);
  const pending = pendingChangeCount(store);
  return {
    deviceId: store.deviceId,
    outletCode: outlet?.code ?? null,
    outletName: outlet?.name ?? null,
    staffName: store.staff,
    outletTimeZone: outlet?.time_zone ?? 'Asia/Jakarta',
    // A running total kept by triggers (migration 0008): a count(*) here took seconds on a million customers.
    customerCount: counterValue(store, 'customers'),
    pendingChanges: pending,
    pendingChangesCapped: pending >= PENDING_COUNT_CAP,
    refusedChanges: refusedChangeCount(store),
    clockAhead: sync?.lastError?.code === 'clock_ahead',
    // From the background sync engine; null (unknown, not "offline") where none runs, e.g. a device never enrolled.
    serverReachable: sync?.reachable ?? null,
    lastSyncAt: sync?.lastSyncAt ?? readSyncState(store).lastSyncAt,
  };
}
