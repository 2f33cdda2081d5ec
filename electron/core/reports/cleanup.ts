import type { ReportCell, ReportFilters, ReportLanguage } from '../../../shared/reports';
import type { Store } from '../store/store';
import { assemble, reportContext } from './context';
import { lastScan } from '../dedup/storeScan';
import { dedupFacts } from './dedupFacts';
import type { ReportData } from './types';
import { rowsOf } from './types';

interface OutletTally {
  registered: number;
  activeCards: number;
  merged: number;
  pending: number;
  clusters: number;
  farming: number;
  merges: number;
}
const empty = (): OutletTally => ({ registered: 0, activeCards: 0, merged: 0, pending: 0, clusters: 0, farming: 0, merges: 0 });

/**
 * What duplicate clean-up means per outlet: cards handed out against the real customers behind them
 * (registered − merged − duplicates still waiting in a cluster), clusters and card-farming clusters found,
 * and merges done in the period (default: since the beginning).
 */
export function cleanupReport(store: Store, filters: ReportFilters, language: ReportLanguage): ReportData {
  const ctx = reportContext(store, filters, language, { days: null });
  const { scope, L } = ctx;
  const per = new Map<string | null, OutletTally>();
  const at = (id: string | null) => {
    const t = per.get(id) ?? empty();
    per.set(id, t);
    return t;
  };

  const until = scope.untilSql('c.created_at', 'c.registered_outlet_id');
  const outlet = scope.outletSql('c.registered_outlet_id');
  for (const [outletId, registered, merged] of store.sqlite
    .prepare(
      `SELECT c.registered_outlet_id, count(*), sum(c.merged_into IS NOT NULL) FROM customers c
       WHERE (c.deleted_at IS NULL OR c.merged_into IS NOT NULL) AND ${outlet.sql} AND ${until.sql} GROUP BY 1`,
    )
    .raw()
    .iterate(...outlet.params, ...until.params) as Iterable<[string | null, number, number]>) {
    Object.assign(at(outletId), { registered, merged });
  }
  const cardOutlet = scope.outletSql('k.issued_outlet_id');
  const cardUntil = scope.untilSql('k.issued_at', 'k.issued_outlet_id');
  for (const [outletId, n] of store.sqlite
    .prepare(
      `SELECT k.issued_outlet_id, count(*) FROM cards k WHERE k.deleted_at IS NULL AND k.status = 'active' AND ${cardOutlet.sql} AND ${cardUntil.sql} GROUP BY 1`,
    )
    .raw()
    .iterate(...cardOutlet.params, ...cardUntil.params) as Iterable<[string | null, number]>) {
    at(outletId).activeCards = n;
  }

  const dedup = dedupFacts(store, scope);
  for (const [outletId, facts] of dedup.perOutlet) Object.assign(at(outletId), facts);

  const rows: ReportCell[][] = [...per.entries()]
    .map(([id, t]) => {
      const o = scope.outletById.get(id);
      const real = Math.max(0, t.registered - t.merged - t.pending);
      return [
        o?.code ?? '-',
        o?.id ? o.name : L.noOutlet,
        t.activeCards,
        t.registered,
        t.merged,
        t.pending,
        real,
        real > 0 ? t.activeCards / real : null,
        t.clusters,
        t.farming,
        t.merges,
      ];
    })
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const sum = (i: number) => rows.reduce((s, r) => s + Number(r[i] ?? 0), 0);
  // How sure the scan is: its range from the match probabilities, for the whole store.
  const scan = dedup.available ? lastScan(store) : null;
  const range = scan?.estimatedRange;

  return assemble(
    ctx,
    'cleanup',
    [
      { label: L.summary.activeCards, value: sum(2), type: 'integer' },
      { label: L.summary.estimatedReal, value: sum(6), type: 'integer' },
      ...(scan
        ? [
            { label: L.summary.estimatedScan, value: scan.estimatedPeople, type: 'integer' as const },
            ...(scan.unseenFarmCards != null ? [{ label: L.summary.unseenFarmCards, value: scan.unseenFarmCards, type: 'integer' as const }] : []),
          ]
        : []),
      ...(range
        ? [
            { label: L.summary.estimatedLow, value: range.low, type: 'integer' as const },
            { label: L.summary.estimatedHigh, value: range.high, type: 'integer' as const },
          ]
        : []),
      { label: L.summary.clusters, value: sum(8), type: 'integer' },
      { label: L.summary.farmingClusters, value: sum(9), type: 'integer' },
      { label: L.summary.merges, value: sum(10), type: 'integer' },
    ],
    [
      {
        id: 'by-outlet',
        title: L.section.cleanupByOutlet,
        columns: [
          { key: 'outletCode', label: L.col.outletCode, type: 'text' },
          { key: 'outlet', label: L.col.outlet, type: 'text' },
          { key: 'activeCards', label: L.col.activeCards, type: 'integer' },
          { key: 'registered', label: L.col.registeredCustomers, type: 'integer' },
          { key: 'merged', label: L.col.merged, type: 'integer' },
          { key: 'pending', label: L.col.pendingDuplicates, type: 'integer' },
          { key: 'estimatedReal', label: L.col.estimatedReal, type: 'integer' },
          { key: 'cardsPerReal', label: L.col.cardsPerReal, type: 'decimal' },
          { key: 'clusters', label: L.col.clusters, type: 'integer' },
          { key: 'farmingClusters', label: L.col.farmingClusters, type: 'integer' },
          { key: 'merges', label: L.col.mergesInPeriod, type: 'integer' },
        ],
        count: rows.length,
        rows: rowsOf(rows),
        chart: { kind: 'bar', category: 'outletCode', series: ['activeCards', 'estimatedReal'], title: L.chart.cardsVsReal },
        note: dedup.available ? L.note.cleanup : `${L.note.cleanup} ${L.note.cleanupNoDedup}`,
      },
    ],
  );
}
