import { describe, expect, it } from 'vitest';
import { complaintStatuses, type ComplaintStatus } from '../../shared/care';
import { getComplaint, listComplaints, openComplaint, transitionComplaint } from '../../electron/core/care/complaints/complaints';
import { aCustomer } from '../support/builders';
import { careStore, DAY, HOUR } from './support';
import { akrabErrorOf } from '../support/akrabError';

/** The lifecycle, written out independently of the implementation's table. */
const legal = new Set([
  'open→in_progress',
  'open→resolved',
  'in_progress→resolved',
  'resolved→closed',
  'resolved→reopened',
  'closed→reopened',
  'reopened→in_progress',
  'reopened→resolved',
]);

/** How to bring a fresh complaint into each status through legal moves. */
const pathTo: Record<ComplaintStatus, ComplaintStatus[]> = {
  open: [],
  in_progress: ['in_progress'],
  resolved: ['in_progress', 'resolved'],
  closed: ['in_progress', 'resolved', 'closed'],
  reopened: ['in_progress', 'resolved', 'reopened'],
};

function writes(store: { sqlite: { prepare: (sql: string) => { pluck: () => { get: () => unknown } } } }): number {
  return store.sqlite.prepare('SELECT count(*) FROM changes').pluck().get() as number;
}

describe('complaint lifecycle', () => {
  const pairs = complaintStatuses.flatMap((from) => complaintStatuses.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s', (from, to) => {
    const { store, customer } = careStore();
    const siti = customer();
    const c = openComplaint(store, { customerId: siti.id, category: 'delivery', description: 'Kulkas datang penyok' });
    for (const step of pathTo[from])
      transitionComplaint(store, { complaintId: c.id, status: step, satisfaction: step === 'closed' ? 4 : null });
    expect(getComplaint(store, c.id).status).toBe(from);
    const before = writes(store);
    const move = () =>
      transitionComplaint(store, { complaintId: c.id, status: to, satisfaction: to === 'closed' ? 5 : null, note: 'langkah' });
    if (legal.has(`${from}→${to}`)) {
      const after = move();
      expect(after.status).toBe(to);
      expect(after.history.at(-1)).toMatchObject({
        kind: 'transition',
        fromStatus: from,
        toStatus: to,
        staff: 'Rina',
        outletCode: 'JKT01',
        note: 'langkah',
      });
    } else {
      const error = akrabErrorOf(move);
      expect(error).toMatchObject({ code: 'conflict', messageKey: 'error.complaint_transition_illegal', params: { from, to } });
      expect(writes(store)).toBe(before);
      expect(getComplaint(store, c.id).status).toBe(from);
    }
  });

  it('closing needs the customer’s satisfaction 1–5; a score anywhere else is refused', () => {
    const { store, customer } = careStore();
    const c = openComplaint(store, { customerId: customer().id, category: 'service', description: 'Pelayanan lambat' });
    transitionComplaint(store, { complaintId: c.id, status: 'resolved' });
    const before = writes(store);
    expect(akrabErrorOf(() => transitionComplaint(store, { complaintId: c.id, status: 'closed' }))).toMatchObject({
      field: 'satisfaction',
      messageKey: 'error.satisfaction_required',
    });
    for (const score of [0, 6, 2.5]) {
      expect(
        akrabErrorOf(() => transitionComplaint(store, { complaintId: c.id, status: 'closed', satisfaction: score })).issues?.[0],
      ).toMatchObject({ field: 'satisfaction', messageKey: 'error.satisfaction_range' });
    }
    expect(akrabErrorOf(() => transitionComplaint(store, { complaintId: c.id, status: 'reopened', satisfaction: 3 }))).toMatchObject({
      messageKey: 'error.satisfaction_only_on_close',
    });
    expect(writes(store)).toBe(before);
    const closed = transitionComplaint(store, { complaintId: c.id, status: 'closed', satisfaction: 4 });
    expect(closed).toMatchObject({ status: 'closed', satisfaction: 4, next: ['reopened'] });
  });

  it('keeps every change as history: who, when, from, to', () => {
    const { store, customer, advance } = careStore();
    const c = openComplaint(store, {
      customerId: customer().id,
      category: 'installation',
      severity: 'high',
      description: 'AC bocor setelah dipasang',
    });
    advance(HOUR);
    transitionComplaint(store, { complaintId: c.id, status: 'in_progress', note: 'Teknisi dijadwalkan' });
    advance(DAY);
    transitionComplaint(store, { complaintId: c.id, status: 'resolved' });
    const detail = getComplaint(store, c.id);
    expect(detail.history.map((e) => [e.kind, e.fromStatus, e.toStatus, e.staff, e.at])).toEqual([
      ['opened', null, 'open', 'Rina', '2026-11-23T03:00:00.000Z'],
      ['transition', 'open', 'in_progress', 'Rina', '2026-11-23T04:00:00.000Z'],
      ['transition', 'in_progress', 'resolved', 'Rina', '2026-11-24T04:00:00.000Z'],
    ]);
    expect(detail.firstResponseAt).toBe('2026-11-23T04:00:00.000Z');
    expect(detail.resolvedAt).toBe('2026-11-24T04:00:00.000Z');
  });
});

describe('opening a complaint', () => {
  it('computes its due times from the outlet’s service level and links the customer’s invoice', () => {
    const { store, customer } = careStore('2026-11-23T14:30:00.000Z'); // Monday 21:30 WIB, after closing
    const siti = customer(aCustomer().withPurchase('INV-77', 7_500_000));
    const c = openComplaint(store, {
      customerId: siti.id,
      category: 'product_defect',
      severity: 'high',
      invoiceNo: 'INV-77',
      description: 'Mesin cuci tidak berputar',
      promisedAction: 'Cek teknisi',
      promisedDate: '2026-11-25',
    });
    // high: first response within 2 business hours, resolution 1 + 2 (product defect) business days.
    expect(c).toMatchObject({
      status: 'open',
      outletCode: 'JKT01',
      invoiceNo: 'INV-77',
      firstResponseDueAt: '2026-11-24T04:00:00.000Z', // Tue 11:00 WIB
      resolutionDueAt: '2026-11-27T14:00:00.000Z', // Tue is day 0 → Fri 21:00 WIB
      overdue: false,
      next: ['in_progress', 'resolved'],
    });
    const row = store.sqlite.prepare('SELECT purchase_id FROM complaints WHERE id = ?').pluck().get(c.id);
    expect(row).toBe(store.sqlite.prepare(`SELECT id FROM purchases WHERE invoice_no = 'INV-77'`).pluck().get());
  });

  it.each([
    ['unknown category', { category: 'rude' }, 'category', 'error.category_unknown'],
    ['unknown severity', { severity: 'urgent' }, 'severity', 'error.severity_unknown'],
    ['empty description', { description: '   ' }, 'description', 'error.text_required'],
    ['oversized description', { description: 'x'.repeat(2001) }, 'description', 'error.too_long'],
  ])('refuses %s and writes nothing', (_name, patch, field, messageKey) => {
    const { store, customer } = careStore();
    const siti = customer();
    const before = writes(store);
    const error = akrabErrorOf(() => openComplaint(store, { customerId: siti.id, category: 'delivery', description: 'Telat', ...patch }));
    expect(error.issues?.[0]).toMatchObject({ field, messageKey });
    expect(writes(store)).toBe(before);
  });

  it('refuses an invoice that belongs to another customer', () => {
    const { store, customer } = careStore();
    customer(aCustomer().named('Budi Santoso').withPurchase('INV-9', 1_000_000));
    const siti = customer();
    const before = writes(store);
    expect(
      akrabErrorOf(() => openComplaint(store, { customerId: siti.id, category: 'billing', invoiceNo: 'INV-9', description: 'Tagihan ganda' })),
    ).toMatchObject({
      field: 'invoiceNo',
      messageKey: 'error.invoice_other_customer',
    });
    expect(writes(store)).toBe(before);
  });

  it('becomes overdue when a due time passes, and the overdue list shows it', () => {
    const { store, customer, advance } = careStore();
    const c = openComplaint(store, { customerId: customer().id, category: 'service', description: 'Tidak ada yang melayani' });
    expect(listComplaints(store, { overdue: true })).toHaveLength(0);
    advance(5 * HOUR); // normal: 4 business hours to respond
    expect(listComplaints(store, { overdue: true }).map((x) => x.id)).toEqual([c.id]);
    transitionComplaint(store, { complaintId: c.id, status: 'in_progress' });
    expect(listComplaints(store, { overdue: true })).toHaveLength(0);
    advance(10 * DAY);
    expect(getComplaint(store, c.id).overdue).toBe(true);
  });
});
