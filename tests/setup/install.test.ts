import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import semver from 'semver';
import { afterEach, describe, expect, it } from 'vitest';
import { probeDownloadHost } from '../../build/installDesktop.mjs';

interface LockedPackage {
  version: string;
  dev?: boolean;
  hasInstallScript?: boolean;
  engines?: { node?: string };
}
const lock = (file: string) => JSON.parse(readFileSync(file, 'utf8')).packages as Record<string, LockedPackage>;
const rootPackage = JSON.parse(readFileSync('package.json', 'utf8'));
const rootLock = lock('package-lock.json');
const desktopLock = lock('desktop/package-lock.json');
const installed = (packages: Record<string, LockedPackage>) => Object.entries(packages).filter(([where]) => where !== '');

const servers: Server[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});
async function listening(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe('`npm ci` on a machine that cannot reach Electrons download host', () => {
  it('the root install downloads nothing outside the npm registry: its only install scripts build better-sqlite3 and check esbuild', () => {
    const withScripts = installed(rootLock)
      .filter(([, p]) => p.hasInstallScript)
      .map(([where]) => where.replace(/^.*node_modules\//, ''));
    expect([...new Set(withScripts)].sort()).toEqual(['better-sqlite3', 'esbuild']);
    expect(Object.keys(rootPackage.allowScripts).sort()).toEqual(['better-sqlite3', 'esbuild']);
    // Electron's install script is the one that downloads from GitHub; it lives in desktop/, installed with scripts off.
    expect(installed(rootLock).some(([where]) => where.endsWith('node_modules/electron'))).toBe(false);
    expect(rootPackage.scripts.postinstall).toBe('node build/installDesktop.mjs');
  });

  it('finds an unreachable download host within its time limit and says which host', async () => {
    const closed = await listening(createServer());
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    const refused = await probeDownloadHost(closed, 2_000);
    expect(refused).toEqual({ ok: false, reason: expect.stringMatching(/^127\.0\.0\.1:\d+ cannot be reached \(ECONNREFUSED\)$/) });

    const silent = await listening(createServer(() => {})); // accepts, never answers
    const started = performance.now();
    const timedOut = await probeDownloadHost(silent, 500);
    expect(timedOut.ok).toBe(false);
    expect(timedOut.reason).toMatch(/cannot be reached \(TimeoutError\)/);
    expect(performance.now() - started).toBeLessThan(3_000);

    const answering = await listening(createServer((_req, res) => res.writeHead(302, { location: '/elsewhere' }).end()));
    expect(await probeDownloadHost(`${answering}electron/releases/download/`, 2_000)).toEqual({ ok: true });
  });

  it('the postinstall step finishes, says the desktop app is not installed and how to complete it, and installs Electrons types', () => {
    const started = performance.now();
    const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_MIRROR: 'http://127.0.0.1:9/electron/', ELECTRON_SKIP_BINARY_DOWNLOAD: '' };
    const result = spawnSync(process.execPath, ['build/installDesktop.mjs'], { env, encoding: 'utf8', timeout: 120_000 });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/binary was not downloaded: 127\.0\.0\.1:9 cannot be reached/);
    expect(result.stdout).toMatch(/`npm start` serves Akrab to your browser instead.*`npm run desktop:install`/);
    expect(readFileSync('desktop/node_modules/electron/electron.d.ts', 'utf8')).toMatch(/declare module 'electron'/);
    console.log(`installDesktop without the download host: ${Math.round(performance.now() - started)} ms`);
  }, 150_000);
});

describe('Node versions', () => {
  const claimed = rootPackage.engines.node as string;

  it('engines names the LTS lines 20, 22 and 24', () => {
    for (const version of ['20.19.0', '22.13.0', '24.0.0']) expect(semver.satisfies(version, claimed), version).toBe(true);
  });

  it('every package the root installs, and desktop/ installs for the desktop app, runs on every Node that engines claims', () => {
    const notOn = [...installed(rootLock), ...installed(desktopLock).filter(([, p]) => !p.dev)]
      .filter(([, p]) => p.engines?.node && !semver.subset(claimed, p.engines.node))
      .map(([where, p]) => `${where}@${p.version} needs ${p.engines!.node}`);
    expect(notOn).toEqual([]);
  });

  it("desktop/ builds the same better-sqlite3 the root's JavaScript runs (the bundle loads root JS with desktop/'s build)", () => {
    expect(desktopLock['node_modules/better-sqlite3']!.version).toBe(rootLock['node_modules/better-sqlite3']!.version);
  });
});
