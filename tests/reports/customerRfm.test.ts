import { describe, expect, it } from 'vitest';
import { tempStore } from '../support/tempStore';
import { seedCustomers } from '../../electron/core/demo/seedStore';
import { syntheticCustomers } from '../../electron/core/demo/syntheticCustomers';
import { customerTotals } from '../../electron/core/reports/customerTotals';
import { computeRfm } from '../../electron/core/reports/rfm';
import { resolveScope } from '../../electron/core/reports/scope';
import { boundariesOf, customerRfm, scoreWith } from '../../electron/core/reports/customerRfm';
import { quintileScores } from '../../electron/core/reports/rfmScoring';
import { rfmSegments } from '../../shared/reports';

describe('one customer’s RFM is the RFM report’s (issue 16, point 8)', () => {
  it('four boundaries per metric give every value the report’s quintile score', () => {
    for (const values of [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [5, 5, 5, 1], [3], [0, 0, 0, 0, 0, 0, 7], Array.from({ length: 97 }, (_, i) => (i * 37) % 23)]) {
      const expected = quintileScores(values);
      const b = boundariesOf(values);
      values.forEach((v, i) => expect(scoreWith(b, v), `${v} in ${values.join(',')}`).toBe(expected[i]));
    }
  });

  it('scores, frequency, monetary and segment equal the report’s for every customer of a store', () => {
    const store = tempStore();
    seedCustomers(store, syntheticCustomers(1500, { seed: 5, purchasesPerCustomer: 4, until: store.now() }));
    const scope = resolveScope(store, { outlets: [] }, { days: 365 });
    const report = computeRfm(customerTotals(store, scope, { byOutlet: true, fromStart: false }), scope.asOf);
    expect(report.totals.ids.length).toBeGreaterThan(300);
    for (let i = 0; i < report.totals.ids.length; i++) {
      const page = customerRfm(store, report.totals.ids[i]!);
      expect(page.scores, report.totals.ids[i]).toEqual({ recency: report.scores.r[i], frequency: report.scores.f[i], monetary: report.scores.m[i] });
      expect(page.segment).toBe(rfmSegments[report.segment[i]!]);
      expect([page.frequency, page.monetary, page.recencyDays]).toEqual([report.totals.count[i], report.totals.sum[i], report.recencyDays[i]]);
    }
    // Someone with no purchase in the period is not scored, as in the report.
    const outside = store.sqlite
      .prepare(`SELECT id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM purchases p WHERE p.customer_id = c.id AND p.purchased_at >= ?) LIMIT 1`)
      .pluck()
      .get(scope.from) as string | undefined;
    if (outside) expect(customerRfm(store, outside).scores).toBeNull();
  }, 60_000);
});
