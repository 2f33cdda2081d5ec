import type { ReportCell, ReportFilters, ReportLanguage, SummaryItem } from '../../../shared/reports';
import type { Store } from '../store/store';
import { assemble, reportContext, share } from './context';
import { customerListing } from './customerDetails';
import { survivorMap } from './customerTotals';
import { localDate } from './scope';
import type { ReportData, ReportSection } from './types';
import { rowsOf } from './types';

export const DEFAULT_TOP = 20;

/** Per outlet in scope, for the period (default: the last 30 days): the top spenders and the product mix. */
export function topCustomersReport(store: Store, filters: ReportFilters, language: ReportLanguage): ReportData {
  const ctx = reportContext(store, filters, language, { days: 30 });
  const { scope, L } = ctx;
  const top = filters.top ?? DEFAULT_TOP;
  const outlet = scope.outletSql('p.outlet_id');
  const period = scope.periodSql('p.purchased_at', 'p.outlet_id');
  const where = `p.deleted_at IS NULL AND ${outlet.sql} AND ${period.sql}`;
  const params = [...outlet.params, ...period.params];
  const { survivorOf } = survivorMap(store);

  // Top spenders per outlet: aggregate and rank in SQL, keep a margin for merged customers folding together.
  const ranked = store.sqlite
    .prepare(
      `WITH agg AS (SELECT p.outlet_id AS outlet_id, p.customer_id AS customer_id, count(*) AS n, sum(p.amount) AS total, max(p.purchased_at) AS last
                    FROM purchases p WHERE ${where} GROUP BY p.outlet_id, p.customer_id),
            ranked AS (SELECT *, row_number() OVER (PARTITION BY outlet_id ORDER BY total DESC, customer_id) AS rk FROM agg)
       SELECT outlet_id, customer_id, n, total, last FROM ranked WHERE rk <= ? ORDER BY outlet_id, rk`,
    )
    .raw()
    .all(...params, top * 2) as [string | null, string, number, number, string][];
  const byOutlet = new Map<string | null, Map<string, { n: number; total: number; last: string }>>();
  for (const [outletId, customerId, n, total, last] of ranked) {
    const id = survivorOf(customerId);
    const customers = byOutlet.get(outletId) ?? new Map();
    byOutlet.set(outletId, customers);
    const c = customers.get(id);
    if (c) {
      c.n += n;
      c.total += total;
      if (last > c.last) c.last = last;
    } else customers.set(id, { n, total, last });
  }

  const mix = store.sqlite
    .prepare(
      `SELECT p.outlet_id, p.main_product, count(*), sum(p.amount), count(DISTINCT p.customer_id) FROM purchases p WHERE ${where}
       GROUP BY p.outlet_id, p.main_product ORDER BY p.outlet_id, sum(p.amount) DESC`,
    )
    .raw()
    .all(...params) as [string | null, string | null, number, number, number][];
  const mixByOutlet = new Map<string | null, [string | null, number, number, number][]>();
  for (const [outletId, product, n, total, buyers] of mix) {
    const rows = mixByOutlet.get(outletId) ?? [];
    mixByOutlet.set(outletId, rows);
    rows.push([product, n, total, buyers]);
  }

  const listing = customerListing(store);
  const sections: ReportSection[] = [];
  let revenue = 0;
  let purchases = 0;
  const outletIds = [...new Set([...byOutlet.keys(), ...mixByOutlet.keys()])];
  const orderedOutlets = outletIds
    .map((id) => ({ id, outlet: scope.outletById.get(id) }))
    .sort((a, b) => (a.outlet?.code ?? '~').localeCompare(b.outlet?.code ?? '~'));
  for (const { id, outlet: o } of orderedOutlets) {
    const name = o?.id ? `${o.code} ${o.name}` : L.noOutlet;
    const topRows: ReportCell[][] = [...(byOutlet.get(id)?.entries() ?? [])]
      .sort(([a, x], [b, y]) => y.total - x.total || a.localeCompare(b))
      .slice(0, top)
      .map(([customerId, c], rank) => {
        const who = listing(customerId);
        return [
          rank + 1,
          who.name,
          who.cardNo,
          who.phone,
          c.n,
          c.total,
          localDate(new Date(c.last), o?.offsetMinutes ?? scope.deviceOffsetMinutes),
        ];
      });
    const products = mixByOutlet.get(id) ?? [];
    const outletRevenue = products.reduce((s, p) => s + p[2], 0);
    revenue += outletRevenue;
    purchases += products.reduce((s, p) => s + p[1], 0);
    const mixRows: ReportCell[][] = products.map(([product, n, total, buyers]) => [
      product ?? L.noProduct,
      n,
      buyers,
      total,
      share(total, outletRevenue),
    ]);
    const code = o?.code ?? 'none';
    sections.push(
      {
        id: `top-${code}`,
        title: L.section.topCustomers(name),
        columns: [
          { key: 'rank', label: L.col.rank, type: 'integer' },
          { key: 'name', label: L.col.name, type: 'text' },
          { key: 'cardNo', label: L.col.cardNo, type: 'text' },
          { key: 'phone', label: L.col.phone, type: 'phone' },
          { key: 'purchases', label: L.col.purchases, type: 'integer' },
          { key: 'monetary', label: L.col.monetary, type: 'rupiah' },
          { key: 'lastPurchase', label: L.col.lastPurchase, type: 'date' },
        ],
        count: topRows.length,
        rows: rowsOf(topRows),
        chart: { kind: 'bar', category: 'name', series: ['monetary'], title: L.chart.topCustomers },
      },
      {
        id: `mix-${code}`,
        title: L.section.productMix(name),
        columns: [
          { key: 'product', label: L.col.product, type: 'text' },
          { key: 'purchases', label: L.col.purchases, type: 'integer' },
          { key: 'buyers', label: L.col.buyers, type: 'integer' },
          { key: 'revenue', label: L.col.revenue, type: 'rupiah' },
          { key: 'share', label: L.col.revenueShare, type: 'percent' },
        ],
        count: mixRows.length,
        rows: rowsOf(mixRows),
        chart: { kind: 'bar', category: 'product', series: ['revenue'], title: L.chart.productRevenue },
      },
    );
  }
  const summary: SummaryItem[] = [
    { label: L.summary.revenue, value: revenue, type: 'rupiah' },
    { label: L.summary.purchases, value: purchases, type: 'integer' },
  ];
  return assemble(ctx, 'top-customers', summary, sections);
}
