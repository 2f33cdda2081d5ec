// `npm start`: the desktop app where Electron's binary is installed, otherwise the local web harness.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

const require = createRequire(import.meta.url);

function electronBinary() {
  try {
    const binary = require('electron'); // the package's index returns the binary's path, or throws when it was not downloaded
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const run = (command, args) => {
  const result = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run('npx', ['vite', 'build', '--logLevel', 'warn']);
const electron = electronBinary();
const hasDisplay = process.platform !== 'linux' || !!process.env.DISPLAY || !!process.env.WAYLAND_DISPLAY;
if (electron && hasDisplay && !process.argv.includes('--web')) {
  run('node', ['build/buildElectron.mjs']);
  spawn(electron, ['.'], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(electron ? 'No display found: starting the web harness instead of the desktop app.' : "Electron's binary is not installed here: starting the web harness instead of the desktop app.");
  spawn(process.execPath, ['--import', 'tsx', 'electron/web/serve.ts', ...process.argv.slice(2).filter((a) => a !== '--web')], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0));
}
