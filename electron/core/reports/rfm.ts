import { rfmSegments, type ReportCell, type ReportFilters, type ReportLanguage, type RfmSegment } from '../../../shared/reports';
import type { Store } from '../store/store';
import { assemble, DAY_MS, reportContext, share } from './context';
import { bulkListings, listingThresholds, withListings, type CustomerListing } from './customerDetails';
import { customerTotals, type CustomerTotals } from './customerTotals';
import { rfmScores, segmentOf, type RfmScores } from './rfmScoring';
import { topK } from './topK';
import { localDate } from './scope';
import type { ReportData } from './types';
import { rowsOf } from './types';

export interface RfmResult {
  totals: CustomerTotals;
  recencyDays: Uint32Array;
  scores: RfmScores;
  /** Index into `rfmSegments` per customer. */
  segment: Uint8Array;
}

/** Scores every customer who bought in the period (at the outlets in scope), as of the end of the period. */
export function computeRfm(totals: CustomerTotals, asOf: Date): RfmResult {
  const n = totals.ids.length;
  const recencyDays = new Uint32Array(n);
  for (let i = 0; i < n; i++) recencyDays[i] = Math.max(0, Math.floor((asOf.getTime() - totals.last[i]!) / DAY_MS));
  const scores = rfmScores({ recencyDays, frequency: totals.count, monetary: totals.sum });
  // Every (r, f, m) looked up once: 125 combinations, a million customers.
  const segmentOfScores = new Uint8Array(6 * 6 * 6);
  for (let r = 1; r <= 5; r++)
    for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) segmentOfScores[r * 36 + f * 6 + m] = rfmSegments.indexOf(segmentOf(r, f, m));
  const segment = new Uint8Array(n);
  for (let i = 0; i < n; i++) segment[i] = segmentOfScores[scores.r[i]! * 36 + scores.f[i]! * 6 + scores.m[i]!]!;
  return { totals, recencyDays, scores, segment };
}

/**
 * RFM segmentation over the period's purchases (default: the last 365 days): counts and revenue per segment,
 * and the drill-down list of customers (all, or one segment), biggest spenders first.
 */
export function rfmReport(store: Store, filters: ReportFilters, language: ReportLanguage): ReportData {
  const ctx = reportContext(store, filters, language, { days: 365 });
  const { scope, L } = ctx;
  const result = computeRfm(customerTotals(store, scope, { byOutlet: true, fromStart: false }), scope.asOf);
  const { totals, recencyDays, scores, segment } = result;
  const n = totals.ids.length;

  const perSegment = rfmSegments.map(() => ({ customers: 0, revenue: 0, recency: 0, frequency: 0 }));
  let revenue = 0;
  for (let i = 0; i < n; i++) {
    const s = perSegment[segment[i]!]!;
    s.customers++;
    s.revenue += totals.sum[i]!;
    s.recency += recencyDays[i]!;
    s.frequency += totals.count[i]!;
    revenue += totals.sum[i]!;
  }
  const segmentRows: ReportCell[][] = rfmSegments.map((name, i) => {
    const s = perSegment[i]!;
    return [
      L.segment[name],
      s.customers,
      share(s.customers, n),
      s.revenue,
      share(s.revenue, revenue),
      s.customers ? s.recency / s.customers : null,
      s.customers ? s.frequency / s.customers : null,
      s.customers ? Math.round(s.revenue / s.customers) : null,
    ];
  });

  // The drill-down: the chosen segment (or everyone), biggest spenders first.
  const wanted = filters.segment ? rfmSegments.indexOf(filters.segment) : -1;
  let count = 0;
  for (let i = 0; i < n; i++) if (wanted < 0 || segment[i] === wanted) count++;
  const listed = new Uint32Array(count);
  for (let i = 0, k = 0; i < n; i++) if (wanted < 0 || segment[i] === wanted) listed[k++] = i;
  const biggestFirst = (a: number, b: number) => totals.sum[b]! - totals.sum[a]! || (totals.ids[a]! < totals.ids[b]! ? -1 : 1);
  // A screen shows the first rows only: those are picked without sorting a million; an export sorts all.
  const orderFor = (limit?: number): Uint32Array =>
    limit !== undefined && limit * 20 < count ? topK(listed, limit, biggestFirst) : listed.sort(biggestFirst);

  function* customerRows(limit?: number): Iterable<ReportCell[]> {
    const order = orderFor(limit);
    // Slots are the totals' own indexes: the bulk path fills only the listed customers.
    const listing =
      Math.min(count, limit ?? Infinity) >= listingThresholds.bulkFrom
        ? bulkListings(store, n, (id) => {
            const i = totals.indexOf.get(id);
            return i !== undefined && (wanted < 0 || segment[i] === wanted) ? i : undefined;
          })
        : null;
    const pairs: Iterable<[number, CustomerListing]> = listing
      ? mapIterable(order, (i) => [i, listing(i)])
      : withListings(store, order, (i) => totals.ids[i]!);
    for (const [i, c] of pairs) {
      yield [
        c.name,
        c.cardNo,
        c.phone,
        c.outletCode,
        localDate(new Date(totals.last[i]!), scope.deviceOffsetMinutes),
        recencyDays[i]!,
        totals.count[i]!,
        totals.sum[i]!,
        scores.r[i]!,
        scores.f[i]!,
        scores.m[i]!,
        L.segment[rfmSegments[segment[i]!] as RfmSegment],
      ];
    }
  }

  const at = (name: RfmSegment) => perSegment[rfmSegments.indexOf(name)]!.customers;
  return assemble(
    ctx,
    'rfm',
    [
      { label: L.summary.customers, value: n, type: 'integer' },
      { label: L.summary.revenue, value: revenue, type: 'rupiah' },
      { label: L.summary.champions, value: at('champions'), type: 'integer' },
      { label: L.summary.atRisk, value: at('at_risk') + at('cant_lose'), type: 'integer' },
    ],
    [
      {
        id: 'segments',
        title: L.section.segments,
        columns: [
          { key: 'segment', label: L.col.segment, type: 'text' },
          { key: 'customers', label: L.col.customers, type: 'integer' },
          { key: 'customerShare', label: L.col.customerShare, type: 'percent' },
          { key: 'revenue', label: L.col.revenue, type: 'rupiah' },
          { key: 'revenueShare', label: L.col.revenueShare, type: 'percent' },
          { key: 'avgRecency', label: L.col.avgRecency, type: 'decimal' },
          { key: 'avgFrequency', label: L.col.avgFrequency, type: 'decimal' },
          { key: 'avgMonetary', label: L.col.avgMonetary, type: 'rupiah' },
        ],
        count: segmentRows.length,
        rows: rowsOf(segmentRows),
        chart: { kind: 'bar', category: 'segment', series: ['customers'], title: L.chart.customersBySegment },
        note: L.note.rfmMethod,
      },
      {
        id: 'customers',
        title: filters.segment ? `${L.section.rfmCustomers} — ${L.segment[filters.segment]}` : L.section.rfmCustomers,
        columns: [
          { key: 'name', label: L.col.name, type: 'text' },
          { key: 'cardNo', label: L.col.cardNo, type: 'text' },
          { key: 'phone', label: L.col.phone, type: 'phone' },
          { key: 'outletCode', label: L.col.outletCode, type: 'text' },
          { key: 'lastPurchase', label: L.col.lastPurchase, type: 'date' },
          { key: 'recencyDays', label: L.col.recencyDays, type: 'integer' },
          { key: 'frequency', label: L.col.frequency, type: 'integer' },
          { key: 'monetary', label: L.col.monetary, type: 'rupiah' },
          { key: 'r', label: L.col.r, type: 'integer' },
          { key: 'f', label: L.col.f, type: 'integer' },
          { key: 'm', label: L.col.m, type: 'integer' },
          { key: 'segment', label: L.col.segment, type: 'text' },
        ],
        count,
        rows: customerRows,
      },
    ],
  );
}

function* mapIterable<T, U>(items: Iterable<T>, f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}
