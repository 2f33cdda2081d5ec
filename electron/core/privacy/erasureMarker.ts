import { hlcSchema } from '../sync/protocol';

/** The audit action of an erasure; its entry is what marks the erasure for other replicas. */
export const ERASURE_ACTION = 'privacy.erase';

/**
 * Which changes an erasure wrote, as every replica (devices and the server) can tell from the erasure's
 * audit entry alone. The entry is the erasure's last write, and its details carry `changesFrom`: the stamp
 * of its first write, which is always the customer row's. The erasure runs in one synchronous transaction
 * and a device's clock only moves forward, so its writes are exactly the changes of the entry's device
 * stamped from `from` to `to` (the entry's own stamp). A stamp, not a list of rows, so the entry stays
 * small however many rows were scrubbed; entries without it (older apps) mark nothing.
 */
export interface ErasureMarker {
  deviceId: string;
  customerId: string;
  /** Stamp of the erasure's first write (to the customer row). */
  from: string;
  /** Stamp of its audit entry, its last write. */
  to: string;
}

/** Columns every write stamps; they say who and when, not what the customer's data was. */
export const STAMP_COLUMNS: readonly string[] = ['id', 'updated_at', 'updated_by_device', 'updated_by_staff', 'deleted_at'];

/** The erasure a change marks, when it is an erasure's audit entry (see ErasureMarker); otherwise null. */
export function erasureMarkerOf(change: {
  table: string;
  deviceId: string;
  hlc: string;
  data: Readonly<Record<string, unknown>>;
}): ErasureMarker | null {
  const { data } = change;
  if (change.table !== 'audit_log' || data.action !== ERASURE_ACTION || data.outcome !== 'ok') return null;
  if (typeof data.customer_id !== 'string' || typeof data.details !== 'string') return null;
  const from = changesFromOf(data.details);
  // Only the entry's own device's stamps, never past the entry: a marker cannot reach other devices' writes.
  if (!from || !hlcSchema.safeParse(from).success || deviceOf(from) !== change.deviceId || from > change.hlc) return null;
  return { deviceId: change.deviceId, customerId: data.customer_id, from, to: change.hlc };
}

function changesFromOf(details: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    // Details that are not JSON (written by hand or by a foreign client) mark no erasure.
    return null;
  }
  const from = (parsed as { changesFrom?: unknown } | null)?.changesFrom;
  return typeof from === 'string' ? from : null;
}

/** The device id at the end of a stamp (`<ISO ms>-<counter>-<device id>`). */
function deviceOf(hlc: string): string {
  return hlc.slice(hlc.indexOf('Z-') + 7);
}
