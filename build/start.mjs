// `npm start`: the desktop app where Electron and its better-sqlite3 are installed (desktop/), otherwise the local web harness.
import { spawn, spawnSync } from 'node:child_process';
import { electronBinary, electronBindingProblem } from './desktop.mjs';

const run = (command, args) => {
  const result = spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

/** Why the desktop app cannot open here, or null when it can. */
function desktopUnavailable() {
  if (process.argv.includes('--web')) return null;
  if (!electronBinary()) return "Electron's binary is not installed here (`npm run desktop:install` retries the download)";
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return 'no display found';
  return electronBindingProblem();
}

run('npx', ['vite', 'build', '--logLevel', 'warn']);
const unavailable = desktopUnavailable();
if (!unavailable && !process.argv.includes('--web')) {
  run(process.execPath, ['build/buildElectron.mjs']);
  spawn(electronBinary(), ['.'], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0));
} else {
  if (unavailable) console.log(`Starting the web harness instead of the desktop app: ${unavailable}`);
  spawn(process.execPath, ['--import', 'tsx', 'electron/web/serve.ts', ...process.argv.slice(2).filter((a) => a !== '--web')], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0));
}
