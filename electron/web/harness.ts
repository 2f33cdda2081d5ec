import Fastify, { type FastifyInstance } from 'fastify';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createReadStream, existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createCore, type Core } from '../core/api/core';
import { dispatch, dispatchCall } from '../core/api/dispatch';
import type { Store } from '../core/store/store';

export interface HarnessOptions {
  store: Store;
  /** The built renderer (vite build output). */
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface RunningHarness {
  app: FastifyInstance;
  /** The run's one connection to the core: whoever signs in through this token is the harness's session. */
  core: Core;
  url: string;
  token: string;
  close: () => Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * The local web harness: the same contract the Electron preload exposes, served over HTTP on 127.0.0.1 only,
 * with a random per-run token that every call must carry, plus the renderer's static files.
 */
export async function startHarness(options: HarnessOptions): Promise<RunningHarness> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const expected = Buffer.from(token);
  const core = createCore(options.store);
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  // DNS rebinding and cross-site requests: a page from elsewhere may reach 127.0.0.1 under its own name (Host) or
  // post to it from its own origin (Origin). Only this harness's own names are served.
  app.addHook('onRequest', async (request, reply) => {
    const own = ownOrigins((app.server.address() as AddressInfo).port);
    const origin = request.headers.origin;
    if (!own.hosts.has(request.headers.host ?? '') || (origin !== undefined && !own.origins.has(origin)))
      return reply.code(403).send({ ok: false, error: { code: 'forbidden', messageKey: 'error.foreign_origin' } });
  });

  const authorised = (request: { headers: Record<string, unknown> }) => {
    const given = Buffer.from(String(request.headers['x-akrab-token'] ?? ''));
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
  const unauthorised = { ok: false, error: { code: 'unauthorized', messageKey: 'error.unauthorized' } };

  app.post<{ Params: { name: string } }>('/api/call/:name', async (request, reply) => {
    if (!authorised(request)) return reply.code(401).send(unauthorised);
    return dispatchCall(core, request.params.name, request.body);
  });

  // A finished export, to this harness's own client: the file is on the machine running the core, which need not
  // be the browser's. The status call runs through the dispatch, so the signed-in role is checked as for any call.
  app.post<{ Params: { id: string } }>('/api/export/:id', async (request, reply) => {
    if (!authorised(request)) return reply.code(401).send(unauthorised);
    const result = (await dispatch(core, 'reports.exportStatus', { id: request.params.id })) as
      { ok: true; value: { state: string; path: string; fileName: string } } | { ok: false; error: unknown };
    if (!result.ok) return reply.code(404).send(result);
    if (result.value.state !== 'done' || !existsSync(result.value.path))
      return reply.code(409).send({ ok: false, error: { code: 'conflict', messageKey: 'error.export_not_found' } });
    reply.header('content-disposition', `attachment; filename="${result.value.fileName.replace(/[^\w.-]/g, '_')}"`);
    return reply.type('application/octet-stream').send(createReadStream(result.value.path));
  });

  app.setErrorHandler((error: { statusCode?: number }, _request, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
    reply
      .code(status)
      .send({
        ok: false,
        error: {
          code: status === 500 ? 'internal' : 'validation',
          messageKey: status === 413 ? 'error.too_large' : status === 500 ? 'error.internal' : 'error.bad_request',
        },
      });
  });

  const root = path.resolve(options.rendererDir);
  app.get('/*', async (request, reply) => {
    const urlPath = decodeURIComponent(new URL(request.url, 'http://local').pathname);
    let file = path.resolve(root, '.' + urlPath);
    if (!file.startsWith(root) || urlPath.endsWith('/') || !existsSync(file)) file = path.join(root, 'index.html');
    if (!existsSync(file)) return reply.code(503).type('text/plain').send('Renderer not built: run `npm run build:renderer`.');
    reply.header(
      'content-security-policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'",
    );
    return reply.type(contentTypes[path.extname(file)] ?? 'application/octet-stream').send(await readFile(file));
  });

  const address = await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  return { app, core, url: address.replace('[::1]', '127.0.0.1'), token, close: () => app.close() };
}

/** The Host and Origin values a browser sends to this harness: 127.0.0.1 (the printed URL) or localhost, on its port. */
function ownOrigins(port: number): { hosts: Set<string>; origins: Set<string> } {
  const hosts = ['127.0.0.1', 'localhost', '[::1]'].map((name) => `${name}:${port}`);
  return { hosts: new Set(hosts), origins: new Set(hosts.map((host) => `http://${host}`)) };
}
