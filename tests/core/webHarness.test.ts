import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type RunningHarness } from '../../electron/web/harness';
import { aCustomer } from '../support/builders';
import { tempDir, tempStore } from '../support/tempStore';
import { TEST_PASSWORD, testStaff } from '../support/signedIn';

let harness: RunningHarness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

async function start() {
  const store = tempStore();
  const rendererDir = path.join(tempDir(), 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Akrab</title>');
  harness = await startHarness({ store, rendererDir });
  const call = (name: string, body: unknown, token = harness!.token) =>
    fetch(`${harness!.url}/api/call/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-akrab-token': token }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  // The harness's one connection signs in like the renderer does: through the contract.
  const signedIn = await (await call('auth.signIn', { staffId: testStaff(store).staffId, password: TEST_PASSWORD })).json();
  expect(signedIn).toMatchObject({ ok: true, value: { role: 'admin', method: 'password' } });
  return { store, call, harness };
}

describe('the local web harness', () => {
  it('listens on 127.0.0.1 only and serves the renderer', async () => {
    const { harness } = await start();
    expect(new URL(harness.url).hostname).toBe('127.0.0.1');
    const page = await fetch(`${harness.url}/customers/anything`);
    expect(await page.text()).toContain('<title>Akrab</title>');
  });

  it('serves the contract to the holder of the per-run token, and nobody else', async () => {
    const { call } = await start();
    const registered = await (await call('customers.register', { draft: aCustomer().named('Budi').withPhone('0812-3456-7890').build() })).json();
    expect(registered).toMatchObject({ ok: true, value: { fullName: 'Budi' } });
    expect(await (await call('customers.lookup', { query: '+62 812 3456 7890' })).json()).toMatchObject({ ok: true, value: { fullName: 'Budi' } });
    const refused = await call('customers.lookup', { query: '0812' }, 'wrong-token');
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ ok: false, error: { code: 'unauthorized', messageKey: 'error.unauthorized' } });
  });

  it('answers bad input with typed errors, never a stack trace', async () => {
    const { call } = await start();
    expect(await (await call('customers.drop', {})).json()).toEqual({ ok: false, error: { code: 'not_found', messageKey: 'error.unknown_call' } });
    expect(await (await call('customers.search', { text: 42 })).json()).toMatchObject({ ok: false, error: { code: 'validation', field: 'text' } });
    const malformed = await call('customers.search', '{"text": ');
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).not.toMatch(/at .*\.(js|ts):\d+/);
    const huge = await call('customers.search', { text: 'x'.repeat(2 * 1024 * 1024) });
    expect(huge.status).toBe(413);
  });
});
