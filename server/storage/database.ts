import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { serverSchema } from '../db/schema';

export const serverMigrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'db', 'migrations');

export type ServerDrizzle = PgDatabase<PgQueryResultHKT, typeof serverSchema>;

/** Either database behind the same drizzle API: embedded PGlite (the default) or a PostgreSQL server. */
export interface ServerDatabase {
  kind: 'pglite' | 'postgres';
  db: ServerDrizzle;
  close(): Promise<void>;
}

export interface OpenServerDatabaseOptions {
  /** postgres://… ; without it the embedded database is used. */
  databaseUrl?: string;
  /** Folder of the embedded database; omitted means in memory (tests). */
  dataDir?: string;
  migrationsFolder?: string;
  poolSize?: number;
  /**
   * A dump of an embedded database (PGlite's dumpDataDir) to start from instead of a new one: PGlite then skips
   * initdb, most of its start-up. The migrations still run and apply what the dump lacks. The tests start their
   * in-memory servers from one migrated dump per run.
   */
  pgliteDataDir?: Blob;
}

/** Key of the session advisory lock that serialises migrations when several servers start at once. */
const MIGRATION_LOCK = 0x616b7261; // "akra"

export async function openServerDatabase(options: OpenServerDatabaseOptions = {}): Promise<ServerDatabase> {
  const migrationsFolder = options.migrationsFolder ?? serverMigrationsFolder;
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // An idle client that loses its connection (server restart) must not crash the process.
    pool.on('error', () => undefined);
    const db = drizzlePg({ client: pool, schema: serverSchema });
    const lockClient = await pool.connect();
    try {
      await lockClient.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await migratePg(db, { migrationsFolder });
    } finally {
      await lockClient.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      lockClient.release();
    }
    return { kind: 'postgres', db: db as unknown as ServerDrizzle, close: () => pool.end() };
  }
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const client = await PGlite.create({ dataDir: options.dataDir, loadDataDir: options.pgliteDataDir });
  const db = drizzlePglite({ client, schema: serverSchema });
  await migratePglite(db, { migrationsFolder });
  return { kind: 'pglite', db: db as unknown as ServerDrizzle, close: () => client.close() };
}

/** Rows of a raw statement; node-postgres and PGlite both answer with `{ rows }`. */
export async function rows<T>(db: Pick<ServerDrizzle, 'execute'>, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
