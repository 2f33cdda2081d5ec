import { sql } from 'drizzle-orm';
import { rows, type ServerDrizzle } from './database';

type Tx = Pick<ServerDrizzle, 'execute'>;
type Row = Record<string, unknown>;

/**
 * Rows of a synced table as the server holds them: each field's latest value by stamp, from the folded fields
 * (row_fields, whose changes retention may have pruned from the log: retention.ts) and the log's changes, folded or
 * not yet. Deleted rows are included, with their deleted_at.
 */
export async function heldRows(tx: Tx, table: string, ids: ReadonlySet<string> | 'all'): Promise<Map<string, Row>> {
  const out = new Map<string, Row>();
  if (ids !== 'all' && ids.size === 0) return out;
  const wanted = ids === 'all' ? sql`` : sql`AND row_id IN (SELECT jsonb_array_elements_text(${JSON.stringify([...ids])}::jsonb))`;
  const fields = new Map<string, Map<string, { value: unknown; hlc: string }>>();
  const set = (rowId: string, column: string, value: unknown, hlc: string) => {
    const row = fields.get(rowId) ?? new Map<string, { value: unknown; hlc: string }>();
    fields.set(rowId, row);
    const held = row.get(column);
    if (!held || held.hlc < hlc) row.set(column, { value, hlc });
  };
  const folded = await rows<{ row_id: string; column: string; value: unknown; hlc: string }>(
    tx,
    sql`SELECT row_id, "column", jsonb_build_array(value) AS value, hlc FROM row_fields WHERE table_name = ${table} ${wanted}`,
  );
  for (const f of folded) set(f.row_id, f.column, (parsed(f.value) as unknown[])[0], f.hlc);
  // A delete carries its deleted_at (writer.ts `remove`) and folds like any change (syncStorage.ts `materialise`).
  const logged = await rows<{ row_id: string; data: unknown; hlc: string }>(
    tx,
    sql`SELECT row_id, data, hlc FROM changes WHERE table_name = ${table} ${wanted}`,
  );
  for (const change of logged) {
    const data = parsed(change.data) as Row;
    for (const [column, value] of Object.entries(data)) set(change.row_id, column, value, change.hlc);
  }
  for (const [rowId, row] of fields) out.set(rowId, Object.fromEntries([...row].map(([column, f]) => [column, f.value])));
  return out;
}

function parsed(json: unknown): unknown {
  return typeof json === 'string' ? JSON.parse(json) : json;
}

/**
 * Which of these rows the server holds (folded or in the log), as `table:rowId`: one query for a push's checks that
 * judge only rows already held (a customer brought back, a card renumbered, a row handed to another customer), so a
 * push of new rows, the usual one, reads nothing more for them.
 */
export async function heldKeys(tx: Tx, changes: readonly { table: string; rowId: string }[]): Promise<Set<string>> {
  const wanted = [...new Map(changes.map((c) => [`${c.table}:${c.rowId}`, { t: c.table, r: c.rowId }])).values()];
  if (wanted.length === 0) return new Set();
  const found = await rows<{ table_name: string; row_id: string }>(
    tx,
    sql`WITH wanted AS (SELECT t, r FROM jsonb_to_recordset(${JSON.stringify(wanted)}::jsonb) AS w(t text, r text))
        SELECT DISTINCT f.table_name, f.row_id FROM row_fields f JOIN wanted ON f.table_name = wanted.t AND f.row_id = wanted.r
        UNION SELECT c.table_name, c.row_id FROM changes c JOIN wanted ON c.table_name = wanted.t AND c.row_id = wanted.r`,
  );
  return new Set(found.map((f) => `${f.table_name}:${f.row_id}`));
}

/** The rows of a table whose `column` has held one of these values (folded or in the log; a value since replaced too). */
export async function rowsWithValue(tx: Tx, table: string, column: string, values: ReadonlySet<string>): Promise<Set<string>> {
  if (values.size === 0) return new Set();
  const wanted = sql`(SELECT jsonb_array_elements_text(${JSON.stringify([...values])}::jsonb))`;
  const found = await rows<{ row_id: string }>(
    tx,
    sql`SELECT row_id FROM row_fields WHERE table_name = ${table} AND "column" = ${column} AND value #>> '{}' IN ${wanted}
        UNION SELECT row_id FROM changes WHERE table_name = ${table} AND data ->> ${column}::text IN ${wanted}`,
  );
  return new Set(found.map((r) => r.row_id));
}

/** Two values of a field as the server holds them and as a change writes them: null and absent are one. */
export function sameValue(a: unknown, b: unknown): boolean {
  return a === b || ((a === null || a === undefined) && (b === null || b === undefined));
}

/**
 * Whether the server holds the row's insert (an insert writes every column), not only an edit that reached it first
 * from a device that had the row from another: checks of what a row may become judge only such rows.
 */
export function insertHeld(row: Row | undefined): row is Row {
  return row !== undefined && row.created_at !== undefined && row.created_at !== null;
}
