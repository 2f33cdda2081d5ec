import { describe, expect, it } from 'vitest';
import { createStaff, signIn } from '../../electron/core/auth/staffAccounts';
import { deriveAuthorityKey, signChange } from '../../electron/core/authority/signing';
import { createCampaign } from '../../electron/core/campaigns/campaigns';
import { recordCampaignContact } from '../../electron/core/campaigns/contacts';
import { launchCampaign, targetId } from '../../electron/core/campaigns/launch';
import { HybridClock } from '../../electron/core/clock/hybridClock';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { ensureOutlet, outletByCode, useOutlet } from '../../electron/core/outlets/outlets';
import { saveSegment } from '../../electron/core/segments/segments';
import type { OutgoingChange, PushResponse } from '../../electron/core/sync/protocol';
import { refusedChangeCount } from '../../electron/core/sync/revertRefused';
import { aCustomer } from '../support/builders';
import { ADMIN, signedBy } from '../sync/support/authority';
import { backends } from '../sync/support/servers';
import { syncedDevices } from '../campaigns/support/syncedDevices';

const RINA_PIN = '64028173';
const DODI_PIN = '58203917';

/**
 * A hostile enrolled device at outlet BDG01 sends hand-made campaign contacts to the real server (HTTP on
 * 127.0.0.1): invented targets and opt-outs, another outlet's name, another clerk's name, rewriting or deleting a
 * contact already logged. Each is refused; an honest clerk's contact through the ordinary engine is accepted.
 * Before the server judged campaign_contacts, every one of these was stored and reached every outlet.
 */
describe.each(backends)('the server judges campaign contacts as the core does (%s)', (backend) => {
  const { ctx, device } = syncedDevices(backend);

  it('refuses invented, foreign, rewritten and deleted contacts; accepts an honest clerk', async () => {
    const hq = await device('JKT01');
    signedBy(hq.store, ctx.adminId);
    await hq.sync();
    const jkt01 = ensureOutlet(hq.store, 'JKT01', { name: 'Kelapa Gading' });
    const bdg01 = ensureOutlet(hq.store, 'BDG01', { name: 'Bandung' });
    useOutlet(hq.store, jkt01);
    const adminSession = signIn(hq.store, ctx.adminId, { password: ADMIN.password });
    const rina = createStaff(hq.store, adminSession, { name: 'Rina', role: 'clerk', outletCode: 'JKT01', pin: RINA_PIN });
    const dodi = createStaff(hq.store, adminSession, { name: 'Dodi', role: 'clerk', outletCode: 'BDG01', pin: DODI_PIN });
    const customer = (name: string) => registerCustomer(hq.store, aCustomer().named(name).livingAt('Jl. Dago', 'Bandung').build()).id;
    const siti = customer('Siti Rahayu');
    const budi = customer('Budi Santoso');
    const tuti = customer('Tuti Handayani');
    saveSegment(hq.store, { name: 'Bandung', where: { field: 'city', op: 'is', value: 'Bandung' } });
    const campaign = (name: string, controlPercent: number) =>
      createCampaign(hq.store, { name, purpose: 'marketing_whatsapp', channel: 'whatsapp', segment: 'Bandung', template: 'Halo {nama}', controlPercent });
    const live = campaign('Promo kulkas', 0);
    launchCampaign(hq.store, live.id);
    const draft = campaign('Belum jalan', 0);
    // The control group is a hash of (campaign, customer): launch until one holds a customer out.
    let held = campaign('Kontrol 1', 50);
    for (let n = 2; launchCampaign(hq.store, held.id).summary.control === 0 && n <= 30; n++) held = campaign(`Kontrol ${n}`, 50);
    const controlTarget = hq.store.sqlite
      .prepare('SELECT id, customer_id FROM campaign_targets WHERE campaign_id = ? AND control = 1 LIMIT 1')
      .get(held.id) as { id: string; customer_id: string };
    expect(controlTarget).toBeDefined();
    await hq.sync();
    expect(refusedChangeCount(hq.store)).toBe(0);

    // An honest clerk at Jakarta logs a contact through the ordinary engine.
    const jkt = await device('JKT01');
    await jkt.sync();
    useOutlet(jkt.store, outletByCode(jkt.store, 'JKT01')!);
    const rinaSession = signIn(jkt.store, rina.id, { pin: RINA_PIN });
    jkt.store.authority = { staffId: rina.id, kind: 'pin', key: deriveAuthorityKey(RINA_PIN, rina.id, 'pin') };
    const honest = recordCampaignContact(jkt.store, rinaSession, { targetId: targetId(live.id, siti), outcome: 'responded' });
    await jkt.sync();
    expect(refusedChangeCount(jkt.store)).toBe(0);

    // The hostile device at Bandung: its own clerk's PIN is known to it (a clerk there may be the attacker).
    const a = await device('BDG01');
    await a.sync();
    const clock = new HybridClock(a.store.deviceId);
    const dodiKey = deriveAuthorityKey(DODI_PIN, dodi.id, 'pin');
    const at = new Date().toISOString();
    const contact = (customerId: string, fields: OutgoingChange['data'] = {}): OutgoingChange['data'] => ({
      id: `EVIL${Math.random().toString(36).slice(2, 14).toUpperCase()}`,
      campaign_id: live.id,
      target_id: targetId(live.id, customerId),
      customer_id: customerId,
      interaction_id: null,
      outlet_id: bdg01.id,
      staff: 'Dodi',
      at,
      outcome: 'opted_out',
      note: null,
      created_at: at,
      updated_at: at,
      created_by_device: a.store.deviceId,
      created_by_staff: 'Dodi',
      updated_by_device: a.store.deviceId,
      updated_by_staff: 'Dodi',
      deleted_at: null,
      ...fields,
    });
    type Attack = { rowId?: string; op?: 'upsert' | 'delete'; data: OutgoingChange['data']; signer?: { staffId: string; key: string } | null };
    const push = async (attacks: Attack[]): Promise<PushResponse> => {
      const changes: OutgoingChange[] = attacks.map((x, i) => {
        const hlc = clock.tick();
        const rowId = x.rowId ?? (x.data.id as string);
        const op = x.op ?? 'upsert';
        const signer = x.signer === undefined ? { staffId: dodi.id, key: dodiKey } : x.signer;
        const author = signer
          ? { staffId: signer.staffId, kind: 'pin' as const, signature: signChange(signer.key, { deviceId: a.store.deviceId, hlc, table: 'campaign_contacts', rowId, op, data: x.data }) }
          : undefined;
        return { id: 900_000 + i, hlc, table: 'campaign_contacts', rowId, op, data: x.data, ...(author ? { author } : {}) };
      });
      const response = await fetch(`${ctx.server.url}/sync/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${a.token}` },
        body: JSON.stringify({ deviceId: a.store.deviceId, batchId: `attack-${Math.random()}`, changes }),
      });
      expect(response.status).toBe(200);
      return (await response.json()) as PushResponse;
    };

    const answer = await push([
      // 1. An opt-out nobody signed.
      { data: contact(budi), signer: null },
      // 2. Signed by Dodi, but for a target that does not exist.
      { data: contact(budi, { target_id: 'NOSUCHTARGET00000000000001' }) },
      // 3. A real target, with another customer's id: an opt-out slipped onto Tuti.
      { data: contact(budi, { customer_id: tuti }) },
      // 4. A target of a campaign still in draft (never launched: it has no targets), and a draft campaign id on a live target.
      { data: contact(budi, { campaign_id: draft.id }) },
      // 5. A control-group target, whom nobody may contact.
      { data: contact(controlTarget.customer_id, { campaign_id: held.id, target_id: controlTarget.id }) },
      // 6. Logged as made at Jakarta, from a Bandung device.
      { data: contact(budi, { outlet_id: jkt01.id }) },
      // 7. Naming Rina (Jakarta's clerk) as the staff member, signed by Dodi.
      { data: contact(budi, { staff: 'Rina' }) },
      // 8. Stamped as another device's row.
      { data: contact(budi, { created_by_device: jkt.store.deviceId }) },
      // 9. An outcome the core does not know.
      { data: contact(budi, { outcome: 'bought_everything' }) },
      // 10. Rewriting Rina's contact with Siti into an opt-out, and 11. deleting it.
      { rowId: honest.id, data: { outcome: 'opted_out', updated_at: at } },
      { rowId: honest.id, op: 'delete', data: { deleted_at: at } },
      // 12. Signed with a key made up for Rina (the device does not know her PIN).
      { data: contact(budi, { staff: 'Rina' }), signer: { staffId: rina.id, key: deriveAuthorityKey('00000000', rina.id, 'pin') } },
    ]);
    expect(answer.accepted).toBe(0);
    expect(answer.refused.map((r) => r.reason)).toEqual([
      'campaign_contact_not_permitted',
      'campaign_contact_invalid',
      'campaign_contact_invalid',
      'campaign_contact_invalid',
      'campaign_contact_invalid',
      'campaign_contact_not_permitted',
      'campaign_contact_not_permitted',
      'campaign_contact_not_permitted',
      'campaign_contact_invalid',
      'campaign_contact_immutable',
      'campaign_contact_immutable',
      'campaign_contact_not_permitted',
    ]);

    // What the core itself would write from Bandung, signed by Dodi, is accepted.
    const fair = await push([{ data: contact(budi, { outcome: 'reached' }) }]);
    expect(fair).toMatchObject({ accepted: 1, refused: [] });

    await hq.sync();
    const stored = hq.store.sqlite.prepare('SELECT customer_id, outcome, staff FROM campaign_contacts ORDER BY staff').all();
    expect(stored).toEqual([
      { customer_id: budi, outcome: 'reached', staff: 'Dodi' },
      { customer_id: siti, outcome: 'responded', staff: 'Rina' },
    ]);
  }, 180_000);
});
