import { sql } from 'drizzle-orm';
import { STAMP_COLUMNS, type ErasureMarker } from '../../electron/core/privacy/erasureMarker';
import type { ServerDrizzle } from './database';
import { MATERIALISE_LOCK } from './locks';

type Tx = Parameters<Parameters<ServerDrizzle['transaction']>[0]>[0];

const stampColumns = sql.raw(STAMP_COLUMNS.map((c) => `'${c}'`).join(', '));

/**
 * The server's side of an erasure (see erasureMarker.ts and the device's privacy/forgetEarlierValues.ts):
 * the stored changes of every row the erasure wrote that are older than its write of a column get the
 * erased value of that column, and row_fields forgets them too. Runs in the push transaction that stores the
 * erasure's audit entry, under the push lock: the erasure's earlier batches are committed (a device pushes
 * in order, the entry last), and a concurrent push through another server process either committed before
 * (and is scrubbed here) or runs after (and meets erased_fields, see pushChanges). Idempotent, so a retried
 * batch does it again harmlessly. Rewriting an older value into the one that already wins over it leaves
 * last-writer-wins, pulls and snapshots as they were.
 */
export async function forgetEarlierValues(tx: Tx, erasure: ErasureMarker): Promise<void> {
  const { deviceId, from, to } = erasure;
  // What the erasure left in each field: its last write of it. One device's changes are stored in its own
  // order, so its stamps from..to are the sequence range between those two changes.
  await tx.execute(sql`
    INSERT INTO erased_fields (table_name, row_id, "column", value, hlc)
    SELECT DISTINCT ON (c.table_name, c.row_id, f.key) c.table_name, c.row_id, f.key, f.value, c.hlc
    FROM changes c CROSS JOIN LATERAL jsonb_each(c.data) AS f(key, value)
    WHERE c.device_id = ${deviceId}
      AND c.seq BETWEEN (SELECT seq FROM changes WHERE device_id = ${deviceId} AND hlc = ${from})
                    AND (SELECT seq FROM changes WHERE device_id = ${deviceId} AND hlc = ${to})
      AND c.hlc COLLATE "C" BETWEEN ${from} AND ${to}
      AND f.key NOT IN (${stampColumns})
    ORDER BY c.table_name, c.row_id, f.key, c.hlc COLLATE "C" DESC
    ON CONFLICT (table_name, row_id, "column") DO UPDATE SET value = excluded.value, hlc = excluded.hlc
      WHERE erased_fields.hlc COLLATE "C" < excluded.hlc COLLATE "C"`);
  await tx.execute(sql`
    UPDATE changes c SET data = c.data || p.patch
    FROM (
      SELECT o.seq, jsonb_object_agg(e."column", e.value) AS patch
      FROM erased_fields e JOIN changes o ON o.table_name = e.table_name AND o.row_id = e.row_id
      WHERE e.hlc COLLATE "C" BETWEEN ${from} AND ${to}
        AND o.data ? e."column" AND o.hlc COLLATE "C" < e.hlc COLLATE "C" AND o.data -> e."column" IS DISTINCT FROM e.value
      GROUP BY o.seq
    ) p
    WHERE c.seq = p.seq`);
  // row_fields may have folded the old values already. Setting a field to the erasure's value and stamp is
  // what folding the erasure would do; taken under the fold's lock so a fold running now cannot undo it.
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${MATERIALISE_LOCK})`);
  await tx.execute(sql`
    UPDATE row_fields f SET value = e.value, hlc = e.hlc
    FROM erased_fields e
    WHERE e.hlc COLLATE "C" BETWEEN ${from} AND ${to}
      AND f.table_name = e.table_name AND f.row_id = e.row_id AND f."column" = e."column"
      AND f.hlc COLLATE "C" < e.hlc COLLATE "C"`);
}
