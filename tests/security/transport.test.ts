import { execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as serverCommand } from '../../electron/cli/commands/server';
import { run as syncCommand } from '../../electron/cli/commands/sync';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { storeFile } from '../../electron/core/dataDir';
import { closeStore, openStore } from '../../electron/core/store/store';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { aCustomer } from '../support/builders';
import { spawnCli } from '../support/runCli';
import { tempDir, tempStore } from '../support/tempStore';
import { lookupByCard } from '../sync/support/lookups';

/**
 * Issue 14, finding 7 / part 5: the server spoke plain HTTP on every interface. Now `akrab server --tls-cert
 * --tls-key` serves HTTPS, devices verify the certificate (a private one is trusted with `akrab sync --ca FILE`),
 * and without TLS the server listens on loopback unless told otherwise, and says so.
 */
function capture() {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (l: string) => lines.push(l), err: (l: string) => errors.push(l) };
}

/** A self-signed certificate for 127.0.0.1, made by the openssl command. */
function selfSigned(dir: string, name: string): { cert: string; key: string } {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  return { cert, key };
}

interface CliServer {
  child: ChildProcess;
  url: string;
  output: string;
  stop(): Promise<void>;
}

/** `akrab server …` as an operator starts it; resolves once it has printed its transport line. */
async function akrabServer(args: string[]): Promise<CliServer> {
  const child = spawnCli(['server', '--port', '0', ...args]);
  let output = '';
  let errors = '';
  child.stderr!.on('data', (d: Buffer) => (errors += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const m = /listening on (\S+)[\s\S]*\n.*(HTTP|HTTPS)/.exec(output);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${errors}`)));
    setTimeout(() => reject(new Error(`server did not start: ${output} ${errors}`)), 60_000).unref();
  });
  return {
    child,
    url,
    get output() {
      return output;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const connects = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host, port, timeout: 3000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });

/** An address of this machine other than loopback, if it has one. */
const outsideAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;

describe('HTTPS with a private certificate', () => {
  const work = tempDir();
  const certificate = selfSigned(work, 'akrab-server');
  const stranger = selfSigned(work, 'someone-else');
  const serverData = path.join(work, 'server');
  let server: CliServer;
  beforeAll(async () => {
    server = await akrabServer(['--tls-cert', certificate.cert, '--tls-key', certificate.key, '--data-dir', serverData]);
  }, 90_000);
  afterAll(async () => server?.stop());

  it('serves HTTPS and says so; the admin commands reach it on 127.0.0.1 by its certificate', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(server.output).toContain('HTTPS on 0.0.0.0');
    const admin = capture();
    expect(await serverCommand(['enroll', '--outlet', 'BDG01'], { dataDir: serverData, json: true, ...admin })).toBe(0);
    expect(JSON.parse(admin.lines[0]!)).toMatchObject({ code: expect.stringMatching(/^[0-9A-Z]{4}-/) });
  });

  it('a device refuses the unknown certificate with a clear error, syncs once it is given with --ca, and remembers it', async () => {
    const admin = capture();
    await serverCommand(['enroll', '--outlet', 'BDG01'], { dataDir: serverData, json: true, ...admin });
    const { code } = JSON.parse(admin.lines[0]!) as { code: string };

    const deviceDir = tempDir();
    const store = openStore(storeFile(deviceDir));
    registerCustomer(store, aCustomer().named('Siti Rahayu').withCard('TLS0001').build());
    closeStore(store);

    const untrusted = capture();
    expect(await syncCommand(['--server', server.url, '--enroll', code], { dataDir: deviceDir, json: false, ...untrusted })).toBe(1);
    expect(untrusted.errors.join('\n')).toMatch(/certificate is not trusted.*--ca FILE/);

    const wrongCa = capture();
    expect(await syncCommand(['--server', server.url, '--enroll', code, '--ca', stranger.cert], { dataDir: deviceDir, json: false, ...wrongCa })).toBe(1);
    expect(wrongCa.errors.join('\n')).toMatch(/certificate is not trusted/);

    const notPem = capture();
    expect(await syncCommand(['--server', server.url, '--ca', certificate.key], { dataDir: deviceDir, json: false, ...notPem })).toBe(2);
    expect(notPem.errors.join('\n')).toContain('holds no PEM certificate');

    const enrolled = capture();
    expect(await syncCommand(['--server', server.url, '--enroll', code, '--ca', certificate.cert], { dataDir: deviceDir, json: true, ...enrolled })).toBe(0);
    expect(JSON.parse(enrolled.lines[0]!)).toMatchObject({ enrolledOutlet: 'BDG01', pushed: 3, pending: 0 });
    // Remembered: later rounds (and the desktop app's background sync on this store) need no --ca.
    expect(await syncCommand([], { dataDir: deviceDir, json: false, ...capture() })).toBe(0);

    // Another device, trusting the certificate through the engine's option, receives the registration over HTTPS.
    await serverCommand(['enroll', '--outlet', 'BDG01'], { dataDir: serverData, json: true, ...admin });
    const shop = tempStore();
    const engine = new SyncEngine(shop, { serverUrl: server.url, ca: readFileSync(certificate.cert, 'utf8') });
    await engine.enrol((JSON.parse(admin.lines[1]!) as { code: string }).code);
    await engine.syncOnce();
    expect(lookupByCard(shop, 'TLS0001')).toBeDefined();
  });
});

describe('plain HTTP', () => {
  it('listens on loopback only by default and says so', async () => {
    const server = await akrabServer(['--data-dir', tempDir()]);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(server.output).toMatch(/Plain HTTP on 127\.0\.0\.1: loopback only/);
      const port = Number(new URL(server.url).port);
      expect(await connects('127.0.0.1', port)).toBe(true);
      if (outsideAddress) expect(await connects(outsideAddress, port)).toBe(false);
    } finally {
      await server.stop();
    }
  }, 90_000);

  it('on another address only when told, with a warning that the traffic is unencrypted', async () => {
    const server = await akrabServer(['--host', '0.0.0.0', '--data-dir', tempDir()]);
    try {
      expect(server.output).toMatch(/WARNING: plain HTTP on 0\.0\.0\.0, reachable from the network/);
      if (outsideAddress) expect(await connects(outsideAddress, Number(new URL(server.url).port))).toBe(true);
    } finally {
      await server.stop();
    }
  }, 90_000);
});
