import { describe, expect, it } from 'vitest';
import type { Session } from '../../electron/core/auth/roles';
import { createStaff, signIn } from '../../electron/core/auth/staffAccounts';
import { deriveAuthorityKey } from '../../electron/core/authority/signing';
import { createCampaign } from '../../electron/core/campaigns/campaigns';
import { campaignContactsFor, recordCampaignContact } from '../../electron/core/campaigns/contacts';
import { launchCampaign, targetId } from '../../electron/core/campaigns/launch';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { ensureOutlet, outletByCode, useOutlet } from '../../electron/core/outlets/outlets';
import { consentState } from '../../electron/core/privacy/consents';
import { saveSegment } from '../../electron/core/segments/segments';
import type { Store } from '../../electron/core/store/store';
import { refusedChangeCount } from '../../electron/core/sync/revertRefused';
import { akrabErrorOf } from '../support/akrabError';
import { aCustomer } from '../support/builders';
import { ADMIN, signedBy } from '../sync/support/authority';
import { backends } from '../sync/support/servers';
import { syncedDevices } from './support/syncedDevices';

/** Campaign work at two outlets apart, through the real server (HTTP on 127.0.0.1, PGlite or PostgreSQL). */
describe.each(backends)('campaign contacts at two outlets converge (%s)', (backend) => {
  const { ctx, device } = syncedDevices(backend);

  /** A clerk signed in with their PIN on the device, as dispatch signs a "my day" session's writes. */
  function clerkAt(store: Store, staffId: string, pin: string): Session {
    const session = signIn(store, staffId, { pin });
    store.authority = { staffId, kind: 'pin', key: deriveAuthorityKey(pin, staffId, 'pin') };
    return session;
  }

  it('both contacts stay in every history; an opt-out at one outlet stops the target at the other after sync', async () => {
    const hq = await device('JKT01', { staff: 'Manajer Ayu' });
    const jkt = await device('JKT01', { staff: 'Rina' });
    const bdg = await device('BDG01', { staff: 'Dodi' });
    const jkt01 = ensureOutlet(hq.store, 'JKT01', { name: 'Kelapa Gading' });
    ensureOutlet(hq.store, 'BDG01', { name: 'Bandung' });
    useOutlet(hq.store, jkt01);
    signedBy(hq.store, ctx.adminId);
    await hq.sync(); // receives the admin made on the server
    const adminSession = signIn(hq.store, ctx.adminId, { password: ADMIN.password });
    const rina = createStaff(hq.store, adminSession, { name: 'Rina', role: 'clerk', outletCode: 'JKT01', pin: '64028173' });
    const dodi = createStaff(hq.store, adminSession, { name: 'Dodi', role: 'clerk', outletCode: 'BDG01', pin: '58203917' });
    const siti = registerCustomer(hq.store, aCustomer().named('Siti Rahayu').livingAt('Jl. Dago', 'Bandung').build()).id;
    const budi = registerCustomer(hq.store, aCustomer().named('Budi Santoso').livingAt('Jl. Riau', 'Bandung').build()).id;
    saveSegment(hq.store, { name: 'Bandung', where: { field: 'city', op: 'is', value: 'Bandung' } });
    const campaign = createCampaign(hq.store, {
      name: 'Promo kulkas',
      purpose: 'marketing_whatsapp',
      channel: 'whatsapp',
      segment: 'Bandung',
      template: 'Halo {nama}',
      controlPercent: 0,
    });
    expect(launchCampaign(hq.store, campaign.id).summary.added).toBe(2);
    await hq.sync();
    expect(refusedChangeCount(hq.store)).toBe(0);

    await jkt.sync();
    await bdg.sync();
    useOutlet(jkt.store, outletByCode(jkt.store, 'JKT01')!);
    useOutlet(bdg.store, outletByCode(bdg.store, 'BDG01')!);
    const atJkt = clerkAt(jkt.store, rina.id, '64028173');
    const atBdg = clerkAt(bdg.store, dodi.id, '58203917');
    expect(campaignContactsFor(jkt.store).map((c) => c.fullName)).toEqual(['Budi Santoso', 'Siti Rahayu']);

    // Apart: both outlets reach Siti; Jakarta hears Budi opt out.
    recordCampaignContact(jkt.store, atJkt, { targetId: targetId(campaign.id, siti), outcome: 'responded', note: 'datang Sabtu' });
    recordCampaignContact(bdg.store, atBdg, { targetId: targetId(campaign.id, siti), outcome: 'reached', note: 'via telepon cabang' });
    recordCampaignContact(jkt.store, atJkt, { targetId: targetId(campaign.id, budi), outcome: 'opted_out' });
    // Bandung has not heard yet: Budi is still on its view of Jakarta's list.
    expect(campaignContactsFor(bdg.store, { outletId: outletByCode(bdg.store, 'JKT01')!.id }).map((c) => c.fullName)).toEqual(['Budi Santoso']);

    for (const d of [jkt, bdg, hq, jkt, bdg]) await d.sync();

    const contacts = (store: Store) =>
      store.sqlite.prepare('SELECT id, target_id, customer_id, outcome, staff, interaction_id FROM campaign_contacts ORDER BY id').all();
    const interactions = (store: Store) =>
      store.sqlite.prepare('SELECT id, customer_id, outcome, staff, note FROM interactions ORDER BY id').all();
    expect(contacts(hq.store)).toHaveLength(3);
    for (const d of [jkt, bdg]) {
      expect(contacts(d.store)).toEqual(contacts(hq.store));
      expect(interactions(d.store)).toEqual(interactions(hq.store));
    }
    expect(interactions(hq.store).filter((i) => (i as { customer_id: string }).customer_id === siti)).toHaveLength(2);
    for (const d of [hq, jkt, bdg]) {
      expect(consentState(d.store, budi).current.marketing_whatsapp).toMatchObject({ granted: false });
      expect(campaignContactsFor(d.store, { outletId: outletByCode(d.store, 'JKT01')!.id })).toEqual([]);
    }
    expect(akrabErrorOf(() => recordCampaignContact(bdg.store, atBdg, { targetId: targetId(campaign.id, budi), outcome: 'reached' }))).toMatchObject({
      messageKey: 'error.campaign_consent_withdrawn',
    });
    for (const d of [hq, jkt, bdg]) expect(refusedChangeCount(d.store)).toBe(0);
  }, 120_000);

  it('the server refuses a campaign no manager signed', async () => {
    const rogue = await device('BDG01', { staff: 'Dodi' });
    useOutlet(rogue.store, ensureOutlet(rogue.store, 'BDG01'));
    registerCustomer(rogue.store, aCustomer().named('Tuti').livingAt('Jl. Braga', 'Bandung').build());
    saveSegment(rogue.store, { name: 'Braga', where: { field: 'city', op: 'is', value: 'Bandung' } });
    await rogue.sync();
    expect(refusedChangeCount(rogue.store)).toBe(1);
    expect(rogue.store.sqlite.prepare(`SELECT count(*) FROM segments WHERE name = 'Braga'`).pluck().get()).toBe(0);
  }, 120_000);
});
