import { createHmac, scryptSync, timingSafeEqual } from 'node:crypto';

/**
 * Proof of who made a change, which the server can check and a device cannot forge.
 *
 * A staff member's secret (PIN or password) yields an authority key by a KDF salted with their id and the kind
 * of secret. The key is never stored on a device: the device derives it at sign-in from what was typed, keeps it
 * in memory for the session, and signs the changes made in it. The server alone keeps the keys (they reach it
 * with the change that sets the secret and are stripped there), so a hostile device that holds the replicated
 * hashes still cannot sign as a manager without knowing the manager's password.
 */
export type AuthorityKind = 'pin' | 'password';

export interface Authority {
  staffId: string;
  kind: AuthorityKind;
  /** base64 key derived from the typed secret */
  key: string;
}

/** What a change carries to say who made it. */
export interface ChangeAuthor {
  staffId: string;
  kind: AuthorityKind;
  signature: string;
}

/** The server-only keys a change that sets a secret hands to the server (column name in the change's data). */
export const AUTHORITY_KEYS_FIELD = 'authority_keys';

// Cheaper than the stored hashes: the keys live on the server only, so this cost guards a leaked server
// database, not a copied outlet PC.
const KDF = { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

export function deriveAuthorityKey(secret: string, staffId: string, kind: AuthorityKind): string {
  return scryptSync(secret.normalize('NFKC'), `akrab-authority:${kind}:${staffId}`, 32, KDF).toString('base64');
}

export interface SignedChange {
  deviceId: string;
  hlc: string;
  table: string;
  rowId: string;
  op: string;
  data: Record<string, unknown>;
}

/** The bytes a signature covers: every part of the change, the data with its keys sorted. */
export function changeMessage(change: SignedChange): string {
  const data = Object.keys(change.data)
    .sort()
    .map((k) => [k, change.data[k]]);
  return JSON.stringify([change.deviceId, change.hlc, change.table, change.rowId, change.op, data]);
}

export function signChange(key: string, change: SignedChange): string {
  return createHmac('sha256', Buffer.from(key, 'base64')).update(changeMessage(change)).digest('base64url');
}

export function verifyChangeSignature(key: string, change: SignedChange, signature: string): boolean {
  const expected = Buffer.from(signChange(key, change));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/**
 * A request for a customer's balance on the server (issue 17 point 4) is signed by the staff member redeeming,
 * for this device, this customer and this moment, so it cannot be replayed for another customer or later.
 */
export interface BalanceRead {
  deviceId: string;
  customerId: string;
  at: string;
}

export function signBalanceRead(key: string, read: BalanceRead): string {
  return createHmac('sha256', Buffer.from(key, 'base64'))
    .update(JSON.stringify(['loyalty.balance', read.deviceId, read.customerId, read.at]))
    .digest('base64url');
}

export function verifyBalanceRead(key: string, read: BalanceRead, signature: string): boolean {
  const expected = Buffer.from(signBalanceRead(key, read));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The `serverOnly` part of a write that sets a staff member's secrets: the keys their new secrets yield. */
export function authorityKeysFor(staffId: string, secrets: { pin?: string | null; password?: string | null }): Record<string, string> {
  const keys: Partial<Record<AuthorityKind, string>> = {};
  if (secrets.pin) keys.pin = deriveAuthorityKey(secrets.pin, staffId, 'pin');
  if (secrets.password) keys.password = deriveAuthorityKey(secrets.password, staffId, 'password');
  return { [AUTHORITY_KEYS_FIELD]: JSON.stringify(keys) };
}
