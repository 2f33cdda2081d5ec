import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createServerApp } from '../../server/app';
import { openServerDatabase, type ServerDatabase } from '../../server/storage/database';
import { createEnrolmentCode, registerDeviceDirectly, revokeDevice, serverDigest } from '../../server/storage/syncStorage';

/**
 * The sync server's bad-input suite, in process (fastify inject, embedded PGlite): every malformed or
 * unauthenticated request gets a clear `{ error: { code, messageKey } }`, never a stack trace, and the
 * server's data is unchanged. Rate limits have their own server instances below, so the failures this
 * suite provokes on purpose do not lock it out.
 */
let database: ServerDatabase;
let app: FastifyInstance;
let token: string;
let revokedToken: string;
const ADMIN = 'admin-token-for-tests-0123456789';
const BODY_LIMIT = 256 * 1024;

beforeAll(async () => {
  database = await openServerDatabase();
  app = createServerApp({ db: database.db, adminToken: ADMIN, bodyLimit: BODY_LIMIT, limits: { authFailures: 10_000 } });
  token = await registerDeviceDirectly(database.db, 'dev-a', 'BDG01');
  revokedToken = await registerDeviceDirectly(database.db, 'dev-gone', 'BDG01');
  await revokeDevice(database.db, 'dev-gone');
}, 60_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const hlc = (device = 'dev-a', ms = 0) => `${new Date(Date.UTC(2026, 10, 23, 3, 0, 0, ms)).toISOString()}-0000-${device}`;
const change = (over: Record<string, unknown> = {}) => ({
  id: 1,
  hlc: hlc(),
  table: 'customers',
  rowId: 'c1',
  op: 'upsert',
  data: { full_name: 'Siti' },
  ...over,
});
const post = (url: string, payload: unknown, headers: Record<string, string> = { authorization: `Bearer ${token}` }) =>
  app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...headers },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
const state = async () => JSON.stringify(await serverDigest(database.db));

function expectClearError(response: { statusCode: number; body: string }, status: number, code: string) {
  expect(response.statusCode).toBe(status);
  expect(response.body).not.toMatch(/at .*\.(js|ts):\d+|node_modules|stack/i);
  expect(JSON.parse(response.body)).toEqual({ error: { code, messageKey: `error.sync.${code}` } });
}

describe('sync server: authentication', () => {
  it.each([
    ['no header', {}],
    ['a malformed header', { authorization: 'Basic abc' }],
    ['an unknown token', { authorization: `Bearer ${'x'.repeat(43)}` }],
    ['a token with SQL in it', { authorization: `Bearer ' OR 1=1 --` }],
  ])('%s on every /sync route → 401', async (_label, headers) => {
    const before = await state();
    for (const url of ['/sync/push', '/sync/pull', '/sync/snapshot'])
      expectClearError(await post(url, { deviceId: 'dev-a' }, headers as Record<string, string>), 401, 'unauthorized');
    expect(await state()).toBe(before);
  });

  it('a revoked device → 403 device_revoked; another device id than the token’s → 403', async () => {
    expectClearError(
      await post('/sync/pull', { deviceId: 'dev-gone', cursor: 0, limit: 10 }, { authorization: `Bearer ${revokedToken}` }),
      403,
      'device_revoked',
    );
    expectClearError(await post('/sync/pull', { deviceId: 'dev-b', cursor: 0, limit: 10 }), 403, 'device_mismatch');
  });

  it('admin routes refuse a missing or wrong admin token', async () => {
    for (const headers of [{}, { 'x-akrab-admin-token': 'nope' }]) {
      expectClearError(await app.inject({ method: 'GET', url: '/admin/devices', headers }), 401, 'unauthorized');
    }
  });

  it('an expired or reused enrolment code is refused', async () => {
    const used = await createEnrolmentCode(database.db, 'BDG01');
    expect((await post('/enrol', { code: used.code, deviceId: 'dev-new' }, {})).statusCode).toBe(200);
    const again = await post('/enrol', { code: used.code, deviceId: 'dev-new2' }, {});
    expect(again.statusCode).toBeGreaterThanOrEqual(400);
    expect(again.statusCode).toBeLessThan(500);
    const expired = await createEnrolmentCode(database.db, 'BDG01', 1e-9);
    await new Promise((r) => setTimeout(r, 5));
    const late = await post('/enrol', { code: expired.code, deviceId: 'dev-late' }, {});
    expect(late.statusCode).toBeGreaterThanOrEqual(400);
    expect(late.statusCode).toBeLessThan(500);
  });
});

describe('sync server: bad bodies', () => {
  it.each(['{"deviceId": ', '{deviceId: 1}', '[1,2', 'null', '"text"'])('malformed JSON %j → 400, nothing stored', async (body) => {
    const before = await state();
    expectClearError(await post('/sync/push', body), 400, 'bad_request');
    expect(await state()).toBe(before);
  });

  it('an oversized body → 413', async () => {
    const before = await state();
    const big = { deviceId: 'dev-a', batchId: 'b', changes: [change({ data: { notes: 'x'.repeat(BODY_LIMIT) } })] };
    expectClearError(await post('/sync/push', big), 413, 'too_large');
    expect(await state()).toBe(before);
  });

  it.each([
    ['a string cursor', '/sync/pull', { deviceId: 'dev-a', cursor: 'zero', limit: 10 }],
    ['a negative cursor', '/sync/pull', { deviceId: 'dev-a', cursor: -1, limit: 10 }],
    ['a huge limit', '/sync/pull', { deviceId: 'dev-a', cursor: 0, limit: 1e9 }],
    ['an empty batch', '/sync/push', { deviceId: 'dev-a', batchId: 'b', changes: [] }],
    ['an unknown table', '/sync/push', { deviceId: 'dev-a', batchId: 'b', changes: [change({ table: 'staff; DROP TABLE changes' })] }],
    [
      'a column name with SQL',
      '/sync/push',
      { deviceId: 'dev-a', batchId: 'b', changes: [change({ data: { 'full_name = 1; --': 'x' } })] },
    ],
    ['an object as a value', '/sync/push', { deviceId: 'dev-a', batchId: 'b', changes: [change({ data: { full_name: { $gt: '' } } })] }],
    ['a malformed stamp', '/sync/push', { deviceId: 'dev-a', batchId: 'b', changes: [change({ hlc: "2026' OR 1=1" })] }],
    ['another device’s stamp', '/sync/push', { deviceId: 'dev-a', batchId: 'b', changes: [change({ hlc: hlc('dev-b') })] }],
    ['an unknown op', '/sync/push', { deviceId: 'dev-a', batchId: 'b', changes: [change({ op: 'truncate' })] }],
    ['a snapshot key of the wrong type', '/sync/snapshot', { deviceId: 'dev-a', after: 'customers', limit: 10 }],
  ])('wrong types: %s → 400, nothing stored', async (_label, url, body) => {
    const before = await state();
    expectClearError(await post(url, body), 400, 'bad_request');
    expect(await state()).toBe(before);
  });

  const texts = [`Robert'); DROP TABLE changes;--`, `' OR '1'='1`, `Siti 👩‍👩‍👧 🇮🇩`, `مرحبا \u202Eabc`, `Si\u200Bti`, `%_\\`];
  it('SQL metacharacters and Unicode in every text field of a push come back exactly as sent', async () => {
    let ms = 10;
    for (const text of texts) {
      const rowId = `r-${ms}`;
      const response = await post('/sync/push', {
        deviceId: 'dev-a',
        batchId: `batch ${text}`.slice(0, 100),
        changes: [change({ id: ms, hlc: hlc('dev-a', ms), rowId, data: { full_name: text, notes: text } })],
      });
      expect(response.statusCode, text).toBe(200);
      ms++;
    }
    const other = await registerDeviceDirectly(database.db, 'dev-c', 'BDG01');
    const pulled = JSON.parse(
      (await post('/sync/pull', { deviceId: 'dev-c', cursor: 0, limit: 1000 }, { authorization: `Bearer ${other}` })).body,
    ) as { changes: { data: Record<string, unknown> }[] };
    const names = pulled.changes.map((c) => c.data.full_name);
    for (const text of texts) expect(names).toContain(text);
  });

  it('a NUL or another control character in a pushed value or row id is refused with 400, and nothing is stored', async () => {
    const before = await state();
    for (const [rowId, data] of [
      ['nul', { full_name: 'Siti\u0000' }],
      ['bell', { notes: 'ding\u0007' }],
      ['row\u0000id', { full_name: 'Siti' }],
    ] as const) {
      const response = await post('/sync/push', {
        deviceId: 'dev-a',
        batchId: `control ${rowId.length}`,
        changes: [change({ id: 900, hlc: hlc('dev-a', 900), rowId, data })],
      });
      expectClearError(response, 400, 'bad_request');
    }
    expect(await state()).toBe(before);
  });
});

describe('sync server: rate limits', () => {
  let limited: FastifyInstance;
  let deviceToken: string;
  let otherToken: string;
  beforeAll(async () => {
    limited = createServerApp({ db: database.db, adminToken: ADMIN, limits: { requestsPerMinute: 5, authFailures: 3 } });
    deviceToken = await registerDeviceDirectly(database.db, 'dev-limit-a', 'BDG01');
    otherToken = await registerDeviceDirectly(database.db, 'dev-limit-b', 'BDG01');
  }, 60_000);
  afterAll(async () => {
    await limited?.close();
  });
  const pull = (deviceId: string, authorization: string, remoteAddress = '10.0.0.1') =>
    limited.inject({
      method: 'POST',
      url: '/sync/pull',
      remoteAddress,
      headers: { 'content-type': 'application/json', authorization },
      payload: JSON.stringify({ deviceId, cursor: 0, limit: 1 }),
    });

  it('repeated bad tokens from one address are answered 429 once it is blocked; a good token from it still passes', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await pull('dev-limit-a', `Bearer ${'y'.repeat(42)}${i}`, '10.0.0.9')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expectClearError(await pull('dev-limit-a', `Bearer ${'y'.repeat(43)}`, '10.0.0.9'), 429, 'rate_limited');
    expect((await pull('dev-limit-a', `Bearer ${deviceToken}`, '10.0.0.9')).statusCode).toBe(200);
    expect((await pull('dev-limit-a', `Bearer ${deviceToken}`, '10.0.0.10')).statusCode).toBe(200);
  });

  it('bad enrolment codes count as failures too', async () => {
    const enrol = () =>
      limited.inject({
        method: 'POST',
        url: '/enrol',
        remoteAddress: '10.0.0.20',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ code: 'WRONG-CODE', deviceId: 'dev-new' }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await enrol()).statusCode);
    expect(statuses).toEqual([403, 403, 403, 429]);
  });

  it('each device token has its own request budget, so outlets behind one address do not slow each other', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await pull('dev-limit-b', `Bearer ${otherToken}`, '10.0.0.30')).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const slowed = await pull('dev-limit-b', `Bearer ${otherToken}`, '10.0.0.30');
    expectClearError(slowed, 429, 'rate_limited');
    expect(Number(slowed.headers['retry-after'])).toBeGreaterThan(0);
    expect((await pull('dev-limit-a', `Bearer ${deviceToken}`, '10.0.0.30')).statusCode).toBe(200);
  });
});
