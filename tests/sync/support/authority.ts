import { deriveAuthorityKey, signChange } from '../../../electron/core/authority/signing';
import { randomBytes } from 'node:crypto';
import { HybridClock } from '../../../electron/core/clock/hybridClock';
import { ensureOutlet } from '../../../electron/core/outlets/outlets';
import type { OutgoingChange, PushResponse } from '../../../electron/core/sync/protocol';
import { SyncEngine, type SyncEngineOptions } from '../../../electron/core/sync/syncEngine';
import { saveEnrolment } from '../../../electron/core/sync/syncState';
import type { Store } from '../../../electron/core/store/store';
import type { ServerDrizzle } from '../../../server/storage/database';
import { createFirstAdmin } from '../../../server/storage/serverChanges';
import { registerDeviceDirectly } from '../../../server/storage/syncStorage';
import type { RunningServer } from '../../../server/main';

export const ADMIN = { name: 'Admin Ayu', pin: '73916428', password: 'kunci-admin-ayu-2026' };

/** The chain's first admin, made on the server as `akrab server create-admin` makes it. */
export async function firstAdmin(db: ServerDrizzle): Promise<{ staffId: string }> {
  return createFirstAdmin(db, ADMIN);
}

/**
 * The store's writes from now on are signed by this staff member's password session, as dispatch sets it for a
 * signed-in manager (DeviceSession.authority).
 */
export function signedBy(store: Store, staffId: string, password = ADMIN.password): Store {
  store.authority = { staffId, kind: 'password', key: deriveAuthorityKey(password, staffId, 'password') };
  return store;
}

/** Whose authority key signs a raw change pushed in an attack test. */
export interface RawSigner {
  staffId: string;
  kind: 'pin' | 'password';
  key: string;
}

/** A device enrolled on the server that pushes changes it made up, stamped by its own clock. */
export interface RawDevice {
  serverUrl: string;
  deviceId: string;
  token: string;
  clock: HybridClock;
}

/** A new device enrolled on `server` for `outletCode`, with no store behind it: it pushes only what pushRaw makes up. */
export async function enrolRawDevice(server: RunningServer, outletCode: string): Promise<RawDevice> {
  const deviceId = randomBytes(8).toString('hex');
  return { serverUrl: server.url, deviceId, token: await registerDeviceDirectly(server.database.db, deviceId, outletCode), clock: new HybridClock(deviceId) };
}

/**
 * Pushes made-up changes from `device` straight to /sync/push, each signed by `signer` (unsigned for null) unless it
 * names its own `signer`, as a hostile or tampered device would; answers each change's refusal reason, or
 * 'accepted', in order.
 */
export async function pushRaw(
  device: RawDevice,
  signer: RawSigner | null,
  changes: readonly (Omit<OutgoingChange, 'id' | 'hlc' | 'author'> & { signer?: RawSigner | null })[],
): Promise<string[]> {
  const outgoing: OutgoingChange[] = changes.map(({ signer: own, ...change }, i) => {
    const hlc = device.clock.tick();
    const by = own === undefined ? signer : own;
    const author = by
      ? { staffId: by.staffId, kind: by.kind, signature: signChange(by.key, { deviceId: device.deviceId, hlc, ...change }) }
      : undefined;
    return { id: 900_000 + i, hlc, ...change, ...(author ? { author } : {}) };
  });
  const response = await fetch(`${device.serverUrl}/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${device.token}` },
    body: JSON.stringify({ deviceId: device.deviceId, batchId: `raw-${Math.random()}`, changes: outgoing }),
  });
  if (!response.ok) throw new Error(`/sync/push answered ${response.status}: ${await response.text()}`);
  const body = (await response.json()) as PushResponse;
  return outgoing.map((c) => body.refused.find((r) => r.id === c.id)?.reason ?? 'accepted');
}

/** `store` as a counter of `outletCode` enrolled on `server`, `adminId` signed in, synced once, its outlet known. */
export async function enrolledCounter<S extends Store>(
  server: RunningServer,
  adminId: string,
  store: S,
  options: { outletCode?: string; engine?: SyncEngineOptions } = {},
): Promise<{ store: S; engine: SyncEngine }> {
  const outletCode = options.outletCode ?? 'BDG01';
  saveEnrolment(store, server.url, await registerDeviceDirectly(server.database.db, store.deviceId, outletCode), outletCode);
  const engine = new SyncEngine(store, { serverUrl: server.url, ...options.engine });
  signedBy(store, adminId);
  await engine.syncOnce();
  ensureOutlet(store, outletCode);
  return { store, engine };
}
