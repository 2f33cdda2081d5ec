import { describe, expect, it } from 'vitest';
import { cards } from '../../db/schema';
import { createCampaign, listCampaigns } from '../../electron/core/campaigns/campaigns';
import { campaignContactsFor, recordCampaignContact } from '../../electron/core/campaigns/contacts';
import { inControlGroup } from '../../electron/core/campaigns/controlGroup';
import { launchCampaign, refreshCampaign, targetId } from '../../electron/core/campaigns/launch';
import { openComplaint } from '../../electron/core/care/complaints/complaints';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { consentState, recordConsent } from '../../electron/core/privacy/consents';
import { saveSegment } from '../../electron/core/segments/segments';
import { transact } from '../../electron/core/store/writer';
import type { CampaignCreateInput } from '../../shared/campaigns';
import { akrabErrorOf } from '../support/akrabError';
import { aCustomer } from '../support/builders';
import { segmentStore } from '../segments/segmentStore';

/**
 * The hand store (tests/segments/segmentStore.ts) plus three more Bandung customers, one per remaining exclusion:
 * Ani withdrew WhatsApp consent, Joko has an open complaint, Tono's only card is blocked (a card-farming extra).
 */
function campaignStore() {
  const s = segmentStore();
  const reg = (name: string) => registerCustomer(s.store, aCustomer().named(name).livingAt('Jl. Asia Afrika', 'Bandung').build()).id;
  const ani = reg('Ani Suryani');
  const joko = reg('Joko Widodo');
  const tono = reg('Tono Sugiarto');
  recordConsent(s.store, null, { customerId: ani, purpose: 'marketing_whatsapp', granted: false, source: 'counter' });
  openComplaint(s.store, { customerId: joko, category: 'billing', description: 'Struk salah' });
  const tonoCard = s.store.sqlite.prepare('SELECT id FROM cards WHERE customer_id = ?').pluck().get(tono) as string;
  transact(s.store, (w) => w.update(cards, tonoCard, { status: 'blocked' }));
  saveSegment(s.store, { name: 'Semua kota', where: { field: 'city', op: 'is', value: ['Bandung', 'Jakarta', 'Surabaya'] } });
  const campaign = (overrides: Partial<CampaignCreateInput> = {}) =>
    createCampaign(s.store, {
      name: 'Promo AC Desember',
      purpose: 'marketing_whatsapp',
      channel: 'whatsapp',
      segment: 'Semua kota',
      template: '{sapaan} {nama}, kartu {kartu}: promo untuk pemilik {produk}.',
      controlPercent: 0,
      quietDays: 30,
      ...overrides,
    });
  return { ...s, ani, joko, tono, campaign };
}

const targetsOf = (s: ReturnType<typeof campaignStore>, campaignId: string) =>
  s.store.sqlite
    .prepare('SELECT customer_id AS customerId, outlet_id AS outletId, control, period FROM campaign_targets WHERE campaign_id = ? ORDER BY customer_id')
    .all(campaignId) as { customerId: string; outletId: string; control: number; period: string }[];

describe('launching a campaign', () => {
  it('materialises the targets and counts every exclusion', () => {
    const s = campaignStore();
    const { summary } = launchCampaign(s.store, s.campaign().id);
    expect(summary).toEqual({
      period: 'launch',
      matched: 8,
      excluded: { merged_or_blocked: 2, opted_out: 1, no_consent: 1, open_complaint: 1, contacted_recently: 1 },
      added: 2,
      control: 0,
      alreadyTargeted: 0,
    });
    const campaign = listCampaigns(s.store)[0]!;
    expect(campaign).toMatchObject({ status: 'launched', exclusions: summary });
    // Each target goes to its home outlet.
    expect(targetsOf(s, campaign.id)).toEqual(
      [
        { customerId: s.siti, outletId: s.outlet.id, control: 0, period: 'launch' },
        { customerId: s.budi, outletId: s.bdg.id, control: 0, period: 'launch' },
      ].sort((a, b) => a.customerId.localeCompare(b.customerId)),
    );
    expect(akrabErrorOf(() => launchCampaign(s.store, campaign.id))).toMatchObject({ messageKey: 'error.campaign_already_launched' });
  });

  it('a shorter quiet period lets a recently contacted customer in; a campaign limited to one outlet sends its targets there', () => {
    const s = campaignStore();
    const { summary } = launchCampaign(s.store, s.campaign({ quietDays: 7, outlets: ['JKT01'] }).id);
    expect(summary.excluded.contacted_recently).toBe(0);
    expect(summary.added).toBe(3);
    const outlets = new Set(targetsOf(s, listCampaigns(s.store)[0]!.id).map((t) => t.outletId));
    expect([...outlets]).toEqual([s.outlet.id]);
  });

  it.each<[string, Partial<CampaignCreateInput> & Record<string, unknown>, string, string]>([
    ['no purpose', { purpose: undefined }, 'error.campaign_purpose_required', 'purpose'],
    ['a purpose that does not exist', { purpose: 'marketing_pigeon' as never }, 'error.consent_purpose_unknown', 'purpose'],
    ['a control share over 50%', { controlPercent: 51 }, 'error.campaign_control_range', 'controlPercent'],
    ['a negative control share', { controlPercent: -1 }, 'error.campaign_control_range', 'controlPercent'],
    ['an unknown segment', { segment: 'Tidak ada' }, 'error.segment_not_found', 'segment'],
    ['an unknown placeholder', { template: 'Halo {nama_lengkap}' }, 'error.template_placeholder_unknown', 'template'],
    ['an unknown channel', { channel: 'fax' as never }, 'error.channel_unknown', 'channel'],
    ['an unknown outlet', { outlets: ['XXX99'] }, 'error.outlet_unknown', 'outlets'],
  ])('%s: a specific error, nothing written', (_name, overrides, messageKey, field) => {
    const s = campaignStore();
    const before = s.store.sqlite.prepare('SELECT count(*) FROM changes').pluck().get();
    expect(akrabErrorOf(() => s.campaign(overrides))).toMatchObject({ messageKey, field });
    expect(s.store.sqlite.prepare('SELECT count(*) FROM changes').pluck().get()).toBe(before);
    expect(listCampaigns(s.store)).toEqual([]);
  });
});

describe('target ids', () => {
  it("name a campaign's targets by the pair, so they sort together and by customer; an older campaign keeps its hashed ids", () => {
    const s = campaignStore();
    const campaign = s.campaign();
    launchCampaign(s.store, campaign.id);
    const rows = s.store.sqlite.prepare('SELECT id, customer_id FROM campaign_targets WHERE campaign_id = ? ORDER BY id').all(campaign.id) as { id: string; customer_id: string }[];
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.map((r) => r.id)).toEqual(rows.map((r) => `${campaign.id}:${r.customer_id}`).sort());
    // Made before pair ids (its ULID's time part says so): every device, updated or not, writes the same hashed id.
    const older = `01M95000000000000000000000`;
    expect(targetId(older, s.siti)).toMatch(/^0{10}[0-9A-Z]{16}$/);
    expect(targetId(older, s.siti)).toBe(targetId(older, s.siti));
    expect(targetId(older, s.siti)).not.toBe(targetId(older, s.budi));
  });
});

describe('the control group', () => {
  const ids = Array.from({ length: 20_000 }, (_, i) => `customer-${i}`);
  it.each([5, 10, 30, 50])('holds out the share asked (%i%) of 20,000 customers, within 3 standard errors', (percent) => {
    const held = ids.filter((id) => inControlGroup('campaign-A', id, percent)).length;
    const p = percent / 100;
    const se = Math.sqrt((p * (1 - p)) / ids.length);
    expect(Math.abs(held / ids.length - p)).toBeLessThan(3 * se);
  });

  it('is stable per customer and campaign, independent between campaigns, and empty at 0%', () => {
    const a = ids.filter((id) => inControlGroup('campaign-A', id, 10));
    expect(ids.filter((id) => inControlGroup('campaign-A', id, 10))).toEqual(a);
    const b = new Set(ids.filter((id) => inControlGroup('campaign-B', id, 10)));
    const both = a.filter((id) => b.has(id)).length;
    // Independent: about 1% of customers are in both (10% × 10%), not 10%.
    expect(both).toBeGreaterThan(100);
    expect(both).toBeLessThan(300);
    expect(ids.some((id) => inControlGroup('campaign-A', id, 0))).toBe(false);
  });

  it('a launch marks exactly the customers the hash holds out', () => {
    const s = campaignStore();
    for (let i = 0; i < 60; i++) registerCustomer(s.store, aCustomer().named(`Pelanggan ${i}`).livingAt('Jl. Cihampelas', 'Bandung').build());
    const campaign = s.campaign({ controlPercent: 30 });
    const { summary } = launchCampaign(s.store, campaign.id);
    const targets = targetsOf(s, campaign.id);
    expect(targets.filter((t) => t.control).map((t) => t.customerId)).toEqual(
      targets.map((t) => t.customerId).filter((id) => inControlGroup(campaign.id, id, 30)),
    );
    expect(summary.control).toBe(targets.filter((t) => t.control).length);
    expect(summary.control).toBeGreaterThan(5);
    expect(summary.control).toBeLessThan(35);
  });
});

describe('campaign contacts on "my day"', () => {
  it('lists this outlet\'s targets with the filled-in message and wa.me link; an answer takes them off, no answer keeps them', () => {
    const s = campaignStore();
    const campaign = s.campaign();
    launchCampaign(s.store, campaign.id);
    const list = campaignContactsFor(s.store);
    expect(list.map((c) => c.customerId)).toEqual([s.siti]);
    const [siti] = list;
    expect(siti!.message).toBe(`Ibu Siti Rahayu, kartu ${siti!.cardNo}: promo untuk pemilik Kulkas 2 Pintu.`);
    expect(siti!.whatsapp).toBe(`https://wa.me/${siti!.phone!.slice(1)}?text=${encodeURIComponent(siti!.message)}`);
    expect(campaignContactsFor(s.store, { outletId: s.bdg.id }).map((c) => c.customerId)).toEqual([s.budi]);

    recordCampaignContact(s.store, null, { targetId: siti!.targetId, outcome: 'no_answer' });
    expect(campaignContactsFor(s.store)).toMatchObject([{ customerId: s.siti, lastOutcome: 'no_answer' }]);
    const { interactionId } = recordCampaignContact(s.store, null, { targetId: siti!.targetId, outcome: 'responded', note: 'Tertarik, datang Sabtu' });
    expect(campaignContactsFor(s.store)).toEqual([]);
    expect(s.store.sqlite.prepare('SELECT channel, outcome, note, staff FROM interactions WHERE id = ?').get(interactionId)).toEqual({
      channel: 'whatsapp',
      outcome: 'reached',
      note: 'Promo AC Desember: Tertarik, datang Sabtu',
      staff: 'Rina',
    });
    expect(s.store.sqlite.prepare('SELECT count(*) FROM campaign_contacts WHERE target_id = ?').pluck().get(siti!.targetId)).toBe(2);
  });

  it('an opt-out withdraws consent for the purpose, and no further contact for it is possible', () => {
    const s = campaignStore();
    const campaign = s.campaign();
    launchCampaign(s.store, campaign.id);
    const budiTarget = targetId(campaign.id, s.budi);
    recordCampaignContact(s.store, null, { targetId: budiTarget, outcome: 'opted_out' });
    expect(consentState(s.store, s.budi).current.marketing_whatsapp).toMatchObject({ granted: false });
    expect(consentState(s.store, s.budi).current.marketing_sms).not.toMatchObject({ granted: false });
    expect(akrabErrorOf(() => recordCampaignContact(s.store, null, { targetId: budiTarget, outcome: 'reached' }))).toMatchObject({
      messageKey: 'error.campaign_consent_withdrawn',
    });
  });

  it('a control-group target cannot be contacted', () => {
    const s = campaignStore();
    // 22 targets at 50%: the chance that none is held out is 2^-22.
    for (let i = 0; i < 20; i++) registerCustomer(s.store, aCustomer().named(`Pelanggan ${i}`).livingAt('Jl. Cihampelas', 'Bandung').build());
    const campaign = s.campaign({ controlPercent: 50 });
    launchCampaign(s.store, campaign.id);
    const control = s.store.sqlite.prepare('SELECT id FROM campaign_targets WHERE control = 1 LIMIT 1').pluck().get() as string;
    expect(control).toBeDefined();
    expect(akrabErrorOf(() => recordCampaignContact(s.store, null, { targetId: control, outcome: 'reached' }))).toMatchObject({
        messageKey: 'error.campaign_target_control',
      });
    expect(campaignContactsFor(s.store).every((c) => c.targetId !== control)).toBe(true);
  });
});

describe('a recurring campaign', () => {
  it('adds the customers who newly match each month, once', () => {
    const s = campaignStore();
    const rudi = registerCustomer(s.store, aCustomer().named('Rudi Hartono').bornOn('1995-12-10').livingAt('Jl. Merdeka', 'Bandung').build()).id;
    saveSegment(s.store, { name: 'Ulang tahun bulan ini', where: { field: 'birthMonth', op: 'this_month' } });
    const campaign = s.campaign({ name: 'Ulang tahun', segment: 'Ulang tahun bulan ini', recurrence: 'monthly', periodTo: '2027-12-31' });
    const launch = launchCampaign(s.store, campaign.id).summary;
    expect(launch).toMatchObject({ matched: 2, added: 1, excluded: { no_consent: 1 } }); // Budi in; Dewi has no consent
    s.setNow('2026-12-05T03:00:00.000Z');
    expect(refreshCampaign(s.store, campaign.id)).toMatchObject({ period: '2026-12', matched: 1, added: 1, alreadyTargeted: 0 });
    expect(refreshCampaign(s.store, campaign.id)).toMatchObject({ period: '2026-12', matched: 1, added: 0, alreadyTargeted: 1 });
    expect(targetsOf(s, campaign.id).map((t) => [t.customerId, t.period]).sort()).toEqual(
      [
        [s.budi, 'launch'],
        [rudi, '2026-12'],
      ].sort(),
    );
  });
});
