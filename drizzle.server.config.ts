import { defineConfig } from 'drizzle-kit';

/** The central sync server's PostgreSQL schema (the desktop store has its own config: drizzle.config.ts). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './server/db/schema.ts',
  out: './server/db/migrations',
});
