// `npm run dist`: installers with electron-builder (desktop/'s dev dependency; it needs Node 22.12 or newer),
// from the renderer, the Electron bundle (with better-sqlite3 built for Electron) and desktop/'s Electron.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { desktopDir, electronVersion, root } from './desktop.mjs';

const run = (command, args) => {
  const result = spawnSync(command, args, { stdio: 'inherit', cwd: root, shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(`Packaging needs Node 22.12 or newer (electron-builder 26); this is Node ${process.versions.node}.`);
  process.exit(1);
}
run('npx', ['vite', 'build', '--logLevel', 'warn']);
run(process.execPath, ['build/buildElectron.mjs']);
run('npm', ['install', '--prefix', desktopDir, '--no-save', '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund']);
run(path.join(desktopDir, 'node_modules', '.bin', 'electron-builder'), [
  '--projectDir',
  root,
  '--config',
  'electron-builder.yml',
  `-c.electronVersion=${electronVersion()}`,
  `-c.electronDist=${path.join(desktopDir, 'node_modules', 'electron', 'dist')}`,
  ...process.argv.slice(2),
]);
