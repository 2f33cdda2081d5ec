import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { ensureOutlet, outletByCode, useOutlet } from '../../electron/core/outlets/outlets';
import type { Store } from '../../electron/core/store/store';
import { SyncEngine } from '../../electron/core/sync/syncEngine';
import { saveEnrolment } from '../../electron/core/sync/syncState';
import { storeDigest } from '../../electron/core/sync/digest';
import type { RunningServer } from '../../server/main';
import { registerDeviceDirectly, serverDigest } from '../../server/storage/syncStorage';
import { getComplaint, openComplaint, transitionComplaint } from '../../electron/core/care/complaints/complaints';
import { runFollowUpRules } from '../../electron/core/care/followUps/rules';
import { closeFollowUp, listFollowUps } from '../../electron/core/care/followUps/followUps';
import { tempStore } from '../support/tempStore';
import { aCustomer } from '../support/builders';
import { backends, inProcessServer } from '../sync/support/servers';

const tick = () => new Promise((r) => setTimeout(r, 5));

describe.each(backends)('customer care across devices through the sync server (%s)', (backend) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await inProcessServer(backend);
  });
  afterAll(async () => server?.close());

  async function device(staff: string): Promise<{ store: Store; engine: SyncEngine }> {
    const store = tempStore({ staff });
    saveEnrolment(store, server.url, await registerDeviceDirectly(server.database.db, store.deviceId, 'JKT01'), 'JKT01');
    return { store, engine: new SyncEngine(store) };
  }

  async function settle(...devices: { engine: SyncEngine }[]) {
    for (const d of devices) await d.engine.syncOnce();
    for (const d of devices) await d.engine.syncOnce();
  }

  it('a complaint opened offline at one outlet is continued at another; concurrent changes converge and the history keeps both', async () => {
    const jakarta = await device('Rina');
    const surabaya = await device('Joko');
    useOutlet(jakarta.store, ensureOutlet(jakarta.store, 'JKT01'));
    useOutlet(surabaya.store, ensureOutlet(surabaya.store, 'SBY01', { timeZone: 'Asia/Jakarta' }));
    const siti = registerCustomer(jakarta.store, aCustomer().named('Siti Rahayu').build());
    // Opened offline at Jakarta…
    const complaint = openComplaint(jakarta.store, { customerId: siti.id, category: 'product_defect', description: 'Kulkas tidak dingin' });
    await settle(jakarta, surabaya);
    // …continued at Surabaya after sync.
    expect(getComplaint(surabaya.store, complaint.id)).toMatchObject({
      status: 'open',
      outletCode: 'JKT01',
      firstResponseDueAt: complaint.firstResponseDueAt,
    });
    transitionComplaint(surabaya.store, { complaintId: complaint.id, status: 'in_progress', note: 'Teknisi Surabaya' });
    transitionComplaint(surabaya.store, { complaintId: complaint.id, status: 'resolved', note: 'Kompresor diganti' });
    await settle(surabaya, jakarta);
    expect(getComplaint(jakarta.store, complaint.id).status).toBe('resolved');

    // Both offline: Jakarta closes it with the customer's score, then Surabaya reopens it (the later change).
    transitionComplaint(jakarta.store, { complaintId: complaint.id, status: 'closed', satisfaction: 4, note: 'Pelanggan puas' });
    await tick();
    transitionComplaint(surabaya.store, { complaintId: complaint.id, status: 'reopened', note: 'Masih tidak dingin' });
    await settle(jakarta, surabaya);

    const a = getComplaint(jakarta.store, complaint.id);
    const b = getComplaint(surabaya.store, complaint.id);
    expect(a).toEqual(b);
    // The later transition's whole lifecycle block won: no score from the close is left on a reopened complaint.
    expect(a).toMatchObject({ status: 'reopened', satisfaction: null, closedAt: null, reopenCount: 1, next: ['in_progress', 'resolved'] });
    expect(a.history.map((e) => [e.kind, e.fromStatus, e.toStatus, e.staff, e.outletCode])).toEqual([
      ['opened', null, 'open', 'Rina', 'JKT01'],
      ['transition', 'open', 'in_progress', 'Joko', 'SBY01'],
      ['transition', 'in_progress', 'resolved', 'Joko', 'SBY01'],
      ['transition', 'resolved', 'closed', 'Rina', 'JKT01'],
      ['transition', 'resolved', 'reopened', 'Joko', 'SBY01'],
    ]);
    const digest = storeDigest(jakarta.store);
    expect(storeDigest(surabaya.store)).toBe(digest);
    expect((await serverDigest(server.database.db)).digest).toBe(digest);

    // Continuing from the converged state works at either outlet.
    expect(transitionComplaint(jakarta.store, { complaintId: complaint.id, status: 'in_progress' }).status).toBe('in_progress');
  });

  it('a rule never creates the same follow-up twice, also when two devices see the same trigger offline, and never undoes a "done"', async () => {
    const counter = await device('Rina');
    const booth = await device('Dewi');
    const outlet = ensureOutlet(counter.store, 'JKT02');
    useOutlet(counter.store, outlet);
    // A birthday three days from now (in WIB) at the outlet; only the birthday rule is relevant here.
    const inThreeDays = new Date(Date.now() + 7 * 3_600_000 + 3 * 86_400_000).toISOString().slice(5, 10);
    const siti = registerCustomer(counter.store, aCustomer().named('Siti Rahayu').bornOn(`1990-${inThreeDays}`).build());
    await settle(counter, booth);
    useOutlet(booth.store, outletByCode(booth.store, 'JKT02')!);

    // Both devices, offline, run the rule pass and create the birthday greeting.
    expect(runFollowUpRules(counter.store).created.birthday).toBe(1);
    expect(runFollowUpRules(booth.store).created.birthday).toBe(1);
    const [mine] = listFollowUps(counter.store, { customerId: siti.id });
    expect(listFollowUps(booth.store, { customerId: siti.id }).map((f) => f.id)).toEqual([mine!.id]);

    // The counter greets her; the booth, still offline, runs its pass again later: nothing new.
    closeFollowUp(counter.store, 'done', { followUpId: mine!.id, interaction: { channel: 'whatsapp', outcome: 'reached' } });
    await tick();
    expect(runFollowUpRules(booth.store).created.birthday).toBe(0);
    await settle(counter, booth);

    for (const d of [counter, booth]) {
      const list = listFollowUps(d.store, { customerId: siti.id });
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ id: mine!.id, kind: 'birthday', status: 'done', closedBy: 'Rina' });
      // After sync, another pass on either device finds the follow-up and creates nothing.
      expect(runFollowUpRules(d.store).created.birthday).toBe(0);
    }
    expect(storeDigest(booth.store)).toBe(storeDigest(counter.store));
  });

  it('a device that re-creates a rule follow-up after it was completed elsewhere does not reopen it', async () => {
    const counter = await device('Rina');
    const booth = await device('Dewi');
    const outlet = ensureOutlet(counter.store, 'JKT03');
    useOutlet(counter.store, outlet);
    const inTwoDays = new Date(Date.now() + 7 * 3_600_000 + 2 * 86_400_000).toISOString().slice(5, 10);
    const budi = registerCustomer(counter.store, aCustomer().named('Budi Santoso').bornOn(`1985-${inTwoDays}`).build());
    await settle(counter, booth);
    useOutlet(booth.store, outletByCode(booth.store, 'JKT03')!);

    // The counter creates and completes it; only afterwards does the offline booth create the same one (a later stamp).
    runFollowUpRules(counter.store);
    const [fu] = listFollowUps(counter.store, { customerId: budi.id });
    closeFollowUp(counter.store, 'done', { followUpId: fu!.id });
    await tick();
    expect(runFollowUpRules(booth.store).created.birthday).toBe(1);
    await settle(booth, counter);
    for (const d of [counter, booth])
      expect(listFollowUps(d.store, { customerId: budi.id }).map((f) => [f.id, f.status])).toEqual([[fu!.id, 'done']]);
  });
});
