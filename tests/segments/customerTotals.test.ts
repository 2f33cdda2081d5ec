import { describe, expect, it } from 'vitest';
import { customers, interactions, purchases } from '../../db/schema';
import { checkCustomerTotals, rebuildCustomerTotals } from '../../electron/core/segments/customerTotals';
import { countSegment } from '../../electron/core/segments/segments';
import { transact } from '../../electron/core/store/writer';
import type { Store } from '../../electron/core/store/store';
import { purchase } from '../care/support';
import { segmentStore } from './segmentStore';

function totals(store: Store, id: string) {
  return store.sqlite
    .prepare('SELECT purchase_count AS n, purchase_amount AS amount, first_purchase_at AS first, last_purchase_at AS last, last_contact_at AS contact FROM customer_totals WHERE customer_id = ?')
    .get(id) as { n: number; amount: number; first: string | null; last: string | null; contact: string | null } | undefined;
}

const purchaseId = (store: Store, invoice: string) => store.sqlite.prepare('SELECT id FROM purchases WHERE invoice_no = ?').pluck().get(invoice) as string;

describe('per-customer totals kept by the write', () => {
  it('hold each customer’s purchases (a merged-away customer’s counting for the survivor) and last contact', () => {
    const { store, siti, budi, wayan, made, dewi } = segmentStore();
    expect(totals(store, siti)).toEqual({ n: 3, amount: 16_000_000, first: '2025-01-10T05:00:00.000Z', last: '2026-11-01T05:00:00.000Z', contact: null });
    expect(totals(store, budi)).toMatchObject({ n: 1, amount: 1_000_000 });
    expect(totals(store, wayan)).toMatchObject({ n: 0, amount: 0, contact: '2026-11-10T03:00:00.000Z' });
    expect(totals(store, made)?.n ?? 0).toBe(0);
    expect(totals(store, dewi)).toBeUndefined();
    expect(checkCustomerTotals(store)).toMatchObject({ mismatched: 0 });
  });

  it('follow a tombstone, an edited amount and date, an unmerge, a removed contact and a hard delete, each in its write', () => {
    const { store, siti, made, wayan } = segmentStore();
    transact(store, (w) => w.remove(purchases, purchaseId(store, 'S2')));
    expect(totals(store, siti)).toMatchObject({ n: 2, amount: 14_000_000, first: '2026-06-01T05:00:00.000Z' });
    transact(store, (w) => w.update(purchases, purchaseId(store, 'S1'), { amount: 6_000_000, purchasedAt: '2026-11-20T05:00:00.000Z' }));
    expect(totals(store, siti)).toMatchObject({ n: 2, amount: 15_000_000, first: '2026-11-01T05:00:00.000Z', last: '2026-11-20T05:00:00.000Z' });
    transact(store, (w) => w.update(customers, made, { mergedInto: null }));
    expect(totals(store, siti)).toMatchObject({ n: 1, amount: 6_000_000 });
    expect(totals(store, made)).toMatchObject({ n: 1, amount: 9_000_000 });
    const contact = store.sqlite.prepare('SELECT id FROM interactions WHERE customer_id = ?').pluck().get(wayan) as string;
    transact(store, (w) => w.remove(interactions, contact));
    expect(totals(store, wayan)?.contact).toBeNull();
    store.sqlite.prepare('DELETE FROM purchases WHERE id = ?').run(purchaseId(store, 'M1'));
    expect(totals(store, made)).toMatchObject({ n: 0, amount: 0, first: null });
    purchase(store, made, { invoiceNo: 'M2', purchasedAt: '2026-11-22T05:00:00.000Z', amount: 500_000 });
    expect(totals(store, made)).toMatchObject({ n: 1, amount: 500_000, last: '2026-11-22T05:00:00.000Z' });
    expect(checkCustomerTotals(store)).toMatchObject({ mismatched: 0 });
  });

  it('the check finds a total that drifted from the rows, and a rebuild restores it; the segment count reads the totals', () => {
    const { store, siti } = segmentStore();
    const where = { field: 'purchases', op: 'gte', value: 3 };
    expect(countSegment(store, { where }).count).toBe(1);
    store.sqlite.prepare('UPDATE customer_totals SET purchase_count = 1 WHERE customer_id = ?').run(siti);
    expect(countSegment(store, { where }).count).toBe(0);
    const check = checkCustomerTotals(store);
    expect(check.mismatched).toBe(1);
    expect(check.examples[0]).toMatchObject({ customerId: siti, kept: [1, 16_000_000, '2025-01-10T05:00:00.000Z', '2026-11-01T05:00:00.000Z', null] });
    rebuildCustomerTotals(store);
    expect(checkCustomerTotals(store).mismatched).toBe(0);
    expect(countSegment(store, { where }).count).toBe(1);
  });
});
