import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import { ELECTRON_BUNDLE_OPTIONS } from '../../build/electronBundle.mjs';

/**
 * Bundles a thread's entry as build/buildElectron.mjs does and returns the file, removed when the test ends.
 * It is written beside the project's node_modules, as dist-electron/ is, so the bundle finds better-sqlite3 the
 * same way.
 */
export async function bundledAsShipped(entry: string, fileName: string): Promise<string> {
  mkdirSync('node_modules/.cache', { recursive: true });
  const dir = mkdtempSync(path.join('node_modules', '.cache', 'akrab-bundle-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const outfile = path.resolve(dir, fileName);
  await build({ ...ELECTRON_BUNDLE_OPTIONS, entryPoints: [entry], outfile, logLevel: 'silent' });
  return outfile;
}
