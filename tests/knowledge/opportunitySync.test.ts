import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';
import type { Store } from '../../electron/core/store/store';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { saveEnrolment } from '../../electron/core/sync/syncState';
import { storeDigest } from '../../electron/core/sync/digest';
import type { RunningServer } from '../../server/main';
import { registerDeviceDirectly, serverDigest } from '../../server/storage/syncStorage';
import { createOpportunity, getOpportunity, updateOpportunity } from '../../electron/core/opportunities/opportunities';
import { customerKnowledge, setProfileFacts } from '../../electron/core/knowledge/profile';
import { getFollowUp } from '../../electron/core/care/followUps/followUps';
import { tempStore } from '../support/tempStore';
import { aCustomer } from '../support/builders';
import { backends, inProcessServer } from '../sync/support/servers';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe.each(backends)('opportunities and profile facts across outlets through the sync server (%s)', (backend) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await inProcessServer(backend);
  });
  afterAll(async () => server?.close());

  let now = new Date('2026-11-23T03:00:00.000Z');
  async function device(staff: string): Promise<{ store: Store; engine: SyncEngine }> {
    const store = tempStore({ staff, now: () => now });
    saveEnrolment(store, server.url, await registerDeviceDirectly(server.database.db, store.deviceId, 'JKT01'), 'JKT01');
    return { store, engine: new SyncEngine(store) };
  }
  async function settle(...devices: { engine: SyncEngine }[]) {
    for (const d of devices) await d.engine.syncOnce();
    for (const d of devices) await d.engine.syncOnce();
  }

  it('an opportunity edited at two outlets while offline converges on every replica and the server', async () => {
    const jakarta = await device('Rina');
    const surabaya = await device('Joko');
    useOutlet(jakarta.store, ensureOutlet(jakarta.store, 'JKT01'));
    useOutlet(surabaya.store, ensureOutlet(surabaya.store, 'SBY01', { timeZone: 'Asia/Jakarta' }));
    const siti = registerCustomer(jakarta.store, aCustomer().named('Siti Rahayu').build());
    const o = createOpportunity(jakarta.store, {
      customerId: siti.id,
      product: 'Kasur Springbed 160',
      category: 'Kasur',
      budget: 4_500_000,
      expectedDecisionDate: '2026-12-05',
      reasonNotBought: 'price',
    });
    setProfileFacts(jakarta.store, siti.id, { occupation: 'Guru SD' });
    await settle(jakarta, surabaya);
    expect(getOpportunity(surabaya.store, o.id).stage).toBe('interested');

    // Both offline. Jakarta lowers the budget and notes why; Surabaya quotes, moves the follow-up and the owner.
    updateOpportunity(jakarta.store, { opportunityId: o.id, budget: 4_000_000, note: 'Minta diskon' });
    setProfileFacts(jakarta.store, siti.id, { likes: 'Kasur keras' });
    now = new Date(now.getTime() + 1000);
    await tick();
    updateOpportunity(surabaya.store, { opportunityId: o.id, stage: 'quoted', owner: 'Joko', followUpDate: '2026-11-28' });
    setProfileFacts(surabaya.store, siti.id, { occupation: 'Kepala sekolah', preferred_channel: 'whatsapp' });
    // Then, still apart, Jakarta moves it on too (the later stage change).
    now = new Date(now.getTime() + 1000);
    await tick();
    updateOpportunity(jakarta.store, { opportunityId: o.id, stage: 'negotiating', reasonNotBought: 'financing' });
    await settle(jakarta, surabaya);

    const a = getOpportunity(jakarta.store, o.id);
    const b = getOpportunity(surabaya.store, o.id);
    expect(a).toEqual(b);
    // Different fields from both outlets survive; the later stage change wins.
    expect(a).toMatchObject({ budget: 4_000_000, note: 'Minta diskon', owner: 'Joko', stage: 'negotiating', reasonNotBought: 'financing' });
    expect(getFollowUp(jakarta.store, a.followUpId!)).toMatchObject({ dueDate: '2026-11-28', status: 'open' });
    // History keeps every stage change, from both outlets.
    const history = (s: Store) =>
      s.sqlite.prepare('SELECT from_stage, to_stage, staff FROM opportunity_events WHERE opportunity_id = ? ORDER BY at, id').all(o.id);
    expect(history(jakarta.store)).toEqual(history(surabaya.store));
    expect(history(jakarta.store)).toHaveLength(3);
    // Profile facts: per field, the later write of each.
    expect(customerKnowledge(jakarta.store, siti.id).facts).toEqual({
      occupation: 'Kepala sekolah',
      preferred_channel: 'whatsapp',
      likes: 'Kasur keras',
    });
    expect(customerKnowledge(surabaya.store, siti.id).facts).toEqual(customerKnowledge(jakarta.store, siti.id).facts);

    const digest = storeDigest(jakarta.store);
    expect(storeDigest(surabaya.store)).toBe(digest);
    expect((await serverDigest(server.database.db)).digest).toBe(digest);
  });
});
