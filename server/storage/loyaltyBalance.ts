import { sql } from 'drizzle-orm';
import type { LedgerMovement } from '../../electron/core/loyalty/lots';
import { rows, type ServerDrizzle } from './database';

/**
 * A customer's balance on the server's ledger: the sum of the points of every ledger event the server holds for
 * them (each event as its first change wrote it: events are immutable, checkPush.ts refuses any other version).
 */
export async function serverLedgerBalance(db: Pick<ServerDrizzle, 'execute'>, customerId: string): Promise<{ balance: number; events: number }> {
  const [row] = await rows<{ balance: string | number | null; events: string | number }>(
    db,
    sql`SELECT coalesce(sum((data->>'points')::bigint), 0) AS balance, count(*) AS events FROM (
          SELECT DISTINCT ON (row_id) row_id, data, op FROM changes WHERE table_name = 'points_ledger' AND data->>'customer_id' = ${customerId}
          ORDER BY row_id, hlc COLLATE "C") e WHERE op <> 'delete'`,
  );
  return { balance: Number(row?.balance ?? 0), events: Number(row?.events ?? 0) };
}

/**
 * The customers' ledger events the server holds, as the replay (loyalty/lots.ts) reads them: each event's fields as
 * its changes leave them, without deleted ones, by customer.
 */
export async function serverLedgerMovements(db: Pick<ServerDrizzle, 'execute'>, customerIds: readonly string[]): Promise<Map<string, LedgerMovement[]>> {
  const out = new Map<string, LedgerMovement[]>();
  if (customerIds.length === 0) return out;
  const found = await rows<{ row_id: string; op: string; data: unknown }>(
    db,
    sql`SELECT row_id, op, data FROM changes WHERE table_name = 'points_ledger'
        AND data->>'customer_id' IN (SELECT jsonb_array_elements_text(${JSON.stringify(customerIds)}::jsonb)) ORDER BY row_id, hlc COLLATE "C"`,
  );
  const folded = new Map<string, Record<string, unknown> | null>();
  for (const row of found) {
    const data = (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Record<string, unknown>;
    folded.set(row.row_id, row.op === 'delete' ? null : { ...folded.get(row.row_id), ...data });
  }
  for (const [id, d] of folded) {
    if (!d || d.deleted_at) continue;
    const list = out.get(d.customer_id as string) ?? [];
    list.push(movementOfRow(id, d));
    out.set(d.customer_id as string, list);
  }
  return out;
}

/** A pushed ledger row (snake_case columns) as the replay reads it. */
export function movementOfRow(id: string, d: Record<string, unknown>): LedgerMovement {
  return {
    id,
    kind: d.kind as string,
    points: d.points as number,
    occurredAt: d.occurred_at as string,
    expiresOn: (d.expires_on as string | null | undefined) ?? null,
    relatedId: (d.related_id as string | null | undefined) ?? null,
    outletId: (d.outlet_id as string | null | undefined) ?? null,
  };
}
