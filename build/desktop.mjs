// Where the desktop shell lives and what it was built for. Electron and a better-sqlite3 built for Electron's
// ABI are installed in desktop/, apart from the root install that Node (tests, CLI, web harness) uses: Electron
// embeds its own Node with another module ABI, so one native build cannot serve both.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const desktopDir = path.join(root, 'desktop');
const electronDir = path.join(desktopDir, 'node_modules', 'electron');
const sqliteDir = path.join(desktopDir, 'node_modules', 'better-sqlite3');
/** better-sqlite3 as `npm rebuild` in desktop/ builds it for Electron. */
export const electronBindingFile = path.join(sqliteDir, 'build', 'Release', 'better_sqlite3.node');
/** Where the Electron bundle keeps its copy of that build; electron/main/main.ts loads it from there. */
export const BUNDLED_BINDING = path.join('native', 'better_sqlite3.node');

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** The Electron version desktop/ installs (null before `npm run desktop:install` has run). */
export function electronVersion() {
  const file = path.join(electronDir, 'package.json');
  return existsSync(file) ? readJson(file).version : null;
}

/** The NODE_MODULE_VERSION of that Electron, from the `abi_version` file its npm package ships. */
export function electronAbi() {
  const file = path.join(electronDir, 'abi_version');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').trim()) : null;
}

/** The path of Electron's executable, or null when its binary was not downloaded. */
export function electronBinary() {
  try {
    const binary = createRequire(path.join(desktopDir, 'package.json'))('electron'); // the package's index returns the path, or throws when the binary is absent
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

/**
 * The module ABI a Node addon was compiled for. Node and Electron look the addon up by the exported
 * `node_register_module_v<NODE_MODULE_VERSION>` symbol, whatever the platform's binary format; null when absent.
 */
export function moduleAbi(file) {
  const match = /node_register_module_v(\d+)/.exec(readFileSync(file).toString('latin1'));
  return match ? Number(match[1]) : null;
}

/** Why `file` cannot be Electron's better-sqlite3, or null when it was built for the installed Electron. */
export function electronBindingProblem(file = electronBindingFile) {
  const abi = electronAbi();
  if (abi === null) return 'Electron is not installed in desktop/ (run `npm run desktop:install`).';
  if (!existsSync(file))
    return `better-sqlite3 has not been built for Electron ${electronVersion()} (${path.relative(root, file)} is missing; \`npm run desktop:install\` builds it).`;
  const built = moduleAbi(file);
  if (built !== abi)
    return `${path.relative(root, file)} was built for module ABI ${built ?? 'unknown'}, but Electron ${electronVersion()} needs ${abi} ("compiled against a different Node.js version"); \`npm run desktop:install\` rebuilds it.`;
  return null;
}

/** The root's and desktop/'s better-sqlite3 must be one version: the bundle runs the root's JavaScript on desktop/'s build. */
export function sqliteVersionsMatch() {
  const mine = readJson(path.join(root, 'node_modules', 'better-sqlite3', 'package.json')).version;
  const desktop = existsSync(path.join(sqliteDir, 'package.json')) ? readJson(path.join(sqliteDir, 'package.json')).version : null;
  return { ok: mine === desktop, root: mine, desktop };
}
