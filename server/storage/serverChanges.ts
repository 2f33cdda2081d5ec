import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { ulid } from 'ulid';
import { authorityKeysFor, AUTHORITY_KEYS_FIELD } from '../../electron/core/authority/signing';
import { hashSecret } from '../../electron/core/auth/secrets';
import { checkNewPassword, checkNewPin } from '../../electron/core/auth/secretRules';
import { HybridClock } from '../../electron/core/clock/hybridClock';
import type { ErasureMarker } from '../../electron/core/privacy/erasureMarker';
import { rows, type ServerDrizzle } from './database';
import { PUSH_LOCK } from './locks';
import type { StaffState } from '../authority/authorityView';

type Tx = Pick<ServerDrizzle, 'execute'>;
type Data = Record<string, string | number | boolean | null>;

/**
 * The server writes a few changes of its own (its audit entry of each erasure it accepted, the first admin). They
 * go into the log like a device's, stamped by this process's clock under a node id no device can take
 * (`server-…`, refused at enrolment), so every device pulls them as it pulls any change.
 */
export const SERVER_NODE_PREFIX = 'server-';
const node = `${SERVER_NODE_PREFIX}${randomBytes(6).toString('hex')}`;
const clock = new HybridClock(node, undefined, Date.now);

export interface ServerChange {
  table: string;
  rowId: string;
  data: Data;
}

/** Stores changes as this server's own; run under the push lock so sequence numbers commit in order. */
export async function insertServerChanges(tx: Tx, list: readonly ServerChange[]): Promise<void> {
  if (list.length === 0) return;
  const payload = JSON.stringify(list.map((c) => ({ hlc: clock.tick(), table_name: c.table, row_id: c.rowId, data: c.data })));
  await tx.execute(sql`
    INSERT INTO changes (device_id, hlc, table_name, row_id, op, data)
    SELECT ${node}, x.hlc, x.table_name, x.row_id, 'upsert', x.data
    FROM jsonb_to_recordset(${payload}::jsonb) AS x(hlc text, table_name text, row_id text, data jsonb)`);
}

function auditColumns(at: string): Data {
  return {
    created_at: at,
    updated_at: at,
    created_by_device: node,
    created_by_staff: null,
    updated_by_device: node,
    updated_by_staff: null,
    deleted_at: null,
  };
}

/** The action of the server's own audit entry of an erasure it verified and accepted. */
export const VERIFIED_ERASURE_ACTION = 'privacy.erase.verified';

/** The server's own audit entry of an erasure it verified and accepted. */
export function erasureAuditEntry(erasure: { marker: ErasureMarker; by: StaffState }): ServerChange {
  const at = new Date().toISOString();
  const id = ulid();
  return {
    table: 'audit_log',
    rowId: id,
    data: {
      id,
      at,
      staff_id: erasure.by.id,
      staff_name: erasure.by.name,
      action: VERIFIED_ERASURE_ACTION,
      call: null,
      customer_id: erasure.marker.customerId,
      outcome: 'ok',
      details: JSON.stringify({ device: erasure.marker.deviceId, changesFrom: null, verifiedBy: 'server' }),
      ...auditColumns(at),
    },
  };
}

/**
 * The chain's first admin, made on the server by whoever runs it (`akrab server create-admin`): no device can
 * make one, since no device's word is proof of anything before an admin exists.
 */
export async function createFirstAdmin(
  db: ServerDrizzle,
  input: { name: string; pin: string; password: string },
): Promise<{ staffId: string }> {
  const name = input.name.trim();
  if (!name) throw new Error('a name is needed');
  checkNewPin(input.pin);
  checkNewPassword(input.password);
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${PUSH_LOCK})`);
    // Refused once authority exists; a chain upgraded from before keys existed has staff but no keys yet, and gets
    // its first admin this way too (who then resets the others' secrets, which hands the server their keys).
    const [existing] = await rows<{ n: number | string }>(tx, sql`SELECT count(*) AS n FROM staff_keys`);
    if (Number(existing?.n ?? 0) > 0) throw new Error('the first admin exists already');
    const staffId = ulid();
    const at = new Date().toISOString();
    const keys = JSON.parse(authorityKeysFor(staffId, input)[AUTHORITY_KEYS_FIELD]!) as Record<string, string>;
    for (const [kind, key] of Object.entries(keys))
      await tx.execute(sql`INSERT INTO staff_keys (staff_id, kind, key) VALUES (${staffId}, ${kind}, ${key})`);
    await insertServerChanges(tx, [
      {
        table: 'staff',
        rowId: staffId,
        data: {
          id: staffId,
          outlet_id: null,
          name,
          role: 'admin',
          pin_hash: hashSecret(input.pin),
          password_hash: hashSecret(input.password),
          active: 1,
          ...auditColumns(at),
        },
      },
    ]);
    return { staffId };
  });
}
