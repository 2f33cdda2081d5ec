import { describe, expect, it } from 'vitest';
import { logInteraction } from '../../electron/core/care/interactions/interactions';
import { careSummary, customerTimeline } from '../../electron/core/care/interactions/timeline';
import { closeFollowUp, createFollowUp } from '../../electron/core/care/followUps/followUps';
import { myDay } from '../../electron/core/care/followUps/myDay';
import { openComplaint, transitionComplaint } from '../../electron/core/care/complaints/complaints';
import { contactLinks, listTemplates, saveTemplate } from '../../electron/core/care/templates/templates';
import { aCustomer } from '../support/builders';
import { careStore, DAY, HOUR, purchase } from './support';
import { akrabErrorOf } from '../support/akrabError';

const changes = (store: { sqlite: import('better-sqlite3').Database }) =>
  store.sqlite.prepare('SELECT count(*) FROM changes').pluck().get() as number;

describe('interactions and the timeline', () => {
  it('logs contacts with the outlet, staff and a direction from the channel; the customer shows last contact and last visit', () => {
    const { store, customer, advance } = careStore();
    const siti = customer();
    expect(careSummary(store, siti.id)).toEqual({ lastContact: null, lastVisit: null, openComplaints: 0 });
    const visit = logInteraction(store, { customerId: siti.id, channel: 'visit', note: 'Lihat kulkas 2 pintu' });
    expect(visit).toMatchObject({ direction: 'in', outletCode: 'JKT01', staff: 'Rina', at: '2026-11-23T03:00:00.000Z', outcome: null });
    advance(HOUR);
    logInteraction(store, { customerId: siti.id, channel: 'whatsapp', outcome: 'reached' });
    advance(HOUR);
    logInteraction(store, { customerId: siti.id, channel: 'phone', outcome: 'no_answer' });
    logInteraction(store, { customerId: siti.id, channel: 'note', note: 'Suka promo cicilan' });
    expect(careSummary(store, siti.id)).toEqual({
      lastContact: '2026-11-23T04:00:00.000Z',
      lastVisit: '2026-11-23T03:00:00.000Z',
      openComplaints: 0,
    });
  });

  it('puts purchases, interactions and complaints on one list, newest first, paged without gaps', () => {
    const { store, customer, advance } = careStore();
    const siti = customer();
    purchase(store, siti.id, { invoiceNo: 'INV-1', purchasedAt: '2026-11-20T05:00:00.000Z', amount: 3_000_000, mainProduct: 'TV' });
    logInteraction(store, { customerId: siti.id, channel: 'phone', outcome: 'reached', at: '2026-11-21T05:00:00.000Z' });
    const c = openComplaint(store, { customerId: siti.id, category: 'delivery', description: 'TV belum datang' });
    advance(HOUR);
    logInteraction(store, { customerId: siti.id, channel: 'whatsapp', note: 'Kabar pengiriman' });
    const all = customerTimeline(store, siti.id);
    expect(all.entries.map((e) => [e.kind, e.at])).toEqual([
      ['interaction', '2026-11-23T04:00:00.000Z'],
      ['complaint', '2026-11-23T03:00:00.000Z'],
      ['interaction', '2026-11-21T05:00:00.000Z'],
      ['purchase', '2026-11-20T05:00:00.000Z'],
    ]);
    expect(all.entries[1]).toMatchObject({ kind: 'complaint', id: c.id, status: 'open', category: 'delivery' });
    expect(all.nextBefore).toBeNull();
    const first = customerTimeline(store, siti.id, { limit: 3 });
    expect(first.entries).toHaveLength(3);
    const second = customerTimeline(store, siti.id, { limit: 3, before: first.nextBefore });
    expect([...first.entries, ...second.entries]).toEqual(all.entries);
  });

  it.each([
    ['unknown channel', { channel: 'pigeon' }, 'channel', 'error.channel_unknown'],
    ['unknown outcome', { channel: 'phone', outcome: 'maybe' }, 'outcome', 'error.outcome_unknown'],
    ['oversized note', { channel: 'phone', note: 'x'.repeat(2001) }, 'note', 'error.too_long'],
    ['a note without text', { channel: 'note', note: '  ' }, 'note', 'error.text_required'],
  ])('refuses %s and writes nothing', (_name, patch, field, messageKey) => {
    const { store, customer } = careStore();
    const siti = customer();
    const before = changes(store);
    expect(akrabErrorOf(() => logInteraction(store, { customerId: siti.id, ...patch })).issues?.[0]).toMatchObject({ field, messageKey });
    expect(changes(store)).toBe(before);
  });

  it('refuses a contact dated in the future and one for an unknown customer', () => {
    const { store, customer } = careStore();
    const siti = customer();
    expect(akrabErrorOf(() => logInteraction(store, { customerId: siti.id, channel: 'phone', at: '2026-11-24T03:00:00.000Z' }))).toMatchObject({
      messageKey: 'error.date_in_future',
    });
    expect(akrabErrorOf(() => logInteraction(store, { customerId: 'nobody', channel: 'phone' }))).toMatchObject({
      code: 'not_found',
      messageKey: 'error.customer_not_found',
    });
  });
});

describe('follow-ups and my day', () => {
  it('shows what is due today, overdue and done today for the staff member and the whole outlet', () => {
    const { store, customer, setNow } = careStore();
    const siti = customer();
    const budi = customer(aCustomer().named('Budi Santoso'));
    const mine = createFollowUp(store, { customerId: siti.id, reason: 'Tawarkan garansi tambahan', dueDate: '2026-11-23', owner: 'Rina' });
    const outletWide = createFollowUp(store, { customerId: budi.id, reason: 'Konfirmasi jadwal kirim', dueDate: '2026-11-24' });
    const someoneElse = createFollowUp(store, { customerId: budi.id, reason: 'Urusan Joko', dueDate: '2026-11-23', owner: 'Joko' });
    let day = myDay(store);
    expect(day.date).toBe('2026-11-23');
    expect(day.dueToday.map((f) => f.id)).toEqual([mine.id]);
    expect(
      myDay(store, { staff: null })
        .dueToday.map((f) => f.id)
        .sort(),
    ).toEqual([mine.id, someoneElse.id].sort());

    setNow('2026-11-25T02:00:00.000Z'); // Wednesday 09:00 WIB
    day = myDay(store);
    expect(day.overdue.map((f) => f.id)).toEqual([mine.id, outletWide.id]);
    expect(day.dueToday).toEqual([]);
    closeFollowUp(store, 'done', { followUpId: mine.id, note: 'Sudah ditelepon', interaction: { channel: 'phone', outcome: 'reached' } });
    day = myDay(store);
    expect(day.overdue.map((f) => f.id)).toEqual([outletWide.id]);
    expect(day.doneToday.map((f) => [f.id, f.status, f.closedBy])).toEqual([[mine.id, 'done', 'Rina']]);
    expect(day.counts).toEqual({ dueToday: 0, overdue: 1, doneToday: 1, overdueComplaints: 0 });
    // Completing by phone logged the contact too.
    expect(careSummary(store, siti.id).lastContact).toBe('2026-11-25T02:00:00.000Z');
    expect(akrabErrorOf(() => closeFollowUp(store, 'cancelled', { followUpId: mine.id }))).toMatchObject({
      messageKey: 'error.follow_up_already_closed',
    });
  });

  it('refuses a new follow-up due in the past, without a reason, or for nobody', () => {
    const { store, customer } = careStore();
    const siti = customer();
    const before = changes(store);
    expect(akrabErrorOf(() => createFollowUp(store, { customerId: siti.id, reason: 'Telepon', dueDate: '2026-11-22' }))).toMatchObject({
      field: 'dueDate',
      messageKey: 'error.due_date_past',
    });
    expect(akrabErrorOf(() => createFollowUp(store, { customerId: siti.id, reason: '', dueDate: '2026-11-24' })).issues?.[0]).toMatchObject({
      field: 'reason',
      messageKey: 'error.text_required',
    });
    expect(akrabErrorOf(() => createFollowUp(store, { customerId: siti.id, reason: 'x', dueDate: '24/11/2026' })).issues?.[0]).toMatchObject({
      field: 'dueDate',
      messageKey: 'error.date_invalid',
    });
    expect(changes(store)).toBe(before);
  });

  it('highlights complaints past their service level on my day', () => {
    const { store, customer, advance } = careStore();
    const c = openComplaint(store, { customerId: customer().id, category: 'billing', severity: 'high', description: 'Salah tagih' });
    advance(3 * HOUR);
    const day = myDay(store);
    expect(day.overdueComplaints.map((x) => [x.id, x.overdue])).toEqual([[c.id, true]]);
    transitionComplaint(store, { complaintId: c.id, status: 'resolved' });
    advance(DAY);
    expect(myDay(store).overdueComplaints).toEqual([]);
  });
});

describe('WhatsApp and phone links', () => {
  it('fills the Indonesian template with greeting, name, card and occasion, and builds wa.me and tel: links', () => {
    const { store, customer } = careStore();
    const siti = customer(aCustomer().named('Siti Rahayu').withGender('F').withPhone('0812-3456-7890').withCard('VIP777'));
    const links = contactLinks(store, { customerId: siti.id, template: 'after_purchase', occasion: 'kulkas 2 pintu' });
    expect(links.text).toBe(
      'Halo Ibu Siti Rahayu, terima kasih atas pembelian Anda di Akrab Elektronik Kelapa Gading (kulkas 2 pintu). Apakah produknya sudah berfungsi dengan baik? Kami siap membantu.',
    );
    expect(links.phone).toBe('+6281234567890');
    expect(links.whatsapp).toBe(`https://wa.me/6281234567890?text=${encodeURIComponent(links.text)}`);
    expect(links.tel).toBe('tel:+6281234567890');
    const greeting = contactLinks(store, { customerId: siti.id, template: 'greeting' });
    expect(greeting.text).toContain('(kartu VIP777)');
  });

  it('lets a manager edit a template, validating its placeholders', () => {
    const { store, outlet, customer } = careStore();
    const budi = customer(aCustomer().named('Budi').withGender('M'));
    saveTemplate(store, outlet.id, 'greeting', 'Selamat pagi {sapaan} {nama}!');
    expect(listTemplates(store, outlet.id).find((t) => t.key === 'greeting')).toEqual({
      key: 'greeting',
      body: 'Selamat pagi {sapaan} {nama}!',
      customised: true,
    });
    expect(contactLinks(store, { customerId: budi.id, template: 'greeting' }).text).toBe('Selamat pagi Bapak Budi!');
    expect(akrabErrorOf(() => saveTemplate(store, outlet.id, 'greeting', 'Halo {name}')).issues?.[0]).toMatchObject({
      messageKey: 'error.template_placeholder_unknown',
    });
    saveTemplate(store, outlet.id, 'greeting', null);
    expect(listTemplates(store, outlet.id).find((t) => t.key === 'greeting')?.customised).toBe(false);
  });
});
