import type { Handlers } from '../api/handlers';
import type { Store } from '../store/store';
import { rejectCluster } from './decisions';
import { listMerges, unmergeCustomers } from './merge';
import { bulkMerge, clusterDetail, listClusters, mergeCluster } from './reviewQueue';
import { lastScan, scanStoreOffThread } from './storeScan';

type DedupCall = Extract<keyof Handlers, `dedup.${string}`>;

/** The review queue's contract calls (managers), bound to one open store. */
export function createDedupHandlers(store: Store): Pick<Handlers, DedupCall> {
  return {
    'dedup.scan': () => scanStoreOffThread(store),
    'dedup.lastScan': () => lastScan(store),
    'dedup.clusters': (input) => listClusters(store, input),
    'dedup.cluster': ({ clusterId }) => clusterDetail(store, clusterId),
    'dedup.merge': ({ clusterId, survivorId, fieldChoices, reason, points, pointsReason }) =>
      mergeCluster(store, clusterId, { survivorId, fieldChoices, reason, points, pointsReason }),
    'dedup.unmerge': ({ mergeId }) => unmergeCustomers(store, mergeId),
    'dedup.rejectCluster': ({ clusterId, reason }) => ({ pairs: rejectCluster(store, clusterId, reason ?? null) }),
    'dedup.bulkMerge': ({ minConfidence, kind }) => ({ merged: bulkMerge(store, minConfidence, kind).merged }),
    'dedup.merges': ({ limit }) => listMerges(store, limit),
  };
}
