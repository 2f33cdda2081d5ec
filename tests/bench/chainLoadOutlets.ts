/**
 * A group of simulated outlets for `chainLoadBench.ts`, run as a child process of it: each outlet is its own SQLite
 * store and sync engine, as on its own machine. Outlets are split over several such processes because, sharing one
 * event loop, an outlet applying a large pull held every other outlet's answer unread: the client-side latency
 * then measured the bench's own queue (ten times the servers' own figure, README "A chain's day").
 *
 * Driven over IPC by the bench: `round` (the round's work, then every outlet syncs at a random moment within the
 * spread), `settle` (one more sync each), `digests`, `close`. Answers carry what the bench totals.
 */
import path from 'node:path';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { addPurchase, updateCustomer } from '../../electron/core/customers/editCustomer';
import { logInteraction } from '../../electron/core/care/interactions/interactions';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';
import { closeStore, openStore, type Store } from '../../electron/core/store/store';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { SyncError } from '../../electron/core/sync/syncClient';
import { storeDigest } from '../../electron/core/sync/digest';
import { SeededRandom } from '../../electron/core/demo/random';
import { syntheticCustomers, type SyntheticCustomer } from '../../electron/core/demo/syntheticCustomers';

export interface OutletSpec {
  index: number;
  code: string;
  serverUrl: string;
  enrolmentCode: string;
}

export interface GroupSetup {
  work: string;
  outlets: OutletSpec[];
  rounds: number;
  perDay: { registrations: number; purchases: number; contacts: number; edits: number; conflicts: number };
  spreadMs: number;
}

export type GroupCommand = { type: 'round'; round: number } | { type: 'settle' } | { type: 'digests' } | { type: 'close' };

export type GroupAnswer =
  | { type: 'ready' }
  | { type: 'round'; pushed: number; pulled: number; failed: number; failures: Record<string, number>; syncMs: number }
  | { type: 'settle'; moving: boolean; failures: Record<string, number> }
  | { type: 'digests'; digests: string[] }
  | { type: 'closed'; latencies: Record<'push' | 'pull' | 'snapshot', number[]> };

interface Outlet {
  code: string;
  store: Store;
  engine: SyncEngine;
  random: SeededRandom;
  own: string[];
  people: Iterator<SyntheticCustomer>;
}

const latencies: Record<'push' | 'pull' | 'snapshot', number[]> = { push: [], pull: [], snapshot: [] };
/** Times each sync request until its whole answer is read. */
const timedFetch: typeof fetch = async (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  const kind = url.includes('/sync/push') ? 'push' : url.includes('/sync/pull') ? 'pull' : url.includes('/sync/snapshot') ? 'snapshot' : null;
  const started = performance.now();
  const response = await fetch(input, init);
  const body = await response.arrayBuffer();
  if (kind) latencies[kind].push(performance.now() - started);
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
};

const send = (answer: GroupAnswer) => process.send!(answer);

async function main(setup: GroupSetup): Promise<void> {
  const outlets: Outlet[] = [];
  for (const spec of setup.outlets) {
    const store = openStore(path.join(setup.work, `${spec.code}.sqlite`));
    useOutlet(store, ensureOutlet(store, spec.code));
    const engine = new SyncEngine(store, { serverUrl: spec.serverUrl, fetch: timedFetch, timeoutMs: 30_000 });
    await engine.enrol(spec.enrolmentCode);
    outlets.push({
      code: spec.code,
      store,
      engine,
      random: new SeededRandom(1000 + spec.index),
      own: [],
      people: syntheticCustomers(1_000_000, { seed: 77 + spec.index, purchasesPerCustomer: 0 }),
    });
  }
  const { rounds, perDay, spreadMs } = setup;
  const share = (total: number, round: number) => Math.floor((total * (round + 1)) / rounds) - Math.floor((total * round) / rounds);

  const work = (o: Outlet, round: number) => {
    for (let k = 0; k < share(perDay.registrations, round); k++) {
      const person = o.people.next().value as SyntheticCustomer;
      const draft = { ...person.draft, cardNo: `${o.code}-${person.draft.cardNo}` };
      try {
        o.own.push(registerCustomer(o.store, draft).id);
      } catch {
        // A generated phone or card another registration already holds: the clerk would fix it; skip.
      }
    }
    if (o.own.length === 0) return;
    const pick = () => o.own[o.random.int(0, o.own.length - 1)]!;
    for (let k = 0; k < share(perDay.purchases, round); k++)
      addPurchase(o.store, { customerId: pick(), invoiceNo: `${o.code}-${round}-${k}`, purchasedAt: new Date().toISOString(), amount: 250_000 + o.random.int(0, 40) * 50_000, mainProduct: 'Kulkas' });
    for (let k = 0; k < share(perDay.contacts, round); k++) logInteraction(o.store, { customerId: pick(), channel: 'whatsapp', outcome: 'reached', note: `round ${round}` });
    for (let k = 0; k < share(perDay.edits, round); k++) updateCustomer(o.store, pick(), { city: o.random.pick(['Bandung', 'Surabaya', 'Medan', 'Makassar']) });
    // Conflicts: the same field of a customer registered elsewhere, edited here while others edit it too.
    if (round > 0) {
      const others = o.store.sqlite.prepare('SELECT id FROM customers WHERE registered_outlet_id <> ? ORDER BY id LIMIT 5').pluck().all(o.store.outletId) as string[];
      for (let k = 0; k < share(perDay.conflicts, round) && others.length > 0; k++) updateCustomer(o.store, others[k % others.length]!, { notes: `${o.code} round ${round}` });
    }
  };

  /** Every outlet syncs once, each at a random moment within the spread; a failed round is counted and left to the next, as background sync does. */
  const syncAll = async (failures: Record<string, number>, prefix = '') =>
    Promise.all(
      outlets.map(async (o) => {
        await new Promise((resolve) => setTimeout(resolve, o.random.next() * spreadMs));
        try {
          return await o.engine.syncOnce();
        } catch (error) {
          if (!(error instanceof SyncError)) throw error;
          failures[prefix + error.code] = (failures[prefix + error.code] ?? 0) + 1;
          return null;
        }
      }),
    );

  process.on('message', (command: GroupCommand) => {
    void (async () => {
      if (command.type === 'round') {
        for (const o of outlets) work(o, command.round);
        const failures: Record<string, number> = {};
        const t = performance.now();
        const done = (await syncAll(failures)).filter((r) => r !== null);
        send({
          type: 'round',
          pushed: done.reduce((a, r) => a + r.pushed, 0),
          pulled: done.reduce((a, r) => a + r.pulled, 0),
          failed: outlets.length - done.length,
          failures,
          syncMs: performance.now() - t,
        });
      } else if (command.type === 'settle') {
        const failures: Record<string, number> = {};
        const settled = await syncAll(failures, 'settle:');
        send({ type: 'settle', moving: !settled.every((r) => r !== null && r.pushed === 0 && r.pulled === 0), failures });
      } else if (command.type === 'digests') {
        send({ type: 'digests', digests: outlets.map((o) => storeDigest(o.store)) });
      } else {
        for (const o of outlets) closeStore(o.store);
        send({ type: 'closed', latencies });
        process.disconnect?.();
      }
    })().catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  });
  send({ type: 'ready' });
}

await main(JSON.parse(process.argv[2]!) as GroupSetup);
