import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, inject } from 'vitest';
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

export function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'akrab-test-'));
}
