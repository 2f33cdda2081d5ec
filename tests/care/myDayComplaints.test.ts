import { describe, expect, it } from 'vitest';
import { openComplaint, transitionComplaint } from '../../electron/core/care/complaints/complaints';
import { myDay } from '../../electron/core/care/followUps/myDay';
import { ensureOutlet, useOutlet } from '../../electron/core/outlets/outlets';
import { aCustomer } from '../support/builders';
import { careStore, DAY, HOUR } from './support';

/** Complaints on my day: fresh ones waiting for a first response beside the overdue ones, never both. */
describe('my day: complaints awaiting a first response', () => {
  it('lists a fresh complaint until someone responds, and moves it to overdue once its response time passes', () => {
    const { store, customer, advance } = careStore(); // Monday 10:00 WIB
    const siti = customer();
    const c = openComplaint(store, { customerId: siti.id, category: 'delivery', severity: 'normal', description: 'Barang belum datang' });
    let day = myDay(store);
    expect(day.awaitingResponse.map((x) => [x.id, x.overdue, x.customerName])).toEqual([[c.id, false, siti.fullName]]);
    expect(day.awaitingResponseCount).toBe(1);
    expect(day.overdueComplaints).toEqual([]);

    // Four business hours to respond (normal severity): at 15:00 it is late, and only on the overdue list.
    advance(5 * HOUR);
    day = myDay(store);
    expect(day.awaitingResponse).toEqual([]);
    expect(day.awaitingResponseCount).toBe(0);
    expect(day.overdueComplaints.map((x) => x.id)).toEqual([c.id]);
    expect(day.counts.overdueComplaints).toBe(1);
  });

  it('a response takes it off; a reopened complaint waits again with a fresh clock', () => {
    const { store, customer, advance } = careStore();
    const c = openComplaint(store, { customerId: customer().id, category: 'service', description: 'Kasir tidak ramah' });
    transitionComplaint(store, { complaintId: c.id, status: 'in_progress' });
    expect(myDay(store).awaitingResponse).toEqual([]);
    transitionComplaint(store, { complaintId: c.id, status: 'resolved' });
    advance(HOUR);
    transitionComplaint(store, { complaintId: c.id, status: 'reopened' });
    const day = myDay(store);
    expect(day.awaitingResponse.map((x) => [x.id, x.status])).toEqual([[c.id, 'reopened']]);
    expect(day.overdueComplaints).toEqual([]);
    advance(30 * DAY);
    expect(myDay(store).awaitingResponse).toEqual([]);
  });

  it('most urgent first, cut at the page size, counted in all, and only the outlet’s own', () => {
    const { store, outlet, customer, advance } = careStore();
    const low = openComplaint(store, { customerId: customer().id, category: 'billing', severity: 'low', description: 'Struk salah' });
    advance(10 * 60_000);
    const urgent = openComplaint(store, { customerId: customer().id, category: 'billing', severity: 'high', description: 'Tagihan ganda' });
    advance(10 * 60_000);
    const normal = openComplaint(store, {
      customerId: customer().id,
      category: 'billing',
      severity: 'normal',
      description: 'Diskon tidak masuk',
    });
    const elsewhere = ensureOutlet(store, 'BDG01', { name: 'Bandung' });
    useOutlet(store, elsewhere);
    openComplaint(store, {
      customerId: customer(aCustomer().named('Orang Bandung')).id,
      category: 'billing',
      description: 'Bukan outlet ini',
    });
    useOutlet(store, outlet);

    const day = myDay(store);
    expect(day.awaitingResponse.map((x) => x.id)).toEqual([urgent.id, normal.id, low.id]);
    expect(day.awaitingResponseCount).toBe(3);
    const page = myDay(store, { limit: 2 });
    expect(page.awaitingResponse.map((x) => x.id)).toEqual([urgent.id, normal.id]);
    expect(page.awaitingResponseCount).toBe(3);
  });
});
