import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The tracked screenshots in tests/e2e/screenshots are refreshed only on request (`npm run screenshots`, or
 * AKRAB_UPDATE_SCREENSHOTS=1); an ordinary run writes its screenshots to the untracked tests/e2e/output/screenshots.
 */
export function screenshotDirFor(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): string {
  const update = argv.includes('--update-screenshots') || env.AKRAB_UPDATE_SCREENSHOTS === '1';
  return path.join(root, update ? 'tests/e2e/screenshots' : 'tests/e2e/output/screenshots');
}

let runDir: string | null = null;

/** A store folder of this run: all of them live in one temporary folder outside the clone (removeTempDataDirs). */
export function tempDataDir(): string {
  runDir ??= mkdtempSync(path.join(os.tmpdir(), 'akrab-e2e-'));
  return mkdtempSync(path.join(runDir, 'run-'));
}

export function removeTempDataDirs(): void {
  if (runDir) rmSync(runDir, { recursive: true, force: true });
  runDir = null;
}
