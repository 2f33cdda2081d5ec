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
