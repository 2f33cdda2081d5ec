import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const akrabBin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/akrab.mjs');

/** Runs the real `akrab` command in a child process. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [akrabBin, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function spawnCli(args: string[]) {
  return spawn(process.execPath, [akrabBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
}
