import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import pg from 'pg';

/** A new, empty database on the PostgreSQL server at `baseUrl`, for one benchmark run; returns its URL. */
export async function freshBenchDatabase(baseUrl: string): Promise<string> {
  const name = `akrab_bench_${Date.now()}`;
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The database `name` on the PostgreSQL server at `baseUrl`, created if missing and kept after the run; returns its URL. */
export async function keptBenchDatabase(baseUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`--keep-database: ${name} is not a plain database name`);
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  const exists = (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount;
  if (!exists) await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database made by freshBenchDatabase (its connections closed by force). */
export async function dropBenchDatabase(baseUrl: string, databaseUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${new URL(databaseUrl).pathname.slice(1)} WITH (FORCE)`);
  await admin.end();
}

/** Prints a benchmark's results and writes them to `file` beside the scripts. */
export function reportResults(results: Record<string, unknown>, file: string): void {
  results.loadAtEnd = loadavg().map((l) => +l.toFixed(1));
  console.log(JSON.stringify(results, null, 2));
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
}
