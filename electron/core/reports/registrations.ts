import type { ReportCell, ReportFilters, ReportLanguage } from '../../../shared/reports';
import type { Store } from '../store/store';
import { assemble, reportContext, share } from './context';
import { duplicateFlagSql } from './duplicates';
import { addDays } from './scope';
import type { ReportData } from './types';
import { rowsOf } from './types';

interface Tally {
  registrations: number;
  cards: number;
  duplicates: number;
}
const tally = (): Tally => ({ registrations: 0, cards: 0, duplicates: 0 });
const MAX_FILLED_DAYS = 400;

/**
 * Registrations by day, by outlet/booth and by staff member, with VIP cards issued and the share of those
 * registrations later found to be duplicates. Days are local days of each outlet's zone.
 */
export function registrationsReport(store: Store, filters: ReportFilters, language: ReportLanguage): ReportData {
  const ctx = reportContext(store, filters, language, { days: 30 });
  const { scope, L } = ctx;

  const byDay = new Map<string, Tally>();
  const byOutlet = new Map<string | null, Tally>();
  const byStaff = new Map<string, Tally & { staff: string; outletId: string | null }>();
  const add = (day: string, outletId: string | null, staff: string, field: keyof Tally, n: number) => {
    const d = byDay.get(day) ?? tally();
    byDay.set(day, d);
    d[field] += n;
    const o = byOutlet.get(outletId) ?? tally();
    byOutlet.set(outletId, o);
    o[field] += n;
    const key = `${outletId ?? ''}\u0000${staff}`;
    const s = byStaff.get(key) ?? { ...tally(), staff, outletId };
    byStaff.set(key, s);
    s[field] += n;
  };

  {
    const day = scope.localDaySql('c.created_at', 'c.registered_outlet_id');
    const outlet = scope.outletSql('c.registered_outlet_id');
    const period = scope.periodSql('c.created_at', 'c.registered_outlet_id');
    // Merged customers keep their row (tombstoned or not): they were registrations, and they are the duplicates.
    const sql = `SELECT ${day.sql}, c.registered_outlet_id, coalesce(c.created_by_staff, ''), count(*), sum(${duplicateFlagSql(store)})
      FROM customers c WHERE (c.deleted_at IS NULL OR c.merged_into IS NOT NULL) AND ${outlet.sql} AND ${period.sql} GROUP BY 1, 2, 3`;
    for (const [d, outletId, staff, n, dups] of store.sqlite
      .prepare(sql)
      .raw()
      .iterate(...day.params, ...outlet.params, ...period.params) as Iterable<[string, string | null, string, number, number]>) {
      add(d, outletId, staff, 'registrations', n);
      add(d, outletId, staff, 'duplicates', dups);
    }
  }
  {
    const day = scope.localDaySql('k.issued_at', 'k.issued_outlet_id');
    const outlet = scope.outletSql('k.issued_outlet_id');
    const period = scope.periodSql('k.issued_at', 'k.issued_outlet_id');
    const sql = `SELECT ${day.sql}, k.issued_outlet_id, coalesce(k.issued_by_staff, ''), count(*) FROM cards k
      WHERE k.deleted_at IS NULL AND ${outlet.sql} AND ${period.sql} GROUP BY 1, 2, 3`;
    for (const [d, outletId, staff, n] of store.sqlite
      .prepare(sql)
      .raw()
      .iterate(...day.params, ...outlet.params, ...period.params) as Iterable<[string, string | null, string, number]>) {
      add(d, outletId, staff, 'cards', n);
    }
  }

  // Every day of a bounded period gets a row (zeros too), so the chart's gaps are real gaps.
  if (scope.from && addDays(scope.from, MAX_FILLED_DAYS) > scope.to) {
    for (let d = scope.from; d <= scope.to; d = addDays(d, 1)) if (!byDay.has(d)) byDay.set(d, tally());
  }
  const outletOf = (id: string | null) => scope.outletById.get(id);
  const outletCode = (id: string | null) => outletOf(id)?.code ?? '-';
  const dupShare = (t: Tally) => share(t.duplicates, t.registrations);

  const dayRows: ReportCell[][] = [...byDay.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([d, t]) => [d, t.registrations, t.cards, t.duplicates, dupShare(t)]);
  const outletRows: ReportCell[][] = [...byOutlet.entries()]
    .map(([outletId, t]) => {
      const o = outletOf(outletId);
      return [
        o?.code ?? '-',
        o?.id ? o.name : L.noOutlet,
        o ? L.kind[o.kind] : '',
        t.registrations,
        t.cards,
        t.duplicates,
        dupShare(t),
      ] as ReportCell[];
    })
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const staffRows: ReportCell[][] = [...byStaff.values()]
    .sort((a, b) => b.registrations - a.registrations || a.staff.localeCompare(b.staff))
    .map((s) => [s.staff || L.noStaff, outletCode(s.outletId), s.registrations, s.cards, s.duplicates, dupShare(s)]);

  const total = [...byOutlet.values()].reduce(
    (sum, t) => ({
      registrations: sum.registrations + t.registrations,
      cards: sum.cards + t.cards,
      duplicates: sum.duplicates + t.duplicates,
    }),
    tally(),
  );
  const counts = [
    { key: 'registrations', label: L.col.registrations, type: 'integer' as const },
    { key: 'cards', label: L.col.cards, type: 'integer' as const },
    { key: 'duplicates', label: L.col.duplicates, type: 'integer' as const },
    { key: 'duplicateShare', label: L.col.duplicateShare, type: 'percent' as const },
  ];
  return assemble(
    ctx,
    'registrations',
    [
      { label: L.summary.registrations, value: total.registrations, type: 'integer' },
      { label: L.summary.cards, value: total.cards, type: 'integer' },
      { label: L.summary.duplicates, value: total.duplicates, type: 'integer' },
      { label: L.summary.duplicateShare, value: dupShare(total), type: 'percent' },
    ],
    [
      {
        id: 'by-day',
        title: L.section.byDay,
        columns: [{ key: 'date', label: L.col.date, type: 'date' }, ...counts],
        count: dayRows.length,
        rows: rowsOf(dayRows),
        chart: { kind: 'bar', category: 'date', series: ['registrations', 'cards'], title: L.chart.registrationsByDay },
      },
      {
        id: 'by-outlet',
        title: L.section.byOutlet,
        columns: [
          { key: 'outletCode', label: L.col.outletCode, type: 'text' },
          { key: 'outlet', label: L.col.outlet, type: 'text' },
          { key: 'kind', label: L.col.kind, type: 'text' },
          ...counts,
        ],
        count: outletRows.length,
        rows: rowsOf(outletRows),
        chart: { kind: 'bar', category: 'outletCode', series: ['registrations', 'duplicates'], title: L.chart.registrationsByOutlet },
      },
      {
        id: 'by-staff',
        title: L.section.byStaff,
        columns: [
          { key: 'staff', label: L.col.staff, type: 'text' },
          { key: 'outletCode', label: L.col.outletCode, type: 'text' },
          ...counts,
        ],
        count: staffRows.length,
        rows: rowsOf(staffRows),
      },
    ],
  );
}
