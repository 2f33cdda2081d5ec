import { describe, expect, it } from 'vitest';
import { signedInCore } from '../support/signedIn';
import { dispatch } from '../../electron/core/api/dispatch';
import { aCustomer } from '../support/builders';
import { careStore } from './support';

/** The care calls as the renderer makes them: through the contract's validation and the handler map. */
describe('care contract calls', () => {
  it('record a contact, open and move a complaint, plan and complete a follow-up, read the timeline and my day', () => {
    const { store, customer } = careStore();
    const siti = customer(aCustomer().withGender('F'));
    const call = (name: string, input: unknown) => {
      const result = dispatch(signedInCore(store), name, input);
      if (!result.ok) throw new Error(JSON.stringify(result.error));
      return result.value as Record<string, unknown> & { id: string };
    };
    call('care.logInteraction', { customerId: siti.id, channel: 'visit', note: 'Tanya kulkas' });
    const links = call('care.contactLinks', { customerId: siti.id, template: 'greeting' });
    expect(links.whatsapp).toMatch(/^https:\/\/wa\.me\/62\d+\?text=Halo%20Ibu%20/);
    const complaint = call('care.complaints.open', { customerId: siti.id, category: 'warranty', description: 'Klaim garansi ditolak', promisedAction: 'Hubungi pusat servis' });
    const moved = call('care.complaints.transition', { complaintId: complaint.id, status: 'in_progress' });
    expect(moved).toMatchObject({ status: 'in_progress', promisedAction: 'Hubungi pusat servis' });
    const followUp = call('care.followUps.create', { customerId: siti.id, reason: 'Kabari hasil klaim', dueDate: '2026-11-23' });
    expect(call('care.myDay', {}).counts).toMatchObject({ dueToday: 1 });
    call('care.followUps.complete', { followUpId: followUp.id, interaction: { channel: 'whatsapp', outcome: 'reached' } });
    const timeline = call('care.timeline', { customerId: siti.id }) as unknown as { entries: { kind: string }[] };
    expect(timeline.entries.map((e) => e.kind)).toEqual(['interaction', 'complaint', 'interaction']);
    expect(call('customers.get', { customerId: siti.id })).toMatchObject({ openComplaints: 1, lastVisit: '2026-11-23T03:00:00.000Z' });
    const bad = dispatch(signedInCore(store), 'care.complaints.transition', { complaintId: complaint.id, status: 'closed', satisfaction: 9 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation', field: 'satisfaction', messageKey: 'error.satisfaction_range' } });
    const holidays = dispatch(signedInCore(store), 'care.holidays.save', { days: [{ date: '2026-12-25', name: 'Hari Raya Natal', allOutlets: true }] });
    expect(holidays).toMatchObject({ ok: true, value: [{ date: '2026-12-25', name: 'Hari Raya Natal', allOutlets: true, active: true }] });
  });
});
