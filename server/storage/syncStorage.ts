import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { changes, devices, enrolmentCodes } from '../db/schema';
import {
  syncedTableOrder,
  type OutgoingChange,
  type PullResponse,
  type PushResponse,
  type SnapshotResponse,
} from '../../electron/core/sync/protocol';
import { fieldsDigest, type FieldRow } from '../../electron/core/sync/digest';
import { checkPush, type PushingDevice } from '../authority/checkPush';
import { rows, type ServerDrizzle } from './database';
import { erasureAuditEntry, insertServerChanges } from './serverChanges';
import { forgetEarlierValues } from './forgetEarlierValues';
import { MATERIALISE_LOCK, PUSH_LOCK } from './locks';

export class ServerFailure extends Error {
  constructor(
    readonly code: 'unauthorized' | 'device_revoked' | 'enrolment_code_invalid' | 'device_id_taken' | 'not_found' | 'rate_limited',
    readonly status: number,
  ) {
    super(code);
  }
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Stores a batch exactly once: changes already known by (device, hlc) are skipped, so a retry after a lost
 * answer or a crash on either side applies nothing twice. Each new change is first judged (authority/checkPush.ts):
 * refused ones are reported back and not stored, the rest of the batch is. One INSERT in one transaction. A
 * change of a field an erasure already rewrote, stamped before the erasure (a device that was offline), is stored
 * with the erased value; an accepted erasure makes the server forget the older values (forgetEarlierValues.ts)
 * and write its own audit entry of it.
 */
export async function pushChanges(db: ServerDrizzle, device: PushingDevice, batch: readonly OutgoingChange[]): Promise<PushResponse> {
  const { deviceId } = device;
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${PUSH_LOCK})`);
    const checked = await checkPush(tx, device, batch);
    const payload = JSON.stringify(
      checked.accepted.map((c) => ({ hlc: c.hlc, table_name: c.table, row_id: c.rowId, op: c.op, data: c.data })),
    );
    const [result] = await rows<{ n: number | string }>(
      tx,
      sql`
      WITH ins AS (
        INSERT INTO changes (device_id, hlc, table_name, row_id, op, data)
        SELECT ${deviceId}, x.hlc, x.table_name, x.row_id, x.op,
          x.data || coalesce(
            (SELECT jsonb_object_agg(e."column", e.value) FROM erased_fields e
             WHERE e.table_name = x.table_name AND e.row_id = x.row_id AND x.data ? e."column"
               AND x.hlc COLLATE "C" < e.hlc COLLATE "C"),
            '{}'::jsonb)
        FROM jsonb_to_recordset(${payload}::jsonb) AS x(hlc text, table_name text, row_id text, op text, data jsonb)
        ORDER BY x.hlc COLLATE "C"
        ON CONFLICT (device_id, hlc) DO NOTHING
        RETURNING 1
      )
      SELECT count(*) AS n FROM ins`,
    );
    for (const { staffId, kind, key } of checked.keys)
      await tx.execute(sql`INSERT INTO staff_keys (staff_id, kind, key) VALUES (${staffId}, ${kind}, ${key})
        ON CONFLICT (staff_id, kind) DO UPDATE SET key = excluded.key, updated_at = now()`);
    for (const erasure of checked.erasures) await forgetEarlierValues(tx, erasure.marker);
    await insertServerChanges(tx, checked.erasures.map(erasureAuditEntry));
    const accepted = Number(result?.n ?? 0);
    const clockRefused = checked.refused.some((r) => r.reason === 'clock_ahead');
    return {
      accepted,
      duplicates: batch.length - accepted - checked.refused.length,
      refused: checked.refused,
      ...(clockRefused && { clockAhead: { serverTime: new Date().toISOString() } }),
    };
  });
}

/**
 * How many changes one fold step takes in: a snapshot request folds at most this many before it answers, and the
 * background folding after pushes goes in steps of this size, so no request folds a long log (80,000 changes
 * folded inside one snapshot request outlasted the client's 30 s).
 */
export const FOLD_STEP = 5_000;

/**
 * Folds changes not yet reflected in row_fields into it (per field, last writer wins by HLC), at most
 * `maxChanges` of them, in sequence order up to the committed top of the log. Returns the sequence number
 * row_fields now reflects. Idempotent: folding a change twice changes nothing.
 */
export async function materialise(db: ServerDrizzle, maxChanges = Number.POSITIVE_INFINITY): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${MATERIALISE_LOCK})`);
    const [state] = await rows<{ done: number | string; top: number | string }>(
      tx,
      sql`SELECT coalesce((SELECT value FROM server_state WHERE key = 'materialised_seq'), 0) AS done, coalesce((SELECT max(seq) FROM changes), 0) AS top`,
    );
    const done = Number(state?.done ?? 0);
    const top = Number(state?.top ?? 0);
    // Below what is folded only once retention pruned the newest changes: row_fields still reflect them all.
    if (top <= done) return done;
    // Sequence numbers may have gaps (rolled-back pushes): the step ends at the maxChanges-th change after `done`.
    let upTo = top;
    if (Number.isFinite(maxChanges)) {
      const [edge] = await rows<{ seq: number | string | null }>(
        tx,
        sql`SELECT max(seq) AS seq FROM (SELECT seq FROM changes WHERE seq > ${done} AND seq <= ${top} ORDER BY seq LIMIT ${maxChanges}) s`,
      );
      upTo = Number(edge?.seq ?? top);
    }
    await tx.execute(sql`
      INSERT INTO row_fields (table_name, row_id, "column", value, hlc)
      SELECT DISTINCT ON (c.table_name, c.row_id, f.key) c.table_name, c.row_id, f.key, f.value, c.hlc
      FROM changes c CROSS JOIN LATERAL jsonb_each(c.data) AS f(key, value)
      WHERE c.seq > ${done} AND c.seq <= ${upTo}
      ORDER BY c.table_name, c.row_id, f.key, c.hlc COLLATE "C" DESC
      ON CONFLICT (table_name, row_id, "column") DO UPDATE
        SET value = excluded.value, hlc = excluded.hlc
        WHERE row_fields.hlc COLLATE "C" < excluded.hlc COLLATE "C"`);
    await tx.execute(
      sql`INSERT INTO server_state (key, value) VALUES ('materialised_seq', ${upTo}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    );
    return upTo;
  });
}

/** Folds the whole log, one bounded step (one transaction) at a time, yielding to other requests between steps. */
export async function materialiseAll(db: ServerDrizzle, step = FOLD_STEP): Promise<number> {
  for (;;) {
    const [state] = await rows<{ top: number | string }>(db, sql`SELECT coalesce(max(seq), 0) AS top FROM changes`);
    const reached = await materialise(db, step);
    if (reached >= Number(state?.top ?? 0)) return reached;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Changes after `cursor` from other devices, in sequence order. The top is read first: every sequence
 * number at or below it is committed (pushes are serialised), so the next cursor never skips a change.
 */
export async function pullChanges(db: ServerDrizzle, deviceId: string, cursor: number, limit: number): Promise<PullResponse> {
  const [topRow] = await rows<{ top: number | string }>(db, sql`SELECT coalesce(max(seq), 0) AS top FROM changes`);
  const top = Number(topRow?.top ?? 0);
  if (top <= cursor) return { changes: [], nextCursor: cursor, hasMore: false };
  const found = await rows<{
    seq: number | string;
    device_id: string;
    hlc: string;
    table_name: string;
    row_id: string;
    op: string;
    data: Record<string, string | number | boolean | null>;
  }>(
    db,
    sql`SELECT seq, device_id, hlc, table_name, row_id, op, data FROM changes
        WHERE seq > ${cursor} AND seq <= ${top} AND device_id <> ${deviceId}
        ORDER BY seq LIMIT ${limit}`,
  );
  const list = found.map((r) => ({
    seq: Number(r.seq),
    deviceId: r.device_id,
    hlc: r.hlc,
    table: r.table_name,
    rowId: r.row_id,
    op: r.op as 'upsert' | 'delete',
    data: r.data,
  }));
  if (list.length === limit) {
    const last = list[list.length - 1]!.seq;
    return { changes: list, nextCursor: last, hasMore: last < top };
  }
  return { changes: list, nextCursor: top, hasMore: false };
}

/**
 * One page of the materialised rows, parents first, as the JSON text of a SnapshotResponse. The cursor is read
 * before the rows, so the page is at least as new as it: pulling from the first page's cursor afterwards misses
 * nothing. Rows come ready as JSON from snapshot_rows (kept by triggers on row_fields), read by keyset along its
 * primary key, and are joined as text: reading a row per field and serialising every value again took about a
 * second a page at a million customers (issue 20).
 */
export async function readSnapshotJson(
  db: ServerDrizzle,
  after: { table: string; rowId: string } | null,
  limit: number,
  foldStep = FOLD_STEP,
): Promise<string> {
  // One bounded fold step, never the whole log: the cursor handed out is what row_fields now reflects (at least),
  // and the device pulls whatever is beyond it as ordinary changes. Folding the rest goes on in the background.
  const top = await materialise(db, foldStep);
  // Table by table in dependency order, rows by id within a table; `after` is where the last page ended.
  const parts: string[] = [];
  let last: { table: string; rowId: string } | null = null;
  let tableIndex = after ? Math.max(0, syncedTableOrder.indexOf(after.table)) : 0;
  let afterRow = after?.rowId ?? '';
  while (parts.length < limit && tableIndex < syncedTableOrder.length) {
    const table = syncedTableOrder[tableIndex]!;
    const found = await rows<{ row_id: string; fields: string }>(
      db,
      sql`SELECT row_id, fields FROM snapshot_rows WHERE table_name = ${table} AND row_id > ${afterRow} ORDER BY row_id LIMIT ${limit - parts.length}`,
    );
    const prefix = `{"table":${JSON.stringify(table)},"rowId":`;
    for (const r of found) parts.push(`${prefix}${JSON.stringify(r.row_id)},"fields":${r.fields}}`);
    if (found.length > 0) last = { table, rowId: found[found.length - 1]!.row_id };
    if (parts.length < limit) {
      tableIndex++;
      afterRow = '';
    }
  }
  const nextAfter = parts.length === limit && last ? last : null;
  return `{"cursor":${top},"rows":[${parts.join(',')}],"nextAfter":${JSON.stringify(nextAfter)}}`;
}

/** One page of the materialised rows as an object (readSnapshotJson, parsed). */
export async function readSnapshot(
  db: ServerDrizzle,
  after: { table: string; rowId: string } | null,
  limit: number,
  foldStep = FOLD_STEP,
): Promise<SnapshotResponse> {
  return JSON.parse(await readSnapshotJson(db, after, limit, foldStep)) as SnapshotResponse;
}

/** The digest of the server's materialised rows, comparable with each device's storeDigest. */
export async function serverDigest(db: ServerDrizzle): Promise<{ digest: string; rows: number; changes: number }> {
  await materialiseAll(db);
  const found = await rows<{ table_name: string; row_id: string; column: string; value: unknown }>(
    db,
    sql`SELECT table_name, row_id, "column", value FROM row_fields ORDER BY table_name, row_id`,
  );
  const list: FieldRow[] = [];
  let current: FieldRow | undefined;
  for (const f of found) {
    const table = f.table_name;
    if (!current || current.rowId !== f.row_id || current.table !== table) list.push((current = { table, rowId: f.row_id, fields: {} }));
    current.fields[f.column] = f.value;
  }
  const [count] = await rows<{ n: number | string }>(db, sql`SELECT count(*) AS n FROM changes`);
  return { digest: fieldsDigest(list), rows: list.length, changes: Number(count?.n ?? 0) };
}

// ---- enrolment and authentication ----

const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U

export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]+/g, '');
}

/** A one-time code (60 random bits, shown as XXXX-XXXX-XXXX) that enrols one device for an outlet. */
export async function createEnrolmentCode(
  db: ServerDrizzle,
  outletCode: string,
  ttlHours = 24,
  forDevice?: string,
): Promise<{ code: string; expiresAt: string }> {
  const bytes = randomBytes(12);
  let raw = '';
  for (const b of bytes) raw += CODE_ALPHABET[b & 31];
  const code = `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`;
  const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
  await db.insert(enrolmentCodes).values({ codeHash: sha256(normaliseCode(code)), outletCode, expiresAt, forDevice: forDevice ?? null });
  return { code, expiresAt: expiresAt.toISOString() };
}

/**
 * Spends a code and issues the device a token; only the token's hash is stored. A device id the server already
 * knows is refused (ids are not secret: every stamp carries one), unless an admin made this code for that device
 * to re-enrol it: then its old token stops working here and now.
 */
export async function enrolDevice(
  db: ServerDrizzle,
  code: string,
  deviceId: string,
  name?: string,
): Promise<{ token: string; outletCode: string }> {
  const token = randomBytes(32).toString('base64url');
  return db.transaction(async (tx) => {
    const spent = await tx
      .update(enrolmentCodes)
      .set({ usedAt: new Date(), usedByDevice: deviceId })
      .where(
        and(
          eq(enrolmentCodes.codeHash, sha256(normaliseCode(code))),
          isNull(enrolmentCodes.usedAt),
          gt(enrolmentCodes.expiresAt, new Date()),
        ),
      )
      .returning({ outletCode: enrolmentCodes.outletCode, forDevice: enrolmentCodes.forDevice });
    const outletCode = spent[0]?.outletCode;
    if (!outletCode) throw new ServerFailure('enrolment_code_invalid', 403);
    const forDevice = spent[0]?.forDevice ?? null;
    if (forDevice !== null && forDevice !== deviceId) throw new ServerFailure('enrolment_code_invalid', 403);
    const [existing] = await tx.select().from(devices).where(eq(devices.id, deviceId));
    if (existing && forDevice === null) throw new ServerFailure('device_id_taken', 409);
    if (!existing && (forDevice !== null || deviceId.startsWith('server-'))) throw new ServerFailure('enrolment_code_invalid', 403);
    if (existing)
      await tx
        .update(devices)
        .set({ tokenHash: sha256(token), outletCode, name: name ?? existing.name, revokedAt: null })
        .where(eq(devices.id, deviceId));
    else await tx.insert(devices).values({ id: deviceId, outletCode, name: name ?? null, tokenHash: sha256(token) });
    return { token, outletCode };
  });
}

export interface AuthenticatedDevice {
  deviceId: string;
  outletCode: string;
}

export async function authenticate(db: ServerDrizzle, token: string): Promise<AuthenticatedDevice> {
  const [device] = await db
    .select()
    .from(devices)
    .where(eq(devices.tokenHash, sha256(token)));
  if (!device) throw new ServerFailure('unauthorized', 401);
  if (device.revokedAt) throw new ServerFailure('device_revoked', 403);
  return { deviceId: device.id, outletCode: device.outletCode };
}

export async function revokeDevice(db: ServerDrizzle, deviceId: string): Promise<void> {
  const done = await db.update(devices).set({ revokedAt: new Date() }).where(eq(devices.id, deviceId)).returning({ id: devices.id });
  if (done.length === 0) throw new ServerFailure('not_found', 404);
}

export async function listDevices(db: ServerDrizzle) {
  const list = await db
    .select({
      id: devices.id,
      outletCode: devices.outletCode,
      name: devices.name,
      enrolledAt: devices.enrolledAt,
      revokedAt: devices.revokedAt,
    })
    .from(devices);
  const counts = await rows<{ device_id: string; n: number | string }>(
    db,
    sql`SELECT device_id, count(*) AS n FROM ${changes} GROUP BY device_id`,
  );
  const byDevice = new Map(counts.map((c) => [c.device_id, Number(c.n)]));
  return list.map((d) => ({ ...d, changes: byDevice.get(d.id) ?? 0 }));
}

/** Empties the sync data (tests reuse one server across many seeds). */
export async function resetServerData(db: ServerDrizzle): Promise<void> {
  await db.execute(sql`TRUNCATE changes, row_fields, erased_fields, devices, enrolment_codes, server_state RESTART IDENTITY`);
}

/** Test and admin helper: enrols a device directly, without a code. */
export async function registerDeviceDirectly(db: ServerDrizzle, deviceId: string, outletCode: string): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insert(devices)
    .values({ id: deviceId, outletCode, tokenHash: sha256(token) })
    .onConflictDoUpdate({ target: devices.id, set: { tokenHash: sha256(token), revokedAt: null } });
  return token;
}
