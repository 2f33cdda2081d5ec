import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../db/connection';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A store file the real migrations made once for this run, with no device yet: tempStore copies it. */
    storeTemplate: string;
    /** This run's folder for templates made on first use (the embedded server database: tests/sync/support/servers.ts). */
    templateDir: string;
  }
}

/**
 * vitest globalSetup: databases migrated once per run that the tests start from. Migrating a new store costs
 * ~90 ms and the suite makes thousands; copying this file and opening it costs ~3 ms (openStore still runs the
 * migrator, which finds every migration applied, and gives the copy its own device id).
 */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), 'akrab-templates-'));
  const file = path.join(dir, 'store.sqlite');
  // Closing checkpoints the WAL into the file, so the file alone is the whole migrated store.
  openDatabase(file).$client.close();
  project.provide('storeTemplate', file);
  project.provide('templateDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
