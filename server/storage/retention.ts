import { sql } from 'drizzle-orm';
import { rows, type ServerDrizzle } from './database';

/**
 * Retention of the change log. Snapshots serve the folded rows (row_fields), so a change is needed in the log
 * only by devices that have not pulled it yet. An admin sets how long changes are kept; a change is pruned once it
 * is older than that, folded, and pulled by every active device (one seen within the retention period). A device
 * away longer asks for changes that are gone: it is told to bootstrap again (`resync_required`), keeping its own
 * unpushed changes (the engine pushes them; the snapshot's older stamps do not overwrite them).
 */
const key = {
  retention: 'retention_ms',
  pruned: 'pruned_seq',
  pulled: (deviceId: string) => `pulled_seq:${deviceId}`,
  seen: (deviceId: string) => `seen_ms:${deviceId}`,
  firstPull: (deviceId: string) => `first_pull_ms:${deviceId}`,
};

async function upsert(db: Pick<ServerDrizzle, 'execute'>, k: string, value: number, keepMax = false): Promise<void> {
  await db.execute(
    keepMax
      ? sql`INSERT INTO server_state (key, value) VALUES (${k}, ${value}) ON CONFLICT (key) DO UPDATE SET value = greatest(server_state.value, excluded.value)`
      : sql`INSERT INTO server_state (key, value) VALUES (${k}, ${value}) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  );
}

async function read(db: Pick<ServerDrizzle, 'execute'>, k: string): Promise<number | null> {
  const [row] = await rows<{ value: number | string }>(db, sql`SELECT value FROM server_state WHERE key = ${k}`);
  return row ? Number(row.value) : null;
}

/** A pull from `cursor`: the device holds everything up to it, and was seen now. */
export async function notePull(db: ServerDrizzle, deviceId: string, cursor: number, now = Date.now()): Promise<void> {
  await upsert(db, key.pulled(deviceId), cursor, true);
  await upsert(db, key.seen(deviceId), now);
  await db.execute(sql`INSERT INTO server_state (key, value) VALUES (${key.firstPull(deviceId)}, ${now}) ON CONFLICT (key) DO NOTHING`);
}

/**
 * When the device first pulled (null for one that never pulled, or whose first pull was before 2026-12-07): what it
 * wrote before, it wrote knowing nothing from the server (a new device bootstraps before its first push).
 */
export async function firstPulledAt(db: Pick<ServerDrizzle, 'execute'>, deviceId: string): Promise<number | null> {
  return read(db, key.firstPull(deviceId));
}

/** The cursor of the device's latest pull (null for a device that never pulled): it holds every change up to it. */
export async function pulledThrough(db: Pick<ServerDrizzle, 'execute'>, deviceId: string): Promise<number | null> {
  return read(db, key.pulled(deviceId));
}

/** The highest sequence number pruned: a device whose cursor is below it has missed changes that are gone. */
export async function prunedThrough(db: ServerDrizzle): Promise<number> {
  return (await read(db, key.pruned)) ?? 0;
}

export async function setRetention(db: ServerDrizzle, days: number | null): Promise<void> {
  if (days === null) await db.execute(sql`DELETE FROM server_state WHERE key = ${key.retention}`);
  else await upsert(db, key.retention, Math.round(days * 86_400_000));
}

export async function retentionDays(db: ServerDrizzle): Promise<number | null> {
  const ms = await read(db, key.retention);
  return ms === null ? null : ms / 86_400_000;
}

/**
 * Deletes the changes the rule lets go: received before now − retention, folded into row_fields, and at or below
 * every active device's pulled cursor. Nothing happens without a rule.
 */
export async function pruneChanges(db: ServerDrizzle, now = Date.now()): Promise<{ pruned: number; through: number }> {
  const retention = await read(db, key.retention);
  if (retention === null) return { pruned: 0, through: await prunedThrough(db) };
  const cutoff = now - retention;
  const folded = (await read(db, 'materialised_seq')) ?? 0;
  // Active: not revoked and seen (or enrolled) within the retention period; a device never seen pulling holds 0.
  const [limit] = await rows<{ horizon: number | string | null }>(
    db,
    sql`SELECT min(coalesce(p.value, 0)) AS horizon FROM devices d
        LEFT JOIN server_state p ON p.key = 'pulled_seq:' || d.id
        LEFT JOIN server_state s ON s.key = 'seen_ms:' || d.id
        WHERE d.revoked_at IS NULL
          AND greatest(coalesce(s.value, 0), (extract(epoch from d.enrolled_at) * 1000)::bigint) >= ${cutoff}`,
  );
  const horizon = Math.min(folded, limit?.horizon === null || limit?.horizon === undefined ? folded : Number(limit.horizon));
  // The points ledger's changes stay: the server judges a pushed event by the ledger its changes hold (the earn a
  // return names, the lot an expiry ends a year later, the balance a redemption is checked against).
  const gone = sql`seq <= ${horizon} AND received_at < to_timestamp(${cutoff / 1000}) AND table_name <> 'points_ledger'`;
  // The pruned mark goes up before the changes go: a pull that read the log before the delete has them all, and
  // one that reads after it finds the mark above its cursor when it checks again (app.ts).
  const [top] = await rows<{ top: number | string | null }>(db, sql`SELECT max(seq) AS top FROM changes WHERE ${gone}`);
  if (top?.top === null || top?.top === undefined) return { pruned: 0, through: await prunedThrough(db) };
  await upsert(db, key.pruned, Number(top.top), true);
  const [deleted] = await rows<{ n: number | string }>(db, sql`WITH gone AS (DELETE FROM changes WHERE ${gone} RETURNING seq) SELECT count(*) AS n FROM gone`);
  return { pruned: Number(deleted?.n ?? 0), through: await prunedThrough(db) };
}
