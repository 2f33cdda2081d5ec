/** The sync engine's public surface (plain Node, no electron import). */
export { applyRemoteChanges, applySnapshotRows, type RemoteChange, type ApplyResult } from './applyRemoteChanges';
export { SyncEngine, type SyncEngineOptions, type SyncRoundResult, type SyncStatus, type SyncPhase } from './syncEngine';
export { SyncClient, SyncError, type SyncErrorCode } from './syncClient';
export { startBackgroundSync, syncStatusOf, type BackgroundSync } from './backgroundSync';
export { listSyncConflicts, resolveCardConflict, countSyncConflicts, type SyncConflict } from './conflicts';
export { storeDigest, fieldsDigest } from './digest';
export { readSyncState } from './syncState';
