// The desktop shell, installed after the root's `npm ci` (postinstall) or again with `npm run desktop:install`.
// Electron's own install script downloads its binary from GitHub and fails the whole install where that host
// cannot be reached; so Electron lives in desktop/ and is installed there with scripts off, and the download
// (then a better-sqlite3 build for Electron's ABI) is tried afterwards, best effort: where it cannot be done,
// the install still succeeds and `npm start` serves Akrab to a browser instead.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { desktopDir, electronAbi, electronBinary, electronBindingFile, electronBindingProblem, electronVersion, root } from './desktop.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const say = (line) => console.log(`akrab desktop: ${line}`);
const GITHUB_RELEASES = 'https://github.com/electron/electron/releases/download/';
/** How long the download host may take to answer at all; the download itself then has as long as it needs. */
export const PROBE_MS = 15_000;

function run(command, args, options = {}) {
  return spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32', ...options });
}

/** The host @electron/get downloads from: its mirror settings, else GitHub's releases. */
export function downloadBase(env = process.env) {
  return env.ELECTRON_MIRROR || env.npm_config_electron_mirror || GITHUB_RELEASES;
}

/** Whether the zip is in @electron/get's cache already (then no network is needed). */
function cachedZip(version) {
  const cacheRoot =
    process.env.electron_config_cache ||
    (process.platform === 'darwin'
      ? path.join(os.homedir(), 'Library', 'Caches', 'electron')
      : process.platform === 'win32'
        ? path.join(process.env.LOCALAPPDATA ?? os.homedir(), 'electron', 'Cache')
        : path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'electron'));
  const zip = `electron-v${version}-${process.platform}-${process.arch}.zip`;
  try {
    return readdirSync(cacheRoot, { recursive: true }).some((entry) => path.basename(String(entry)) === zip);
  } catch {
    return false;
  }
}

/**
 * Whether the download host answers within `timeoutMs` (any HTTP status counts: it is reachable). Without this,
 * an unreachable host costs minutes of retries and a stack trace. Behind a proxy Node's fetch would not be
 * routed like @electron/get, so the probe is skipped there.
 */
export async function probeDownloadHost(base = downloadBase(), timeoutMs = PROBE_MS) {
  if (process.env.HTTPS_PROXY || process.env.https_proxy || process.env.ELECTRON_GET_USE_PROXY) return { ok: true };
  try {
    await fetch(new URL(base).origin, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    return { ok: true };
  } catch (error) {
    const cause = error?.cause?.code ?? error?.cause?.message ?? error?.name ?? String(error);
    return { ok: false, reason: `${new URL(base).host} cannot be reached (${cause})` };
  }
}

/** Step 1: Electron's package (its types too) and better-sqlite3's sources, from the npm registry, scripts off. */
function installPackages() {
  const result = run(
    npm,
    ['install', '--prefix', desktopDir, '--no-save', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
    { cwd: root },
  );
  if (result.status !== 0) throw new Error('npm could not install desktop/ (Electron and better-sqlite3 from the npm registry).');
}

/** Step 2: Electron's binary, downloaded by Electron's own install script. */
async function downloadElectron() {
  if (electronBinary()) return true;
  const version = electronVersion();
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    say("ELECTRON_SKIP_BINARY_DOWNLOAD is set: Electron's binary was not downloaded.");
    return false;
  }
  if (!cachedZip(version)) {
    const probe = await probeDownloadHost();
    if (!probe.ok) {
      say(`Electron ${version}'s binary was not downloaded: ${probe.reason}.`);
      return false;
    }
  }
  say(`downloading Electron ${version}…`);
  const result = run(process.execPath, ['install.js'], { cwd: path.join(desktopDir, 'node_modules', 'electron') });
  if (result.status !== 0 || !electronBinary()) {
    say(`Electron ${version}'s binary could not be downloaded (see above).`);
    return false;
  }
  return true;
}

/**
 * Step 3: better-sqlite3 for Electron's ABI, in desktop/ only. Electron's documented npm settings make the
 * package's own install script fetch the prebuilt binary for Electron or compile it against Electron's headers.
 */
export function buildElectronBinding() {
  if (!electronBindingProblem()) return true;
  say(`building better-sqlite3 for Electron ${electronVersion()} (module ABI ${electronAbi()})…`);
  const env = {
    ...process.env,
    npm_config_runtime: 'electron',
    npm_config_target: electronVersion(),
    npm_config_disturl: 'https://electronjs.org/headers',
  };
  run(npm, ['rebuild', 'better-sqlite3', '--prefix', desktopDir, '--ignore-scripts=false', '--foreground-scripts'], { cwd: root, env });
  const problem = electronBindingProblem();
  if (problem) say(problem);
  return !problem;
}

export async function installDesktop() {
  installPackages();
  const ready = (await downloadElectron()) && buildElectronBinding();
  if (ready)
    say(
      `Electron ${electronVersion()} and its better-sqlite3 (${path.relative(root, electronBindingFile)}) are installed: \`npm start\` opens the desktop app.`,
    );
  else
    say(
      'the desktop app is not installed; everything else is. `npm start` serves Akrab to your browser instead. Where the host is reachable, `npm run desktop:install` completes it (ELECTRON_MIRROR names a mirror).',
    );
  return ready;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  installDesktop().then(
    // Best effort: a missing desktop app never fails the install. A pending DNS lookup may outlive the probe's timeout.
    () => process.exit(0),
    (error) => {
      console.error(`akrab desktop: ${error.message}`);
      process.exit(1);
    },
  );
}
