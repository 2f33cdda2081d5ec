import type { ReportCell, ReportFilters, ReportLanguage } from '../../../shared/reports';
import type { Store } from '../store/store';
import { assemble, DAY_MS, reportContext } from './context';
import { listedInOrder, listingThresholds } from './customerDetails';
import { customerTotals } from './customerTotals';
import { localDate, tableExists } from './scope';
import type { ReportData } from './types';
import { rowsOf } from './types';

export const DEFAULT_NEGLECT_DAYS = 90;
/** High value by default: lifetime spend in the top 20% of the store's buying customers. */
export const HIGH_VALUE_QUANTILE = 0.8;

/** The spend at the given quantile (the smallest spend among the top share); 0 when nobody bought. */
export function spendAtQuantile(sums: Float64Array, quantile: number): number {
  if (sums.length === 0) return 0;
  const sorted = Float64Array.from(sums).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(quantile * sorted.length))]!;
}

/**
 * High-value customers registered at the outlets in scope with no contact (care interactions of any kind)
 * and no visit or purchase in the last N days before the end of the period: the list a store calls this week.
 */
export function neglectedReport(store: Store, filters: ReportFilters, language: ReportLanguage): ReportData {
  const ctx = reportContext(store, filters, language, { days: null });
  const { scope, L } = ctx;
  const days = filters.days ?? DEFAULT_NEGLECT_DAYS;
  const cutoff = scope.asOf.getTime() - days * DAY_MS;
  const cutoffIso = new Date(cutoff).toISOString();
  const totals = customerTotals(store, scope, { byOutlet: false, fromStart: true });
  const threshold = filters.minSpend ?? spendAtQuantile(totals.sum, HIGH_VALUE_QUANTILE);

  const hasInteractions = tableExists(store, 'interactions');
  const asOfIso = scope.asOf.toISOString();
  const inScope = (outletId: string | null) => scope.all || scope.outletById.has(outletId);

  const candidates: number[] = [];
  for (let i = 0; i < totals.ids.length; i++) if (totals.sum[i]! >= threshold && totals.last[i]! < cutoff) candidates.push(i);
  const outletOf = new Array<string | null>(candidates.length).fill(null);
  const live = new Uint8Array(candidates.length);
  const contact = new Array<string | null>(candidates.length).fill(null);
  if (candidates.length >= listingThresholds.bulkFrom / 10) {
    // Many candidates: read customers and contacts once, in storage order, rather than seek for each.
    const slot = new Map(candidates.map((i, k) => [totals.ids[i]!, k]));
    for (const [id, outletId, deletedAt] of store.sqlite
      .prepare('SELECT id, registered_outlet_id, deleted_at FROM customers')
      .raw()
      .iterate() as Iterable<[string, string | null, string | null]>) {
      const k = slot.get(id);
      if (k === undefined) continue;
      outletOf[k] = outletId;
      live[k] = deletedAt === null ? 1 : 0;
    }
    if (hasInteractions) {
      for (const [id, at] of store.sqlite
        .prepare('SELECT customer_id, max(at) FROM interactions WHERE deleted_at IS NULL AND at < ? GROUP BY customer_id')
        .raw()
        .iterate(asOfIso) as Iterable<[string, string]>) {
        const k = slot.get(id);
        if (k !== undefined) contact[k] = at;
      }
    }
  } else {
    const facts = store.sqlite
      .prepare(
        `SELECT c.registered_outlet_id, ${hasInteractions ? `(SELECT max(i.at) FROM interactions i WHERE i.customer_id = c.id AND i.deleted_at IS NULL AND i.at < ?)` : 'NULL'}
         FROM customers c WHERE c.id = ? AND c.deleted_at IS NULL`,
      )
      .raw();
    candidates.forEach((i, k) => {
      const row = (hasInteractions ? facts.get(asOfIso, totals.ids[i]) : facts.get(totals.ids[i])) as
        [string | null, string | null] | undefined;
      if (!row) return;
      live[k] = 1;
      outletOf[k] = row[0];
      contact[k] = row[1];
    });
  }

  const picked: { index: number; outletId: string | null; lastContact: string | null }[] = [];
  candidates.forEach((i, k) => {
    if (!live[k] || !inScope(outletOf[k] ?? null)) return;
    const lastContact = contact[k] ?? null;
    if (lastContact !== null && lastContact >= cutoffIso) return;
    picked.push({ index: i, outletId: outletOf[k] ?? null, lastContact });
  });
  picked.sort((a, b) => totals.sum[b.index]! - totals.sum[a.index]! || (totals.ids[a.index]! < totals.ids[b.index]! ? -1 : 1));

  const perOutlet = new Map<string | null, { customers: number; spend: number }>();
  let spend = 0;
  for (const p of picked) {
    const o = perOutlet.get(p.outletId) ?? { customers: 0, spend: 0 };
    perOutlet.set(p.outletId, o);
    o.customers++;
    o.spend += totals.sum[p.index]!;
    spend += totals.sum[p.index]!;
  }
  const outletRows: ReportCell[][] = [...perOutlet.entries()]
    .map(([id, o]) => {
      const outlet = scope.outletById.get(id);
      return [outlet?.code ?? '-', outlet?.id ? outlet.name : L.noOutlet, o.customers, o.spend] as ReportCell[];
    })
    .sort((a, b) => Number(b[2]) - Number(a[2]));

  const daysSince = (ms: number) => Math.floor((scope.asOf.getTime() - ms) / DAY_MS);
  function* listRows(limit?: number): Iterable<ReportCell[]> {
    for (const [p, c] of listedInOrder(store, limit === undefined ? picked : picked.slice(0, limit), (p) => totals.ids[p.index]!)) {
      const i = p.index;
      const contactMs = p.lastContact ? Date.parse(p.lastContact) : null;
      yield [
        c.name,
        c.cardNo,
        c.phone,
        c.outletCode,
        totals.sum[i]!,
        totals.count[i]!,
        localDate(new Date(totals.last[i]!), scope.deviceOffsetMinutes),
        daysSince(totals.last[i]!),
        contactMs === null ? null : localDate(new Date(contactMs), scope.deviceOffsetMinutes),
        contactMs === null ? null : daysSince(contactMs),
      ];
    }
  }

  return assemble(
    ctx,
    'neglected',
    [
      { label: L.summary.neglected, value: picked.length, type: 'integer' },
      { label: L.summary.neglectedSpend, value: spend, type: 'rupiah' },
      { label: L.summary.threshold, value: threshold, type: 'rupiah' },
      { label: L.summary.days, value: days, type: 'integer' },
    ],
    [
      {
        id: 'call-list',
        title: L.section.neglected,
        columns: [
          { key: 'name', label: L.col.name, type: 'text' },
          { key: 'cardNo', label: L.col.cardNo, type: 'text' },
          { key: 'phone', label: L.col.phone, type: 'phone' },
          { key: 'outletCode', label: L.col.outletCode, type: 'text' },
          { key: 'lifetimeSpend', label: L.col.lifetimeSpend, type: 'rupiah' },
          { key: 'visits', label: L.col.visits, type: 'integer' },
          { key: 'lastVisit', label: L.col.lastVisit, type: 'date' },
          { key: 'daysSinceVisit', label: L.col.daysSinceVisit, type: 'integer' },
          { key: 'lastContact', label: L.col.lastContact, type: 'date' },
          { key: 'daysSinceContact', label: L.col.daysSinceContact, type: 'integer' },
        ],
        count: picked.length,
        rows: listRows,
        note: L.note.neglected(days),
      },
      {
        id: 'by-outlet',
        title: L.section.neglectedByOutlet,
        columns: [
          { key: 'outletCode', label: L.col.outletCode, type: 'text' },
          { key: 'outlet', label: L.col.outlet, type: 'text' },
          { key: 'customers', label: L.col.customers, type: 'integer' },
          { key: 'lifetimeSpend', label: L.col.lifetimeSpend, type: 'rupiah' },
        ],
        count: outletRows.length,
        rows: rowsOf(outletRows),
        chart: { kind: 'bar', category: 'outletCode', series: ['customers'], title: L.chart.neglectedByOutlet },
      },
    ],
  );
}
