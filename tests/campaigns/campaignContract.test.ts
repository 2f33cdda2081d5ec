import { describe, expect, it } from 'vitest';
import { dispatch } from '../../electron/core/api/dispatch';
import { signedInCore } from '../support/signedIn';
import { segmentStore } from '../segments/segmentStore';

/** The segment and campaign calls as the renderer makes them: validation, permissions, the handler map. */
describe('segment and campaign contract calls', () => {
  it('a manager builds, launches and reads results; a clerk works the contact and cannot build or launch', () => {
    const s = segmentStore();
    const manager = signedInCore(s.store, 'manager');
    const clerk = signedInCore(s.store, 'clerk', { name: 'Rina' });
    const call = (core: typeof manager, name: string, input: unknown) => {
      const result = dispatch(core, name, input);
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      return result.value as Record<string, unknown>;
    };
    const where = { field: 'city', op: 'is', value: 'Bandung' };
    expect(call(manager, 'segments.count', { where, preview: 5 })).toMatchObject({ count: 2 });
    expect(dispatch(manager, 'segments.count', { where: { field: 'city', op: 'near', value: 'X' } })).toMatchObject({
      ok: false,
      error: { code: 'validation', messageKey: 'error.segment_operator_unknown', field: 'where.op' },
    });
    expect(dispatch(clerk, 'segments.count', { where })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    call(manager, 'segments.save', { name: 'Bandung', where });
    expect(dispatch(manager, 'campaigns.create', { name: 'X', channel: 'whatsapp', segment: 'Bandung', template: 'Halo', controlPercent: 70 })).toMatchObject({
      ok: false,
      error: { messageKey: 'error.campaign_purpose_required' },
    });
    const campaign = call(manager, 'campaigns.create', { name: 'Promo', purpose: 'marketing_whatsapp', channel: 'whatsapp', segment: 'Bandung', template: 'Halo {nama}', controlPercent: 0 });
    expect(dispatch(clerk, 'campaigns.launch', { campaignId: campaign.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(call(manager, 'campaigns.launch', { campaignId: campaign.id })).toMatchObject({ summary: { added: 1, excluded: { no_consent: 1 } } });
    const [contact] = call(clerk, 'campaigns.myDay', {}) as unknown as { targetId: string; fullName: string }[];
    expect(contact).toMatchObject({ fullName: 'Siti Rahayu' });
    call(clerk, 'campaigns.contact', { targetId: contact!.targetId, outcome: 'responded' });
    const results = call(manager, 'campaigns.results', { campaignId: campaign.id, language: 'en' }) as unknown as {
      report: { title: string; sections: { id: string; rows: unknown[][]; chartData?: unknown }[] };
    };
    expect(results.report.title).toBe('Campaign results: Promo');
    expect(results.report.sections[0]!.rows).toEqual([['JKT01', 1, 1, 1, 1, 0, 0, 0, 0, 0, null]]);
    expect(results.report.sections[0]!.chartData).toBeDefined();
    expect(results.report.sections[1]!.rows).toEqual([['Rina', 1, 1, 1, 1, 0, 0]]);
  });
});
