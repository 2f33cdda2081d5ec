import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, inject } from 'vitest';
import { closeStore, openStore, type Store, type OpenStoreOptions } from '../../electron/core/store/store';

const opened: { store: Store; dir: string }[] = [];

afterEach(() => {
  for (const { store, dir } of opened.splice(0)) {
    if (store.sqlite.open) closeStore(store);
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * A real SQLite store file in a fresh temporary folder, removed after the test. It starts as a copy of the run's
 * migrated template (tests/support/templates.ts) unless the test brings its own migrations.
 */
export function tempStore(options: OpenStoreOptions = {}): Store & { file: string; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'akrab-test-'));
  const file = path.join(dir, 'akrab.sqlite');
  const template = options.migrationsFolder ? undefined : inject('storeTemplate');
  if (template) copyFileSync(template, file);
  const store = openStore(file, options);
  opened.push({ store, dir });
  return Object.assign(store, { file, dir });
}

const dirs: string[] = [];

// After the file's own hooks (registered later, run earlier) have stopped its servers and closed its stores: a folder
// may serve several tests of a file. Left behind, a full run's folders came to ~25 GB of the machine's /tmp.
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed once the test file is done. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'akrab-test-'));
  dirs.push(dir);
  return dir;
}
