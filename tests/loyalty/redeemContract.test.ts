import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { pointsBalance } from '../../electron/core/loyalty';
import type { Store } from '../../electron/core/store/store';
import { startBackgroundSync } from '../../electron/core/sync/backgroundSync';
import { CallError, createApi } from '../../renderer/api/client';
import { transportFor } from '../renderer/support/coreApi';
import { backends } from '../sync/support/servers';
import { countersWithAClerk } from './support/clerkCounters';
import { ledgerServer } from './support/ledgerServer';

const refusal = async (work: Promise<unknown>) => {
  try {
    await work;
  } catch (error) {
    if (error instanceof CallError) return error.error;
    throw error;
  }
  throw new Error('expected a refusal');
};

/**
 * Issue 17 point 4 through the customer page's call (`loyalty.redeem`): where the background sync engine runs
 * (Electron main, the web harness) the redemption is checked against the server's ledger; without an engine or a
 * reachable server it is the offline one. Before, the call always redeemed offline.
 */
describe.each(backends)("the customer page's redemption is checked with the server where a sync engine runs (%s)", (backend) => {
  const ledger = ledgerServer(backend);

  it('checked with the server beyond the offline limit; the server refuses beyond its ledger; provisional without engine or server', async () => {
    const { devices, customerId, clerkCore } = await countersWithAClerk(ledger, 3);
    const [a, b, c] = [devices[0]!, devices[1]!, devices[2]!];
    const counter = (store: Store) => createApi(transportFor(clerkCore(store)));
    const engines = [
      startBackgroundSync(a.store, { intervalMs: 3_600_000, timeoutMs: 15_000 }),
      startBackgroundSync(b.store, { intervalMs: 3_600_000, timeoutMs: 15_000 }),
      // C's server is out of reach: its engine runs, but cannot answer.
      startBackgroundSync(c.store, { serverUrl: 'http://127.0.0.1:9', intervalMs: 3_600_000, timeoutMs: 15_000 }),
    ];
    try {
      const atB = await counter(b.store)['loyalty.redeem']({ customerId, points: 20 });
      expect(atB).toMatchObject({ points: -20, provisional: false, checkedWithServer: true, serverBalance: 30, balanceAfter: 10 });

      // A has not pulled B's redemption: the server's ledger refuses it, with the server's figure, and nothing is written.
      const redeemsAtA = () => a.store.sqlite.prepare(`SELECT count(*) FROM points_ledger WHERE kind = 'redeem'`).pluck().get();
      const refused = await refusal(counter(a.store)['loyalty.redeem']({ customerId, points: 15 }));
      expect(refused).toMatchObject({ messageKey: 'error.loyalty.beyond_server_balance', params: { available: 10 } });
      expect(redeemsAtA()).toBe(1);
      expect(pointsBalance(a.store, customerId).balance).toBe(10);

      const atC = await counter(c.store)['loyalty.redeem']({ customerId, points: 5 });
      expect(atC).toMatchObject({ points: -5, provisional: true, checkedWithServer: false, serverBalance: null });
      const beyondLimit = await refusal(counter(c.store)['loyalty.redeem']({ customerId, points: 1 }));
      expect(beyondLimit.messageKey).toBe('error.loyalty.beyond_offline_limit');
    } finally {
      for (const engine of engines) engine.stop();
    }
    // No engine running (a device never enrolled, or the CLI's store): the offline redemption.
    const noEngine = await counter(b.store)['loyalty.redeem']({ customerId, points: 2 });
    expect(noEngine).toMatchObject({ points: -2, provisional: true, checkedWithServer: false, serverBalance: null });
  });

  it('while the engine knows the server is out of reach, the counter redeems offline at once without asking it again', async () => {
    const { devices, customerId, clerkCore } = await countersWithAClerk(ledger, 1);
    const store = devices[0]!.store;
    // A server that accepts connections and never answers: each request waits for its timeout.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const background = startBackgroundSync(store, {
      serverUrl: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`,
      intervalMs: 3_600_000,
      timeoutMs: 500,
    });
    try {
      await vi.waitFor(() => expect(background.status().reachable).toBe(false), { timeout: 10_000 });
      // No more background rounds from here; the engine stays the store's, with what it learnt.
      background.engine.stop();
      const asked = sockets.length;
      const line = await createApi(transportFor(clerkCore(store)))['loyalty.redeem']({ customerId, points: 5 });
      expect(line).toMatchObject({ points: -5, provisional: true, checkedWithServer: false });
      expect(sockets.length).toBe(asked);
    } finally {
      background.stop();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
