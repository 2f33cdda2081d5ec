import { describe, expect, it } from 'vitest';
import { startRuleSchedule } from '../../electron/core/care/followUps/ruleSchedule';
import { createCampaign } from '../../electron/core/campaigns/campaigns';
import { inControlGroup } from '../../electron/core/campaigns/controlGroup';
import { hashedTargetId, launchCampaign, targetId } from '../../electron/core/campaigns/launch';
import { refreshRecurringCampaigns } from '../../electron/core/campaigns/recurring';
import { HybridClock } from '../../electron/core/clock/hybridClock';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { ensureOutlet, outletByCode, useOutlet } from '../../electron/core/outlets/outlets';
import { saveSegment } from '../../electron/core/segments/segments';
import { closeStore } from '../../electron/core/store/store';
import type { PushResponse } from '../../electron/core/sync/protocol';
import { refusedChangeCount } from '../../electron/core/sync/revertRefused';
import { aCustomer } from '../support/builders';
import { runCli } from '../support/runCli';
import { signedBy } from '../sync/support/authority';
import { backends } from '../sync/support/servers';
import { syncedDevices } from './support/syncedDevices';

/**
 * A monthly "birthday this month" campaign launched in November gains December's birthdays in December by the
 * outlets' own daily pass (no manager signed in), and the server accepts those targets — and only those.
 */
describe.each(backends)('recurring campaigns refresh on schedule at the outlets (%s)', (backend) => {
  const { ctx, device } = syncedDevices(backend);

  it("the daily pass adds the month's new matches for its own outlet; the server takes them, not forged ones", async () => {
    let now = new Date('2026-11-10T03:00:00.000Z');
    const clock = () => now;
    const hq = await device('JKT01', { now: clock });
    signedBy(hq.store, ctx.adminId);
    await hq.sync();
    const jkt01 = ensureOutlet(hq.store, 'JKT01', { name: 'Kelapa Gading' });
    const bdg01 = ensureOutlet(hq.store, 'BDG01', { name: 'Bandung' });
    useOutlet(hq.store, jkt01);
    const reg = (name: string, born: string, outletId: string) =>
      registerCustomer(hq.store, aCustomer().named(name).bornOn(born).livingAt('Jl. Dago', 'Bandung').build(), { outletId }).id;
    const budi = reg('Budi Santoso', '1985-11-30', jkt01.id);
    const siti = reg('Siti Rahayu', '1990-12-15', jkt01.id);
    const dewi = reg('Dewi Lestari', '2000-12-02', bdg01.id);
    saveSegment(hq.store, { name: 'Ulang tahun bulan ini', where: { field: 'birthMonth', op: 'this_month' } });
    const campaign = createCampaign(hq.store, {
      name: 'Ulang tahun',
      purpose: 'marketing_whatsapp',
      channel: 'whatsapp',
      segment: 'Ulang tahun bulan ini',
      template: 'Selamat ulang tahun {nama}',
      periodFrom: '2026-11-01',
      periodTo: '2027-12-31',
      controlPercent: 10,
      recurrence: 'monthly',
    });
    expect(launchCampaign(hq.store, campaign.id).summary.added).toBe(1); // Budi, November
    await hq.sync();
    expect(refusedChangeCount(hq.store)).toBe(0);

    // The Jakarta counter PC: nobody is signed in; its hourly schedule runs the day's first pass in December.
    const jkt = await device('JKT01', { now: clock });
    await jkt.sync();
    useOutlet(jkt.store, outletByCode(jkt.store, 'JKT01')!);
    now = new Date('2026-12-01T02:00:00.000Z');
    const schedule = startRuleSchedule(jkt.store, { firstDelayMs: 60_000, intervalMs: 3_600_000, log: { info: () => {}, error: () => {} } });
    const report = await schedule.runNow();
    schedule.stop();
    // Siti (December, Jakarta) is added here; Dewi's home is Bandung: Bandung's own pass adds her.
    expect(report?.campaigns).toEqual({ refreshed: 1, added: 1, failed: 0 });
    expect(refreshRecurringCampaigns(jkt.store)).toBeNull(); // once a day
    const targets = (store: typeof hq.store) =>
      store.sqlite.prepare('SELECT customer_id, outlet_id, period FROM campaign_targets WHERE campaign_id = ? ORDER BY period DESC').all(campaign.id);
    expect(targets(jkt.store)).toEqual([
      { customer_id: budi, outlet_id: jkt01.id, period: 'launch' },
      { customer_id: siti, outlet_id: jkt01.id, period: '2026-12' },
    ]);
    await jkt.sync();
    expect(refusedChangeCount(jkt.store)).toBe(0);
    await hq.sync();
    expect(targets(hq.store)).toEqual(targets(jkt.store));

    // A forged target pushed by hand from Jakarta: Dewi sent to Bandung's list, and Siti's control flag flipped.
    const forge = async (customerId: string, fields: Record<string, string | number | null>, rowId = targetId(campaign.id, customerId)) => {
      const at = now.toISOString();
      const hlc = new HybridClock(jkt.store.deviceId).tick();
      const data = {
        id: rowId,
        campaign_id: campaign.id,
        customer_id: customerId,
        outlet_id: jkt01.id,
        control: 0,
        period: '2026-12',
        created_at: at,
        updated_at: at,
        created_by_device: jkt.store.deviceId,
        created_by_staff: null,
        updated_by_device: jkt.store.deviceId,
        updated_by_staff: null,
        deleted_at: null,
        ...fields,
      };
      const response = await fetch(`${ctx.server.url}/sync/push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${jkt.token}` },
        body: JSON.stringify({ deviceId: jkt.store.deviceId, batchId: `forge-${Math.random()}`, changes: [{ id: 1, hlc, table: 'campaign_targets', rowId, op: 'upsert', data }] }),
      });
      return ((await response.json()) as PushResponse).refused.map((r) => r.reason);
    };
    expect(await forge(dewi, { outlet_id: bdg01.id })).toEqual(['authority_required']);
    // Flip whatever the hash gave Siti (1 in 10 campaigns holds her out legitimately).
    const sitiControl = inControlGroup(campaign.id, siti, 10) ? 1 : 0;
    expect(await forge(siti, { control: 1 - sitiControl })).toEqual(['authority_required']);
    expect(await forge(dewi, { period: '2028-01' })).toEqual(['authority_required']);

    // The CLI runs the same refresh on demand: the Bandung PC adds Dewi.
    const bdg = await device('BDG01', { now: clock });
    await bdg.sync();
    useOutlet(bdg.store, outletByCode(bdg.store, 'BDG01')!);
    closeStore(bdg.store);
    // The CLI reads the real clock: this machine's December (the campaign runs to the end of 2027).
    const cli = runCli(['campaign', 'refresh-recurring', '--json', '--data-dir', bdg.store.dir]);
    expect(cli.stderr).toBe('');
    expect(JSON.parse(cli.stdout)).toMatchObject({ campaigns: 1, added: 1, failed: [] });

    // A Jakarta PC not yet updated adds Rina this month under the hashed id it knows: accepted (its clerk's contacts
    // with her must not be reverted); an id the pair does not determine is not.
    const rina = registerCustomer(hq.store, aCustomer().named('Rina Marlina').build()).id;
    await hq.sync();
    await jkt.sync();
    expect(targetId(campaign.id, rina)).toBe(`${campaign.id}:${rina}`);
    const rinaControl = { control: inControlGroup(campaign.id, rina, 10) ? 1 : 0 };
    expect(await forge(rina, rinaControl, '01M95CT102DQVZKVR7FKWNX0WX')).toEqual(['authority_required']);
    expect(await forge(rina, rinaControl, hashedTargetId(campaign.id, rina))).toEqual([]);
    // Rina is a target now: the same customer under the other id would be counted twice in the results.
    expect(await forge(rina, rinaControl)).toEqual(['authority_required']);
  }, 180_000);
});
