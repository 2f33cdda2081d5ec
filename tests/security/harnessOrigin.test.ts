import http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type RunningHarness } from '../../electron/web/harness';
import { tempDir, tempStore } from '../support/tempStore';

/**
 * Issue 14, finding 8 / part 6: the web harness checked neither Host nor Origin. A page on another site could
 * rebind its own name to 127.0.0.1 (DNS rebinding: the browser then sends `Host: evil.example:PORT` and reads the
 * answers as same-origin) or post from its own origin. Real HTTP requests with those headers.
 */
let harness: RunningHarness;
beforeAll(async () => {
  const rendererDir = path.join(tempDir(), 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Akrab</title>');
  harness = await startHarness({ store: tempStore(), rendererDir });
});
afterAll(async () => harness?.close());

/** node:http, because fetch will not send a Host header of our choosing. */
function request(method: 'GET' | 'POST', route: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const url = new URL(harness.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: url.port, method, path: route, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

const port = () => new URL(harness.url).port;
const call = (headers: Record<string, string>) =>
  request('POST', '/api/call/auth.staff', { 'content-type': 'application/json', 'x-akrab-token': harness.token, ...headers });
const refusal = { ok: false, error: { code: 'forbidden', messageKey: 'error.foreign_origin' } };

describe('the web harness serves only its own Host and Origin', () => {
  it('answers its own names, with or without an Origin of its own', async () => {
    expect((await call({ host: `127.0.0.1:${port()}` })).status).toBe(200);
    expect((await call({ host: `localhost:${port()}`, origin: `http://localhost:${port()}` })).status).toBe(200);
    expect((await call({ host: `127.0.0.1:${port()}`, origin: `http://127.0.0.1:${port()}` })).status).toBe(200);
    expect((await request('GET', '/', { host: `127.0.0.1:${port()}` })).body).toContain('<title>Akrab</title>');
  });

  it.each(['evil.example:PORT', 'evil.example', '127.0.0.1:1'])('refuses the API and the pages to Host %s, even with the token', async (host) => {
    const foreign = host.replace('PORT', port());
    const api = await call({ host: foreign });
    expect(api.status).toBe(403);
    expect(JSON.parse(api.body)).toEqual(refusal);
    const page = await request('GET', '/', { host: foreign });
    expect(page.status).toBe(403);
    expect(page.body).not.toContain('<title>Akrab</title>');
  });

  it.each(['http://evil.example', 'null', 'http://evil.example:PORT'])('refuses a call from Origin %s, even with the token', async (origin) => {
    const api = await call({ host: `127.0.0.1:${port()}`, origin: origin.replace('PORT', port()) });
    expect(api.status).toBe(403);
    expect(JSON.parse(api.body)).toEqual(refusal);
  });
});
