import { describe, expect, it } from 'vitest';
import { getComplaint } from '../../electron/core/care/complaints/complaints';
import { RulePass, runFollowUpRules } from '../../electron/core/care/followUps/rules';
import type { ProposedFollowUp } from '../../electron/core/care/followUps/ruleTriggers';
import { listFollowUps } from '../../electron/core/care/followUps/followUps';
import { myDay } from '../../electron/core/care/followUps/myDay';
import { followUpRules, saveFollowUpRules } from '../../electron/core/care/settings/careSettings';
import { handStore } from './handStore';
import { careStore } from './support';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { aCustomer } from '../support/builders';

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

  it('writes with reference checks off only inside its own transactions, even when one fails', async () => {
    const { store } = handStore();
    runFollowUpRules(store);
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    // A batch naming a row that is there already, while the pass believes nothing else wrote: its transaction fails.
    const pass = new RulePass(store);
    const existing = store.sqlite
      .prepare(`SELECT id, customer_id AS customerId, outlet_id AS outletId, owner, kind, reason, due_date AS dueDate, source_id AS sourceId FROM follow_ups LIMIT 1`)
      .get() as ProposedFollowUp;
    await expect(pass.write([{ followUps: [existing], escalations: [], skippedExisting: 0 }])).rejects.toThrow('UNIQUE');
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('greets across New Year, and those born on 29 February on the 28th in other years', () => {
    const greeted = (today: string, births: string[]) => {
      const { store, setNow } = careStore(today);
      for (const [i, birthDate] of births.entries())
        registerCustomer(store, { ...aCustomer().named(`Pelanggan ${i}`).build(), birthDate, consentMarketing: true });
      setNow(today);
      runFollowUpRules(store);
      return listFollowUps(store)
        .map((f) => f.dueDate)
        .sort();
    };
    expect(greeted('2026-12-28T03:00:00.000Z', ['1985-01-02', '1990-12-30', '1970-01-05', '2000-12-27'])).toEqual(['2026-12-30', '2027-01-02']);
    expect(greeted('2027-02-25T03:00:00.000Z', ['2000-02-29', '1990-03-03', '1991-03-05'])).toEqual(['2027-02-28', '2027-03-03']);
    expect(greeted('2028-02-25T03:00:00.000Z', ['2000-02-29', '1999-02-28'])).toEqual(['2028-02-28', '2028-02-29']);
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
