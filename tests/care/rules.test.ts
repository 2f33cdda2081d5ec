import { describe, expect, it } from 'vitest';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { logInteraction } from '../../electron/core/care/interactions/interactions';
import { openComplaint, transitionComplaint, getComplaint } from '../../electron/core/care/complaints/complaints';
import { runFollowUpRules } from '../../electron/core/care/followUps/rules';
import { listFollowUps } from '../../electron/core/care/followUps/followUps';
import { myDay } from '../../electron/core/care/followUps/myDay';
import { followUpRules, saveFollowUpRules } from '../../electron/core/care/settings/careSettings';
import { aCustomer } from '../support/builders';
import { careStore, purchase } from './support';

/**
 * A store small enough to compute by hand. Today is Monday 2026-11-23 (WIB); the defaults apply:
 * birthday within 7 days (with consent), a satisfaction call 3 days after a purchase of Rp 5.000.000 or more,
 * neglected = Rp 10.000.000 or more in total and no contact or purchase for 90 days, a check 3 days after a
 * complaint is resolved, and escalation of complaints past their service level.
 */
function handStore() {
  const care = careStore('2026-11-20T03:00:00.000Z'); // start on Friday the 20th to lay down history
  const { store, setNow } = care;
  const reg = (name: string, birthDate: string | null, consent = true) =>
    registerCustomer(store, { ...aCustomer().named(name).build(), birthDate, consentMarketing: consent });
  const siti = reg('Siti Rahayu', '1990-11-26'); // birthday Thursday: greeting due 2026-11-26
  const budi = reg('Budi Santoso', '1985-12-05'); // 12 days away: nothing
  const dewi = reg('Dewi Lestari', '1992-11-25', false); // no marketing consent: nothing
  const wayan = reg('Wayan Sudarsana', '1970-03-01'); // big spender, silent since June: neglected
  const made = reg('Made Wirawan', '1971-04-02'); // big spender, but called this month
  purchase(store, budi.id, { invoiceNo: 'INV-B1', purchasedAt: '2026-11-21T04:00:00.000Z', amount: 6_000_000, mainProduct: 'Kulkas' }); // call due 11-24
  purchase(store, budi.id, { invoiceNo: 'INV-B2', purchasedAt: '2026-11-21T05:00:00.000Z', amount: 1_000_000 }); // too small
  purchase(store, dewi.id, { invoiceNo: 'INV-D1', purchasedAt: '2026-10-01T05:00:00.000Z', amount: 8_000_000 }); // due 10-04: too old
  purchase(store, wayan.id, { invoiceNo: 'INV-W1', purchasedAt: '2026-06-01T05:00:00.000Z', amount: 15_000_000 });
  purchase(store, made.id, { invoiceNo: 'INV-M1', purchasedAt: '2026-06-01T05:00:00.000Z', amount: 20_000_000 });
  logInteraction(store, { customerId: made.id, channel: 'phone', outcome: 'reached', at: '2026-11-02T05:00:00.000Z' });
  const resolved = openComplaint(store, { customerId: dewi.id, category: 'service', description: 'Kasir tidak ramah' });
  transitionComplaint(store, { complaintId: resolved.id, status: 'resolved' }); // Friday 20th: check due Monday 23rd
  setNow('2026-11-23T03:00:00.000Z'); // Monday 10:00 WIB
  const late = openComplaint(store, { customerId: siti.id, category: 'billing', severity: 'high', description: 'Tagihan ganda' });
  setNow('2026-11-23T07:00:00.000Z'); // 14:00: two business hours to respond have passed
  return { ...care, siti, budi, dewi, wayan, made, resolved, late };
}

describe('rule-generated follow-ups', () => {
  it('creates exactly the follow-ups the rules call for, with hand-computed due dates', () => {
    const { store, siti, budi, dewi, wayan, resolved, late } = handStore();
    const report = runFollowUpRules(store);
    expect(report.created).toEqual({ manual: 0, birthday: 1, after_purchase: 1, neglected: 1, complaint_check: 1, escalation: 1 });
    expect(report.escalated).toBe(1);
    const all = listFollowUps(store).map((f) => [f.kind, f.customerId, f.dueDate, f.status, f.owner]);
    expect(all).toEqual(
      expect.arrayContaining([
        ['birthday', siti.id, '2026-11-26', 'open', null],
        ['after_purchase', budi.id, '2026-11-24', 'open', null],
        ['neglected', wayan.id, '2026-11-23', 'open', null],
        ['complaint_check', dewi.id, '2026-11-23', 'open', null],
        ['escalation', siti.id, '2026-11-23', 'open', null],
      ]),
    );
    expect(all).toHaveLength(5);
    expect(getComplaint(store, late.id)).toMatchObject({ overdue: true, escalated: true });
    expect(getComplaint(store, late.id).history.at(-1)).toMatchObject({ kind: 'escalated', note: 'response' });
    expect(listFollowUps(store, { customerId: dewi.id })[0]!.reason).toContain('keluhan');
    expect(resolved.id).toBeTruthy();
    // My day at the outlet: the three due today, the complaint highlighted.
    const day = myDay(store);
    expect(day.dueToday.map((f) => f.kind).sort()).toEqual(['complaint_check', 'escalation', 'neglected']);
    expect(day.overdueComplaints.map((c) => c.id)).toEqual([late.id]);
  });

  it('a second pass creates nothing, the same day or the next', () => {
    const { store, advance } = handStore();
    runFollowUpRules(store);
    const again = runFollowUpRules(store);
    expect(Object.values(again.created).every((n) => n === 0)).toBe(true);
    expect(again.skippedExisting).toBe(4); // the escalation is already known by its complaint event
    advance(86_400_000);
    expect(Object.values(runFollowUpRules(store).created).every((n) => n === 0)).toBe(true);
  });

  it('follows the outlet’s own configuration', () => {
    const { store, outlet } = handStore();
    saveFollowUpRules(store, outlet.id, {
      ...followUpRules(store, outlet.id),
      birthday: { enabled: true, daysAhead: 14, minTotal: 0 },
      afterPurchase: { enabled: false, afterDays: 3, minAmount: 0 },
      managerStaff: 'Pak Hendra',
    });
    const report = runFollowUpRules(store);
    expect(report.created.birthday).toBe(2); // Siti and now Budi (12 days away)
    expect(report.created.after_purchase).toBe(0);
    expect(listFollowUps(store).find((f) => f.kind === 'escalation')?.owner).toBe('Pak Hendra');
    expect(() =>
      saveFollowUpRules(store, outlet.id, {
        ...followUpRules(store, outlet.id),
        neglected: { enabled: true, noContactDays: -1, minTotal: 0, maxOpen: 5 },
      }),
    ).toThrow('error.days_invalid');
  });
});
