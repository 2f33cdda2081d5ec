import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { readSyncState } from '../../electron/core/sync/syncState';
import type { RunningServer } from '../../server/main';
import { aCustomer } from '../support/builders';
import { tempStore } from '../support/tempStore';
import { lookupByCard } from '../sync/support/lookups';
import { enrolmentCode, inProcessServer } from '../sync/support/servers';

/**
 * Issue 14, finding 8 / part 6: outlets in one mall share an address behind NAT. 20 failed enrolment attempts from
 * it (a mistyped code, a guesser on the mall's wifi) locked every valid device there out for 10 minutes. Now the
 * failure limit never touches a request with a valid credential; the guesser's failures are still refused.
 * The real server on 127.0.0.1 with its default limits; every request here comes from 127.0.0.1.
 */
describe('the failed-authentication limit and valid devices behind the same address', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await inProcessServer('pglite');
  });
  afterAll(async () => server?.close());

  const enrolled = async () => {
    const store = tempStore();
    const engine = new SyncEngine(store, { serverUrl: server.url });
    await engine.enrol(await enrolmentCode(server.url, server.adminToken, 'BDG01'));
    return { store, engine };
  };
  const post = (route: string, body: unknown, token?: string) =>
    fetch(`${server.url}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify(body),
    });

  it('after 20+ bad enrolment codes from the address, its devices still push and pull, and a valid code still enrols', async () => {
    const booth = await enrolled();
    const shop = await enrolled();

    const statuses: number[] = [];
    for (let i = 0; i < 23; i++) statuses.push((await post('/enrol', { code: `BAD0-CODE-${String(i).padStart(4, '0')}`, deviceId: `guess${i}` })).status);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(403));
    expect(statuses.slice(20)).toEqual([429, 429, 429]);

    // The valid devices at the address are neither slowed nor refused.
    const siti = registerCustomer(booth.store, aCustomer().named('Siti Rahayu').withCard('NAT0001').build());
    expect(await booth.engine.syncOnce()).toMatchObject({ pushed: expect.any(Number), pending: 0 });
    await shop.engine.syncOnce();
    expect(lookupByCard(shop.store, 'NAT0001')).toBe(siti.id);
    const pull = await post('/sync/pull', { deviceId: shop.store.deviceId, cursor: 0, limit: 1 }, readSyncState(shop.store).token!);
    expect(pull.status).toBe(200);

    // A new outlet PC enrols with a valid code (60 random bits) from the same address.
    const newcomer = await enrolled();
    expect(readSyncState(newcomer.store).token).toBeTruthy();

    // The guesser is still refused: wrong codes and wrong tokens get 429 with a clear body.
    const wrongCode = await post('/enrol', { code: 'BAD1-CODE-0000', deviceId: 'guessx' });
    expect(wrongCode.status).toBe(429);
    expect(await wrongCode.json()).toEqual({ error: { code: 'rate_limited', messageKey: 'error.sync.rate_limited' } });
    const wrongToken = await post('/sync/pull', { deviceId: shop.store.deviceId, cursor: 0, limit: 1 }, 'x'.repeat(43));
    expect(wrongToken.status).toBe(429);
  });
});
