import { sql } from 'drizzle-orm';
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
