import { AkrabError } from '../../../shared/errors';
import type { ReportFilters } from '../../../shared/reports';
import { zoneOffsetMinutes } from '../../../shared/time';
import type { Store } from '../store/store';

export const DEFAULT_ZONE = 'Asia/Jakarta';
const DAY_MS = 86_400_000;

export interface ScopeOutlet {
  /** null stands for rows that carry no outlet (legacy imports, a device never given one). */
  id: string | null;
  code: string;
  name: string;
  kind: 'store' | 'booth';
  timeZone: string;
  /** Indonesia's zones keep no daylight saving, so one offset per outlet is exact. */
  offsetMinutes: number;
}

/** Which outlets and which days a report covers, with the SQL that restricts a query to them. */
export interface Scope {
  /** True when the manager picked no outlet: every outlet, and rows with none. */
  all: boolean;
  outlets: ScopeOutlet[];
  from: string | null;
  to: string;
  /** The end of the `to` day in the device's zone: "now" for recency and neglect. */
  asOf: Date;
  /** The device's zone offset: dates of customer-wide facts (last purchase anywhere) are shown in it. */
  deviceOffsetMinutes: number;
  /** `column` restricted to the outlets in scope (always true when `all`). */
  outletSql: (column: string) => { sql: string; params: unknown[] };
  /** `column` (a UTC ISO instant) within the period, each row judged in its outlet's zone. */
  periodSql: (column: string, outletColumn: string) => { sql: string; params: unknown[] };
  /** `column` before the end of the period (everything up to it), in each row's outlet zone. */
  untilSql: (column: string, outletColumn: string) => { sql: string; params: unknown[] };
  /** The local calendar day of `column` in its outlet's zone, as an SQL expression. */
  localDaySql: (column: string, outletColumn: string) => { sql: string; params: unknown[] };
  outletById: Map<string | null, ScopeOutlet>;
}

export interface PeriodDefaults {
  /** Days back from `to` when no `from` is given; null for "since the beginning". */
  days: number | null;
}

const NO_OUTLET_CODE = '-';

export function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The UTC instant a local calendar day starts at, for a zone `offsetMinutes` ahead of UTC. */
export function localDayStart(isoDate: string, offsetMinutes: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) - offsetMinutes * 60_000).toISOString();
}

/** The local calendar date of an instant in a zone. */
export function localDate(instant: Date, offsetMinutes: number): string {
  return new Date(instant.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

interface OutletDbRow {
  id: string;
  code: string;
  name: string;
  kind: 'store' | 'booth';
  time_zone: string;
}

export function resolveScope(store: Store, filters: Pick<ReportFilters, 'from' | 'to' | 'outlets'>, defaults: PeriodDefaults): Scope {
  const rows = store.sqlite
    .prepare('SELECT id, code, name, kind, time_zone FROM outlets WHERE deleted_at IS NULL ORDER BY code')
    .all() as OutletDbRow[];
  const now = store.now();
  const toOutlet = (r: OutletDbRow): ScopeOutlet => ({
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    timeZone: r.time_zone,
    offsetMinutes: zoneOffsetMinutes(now, r.time_zone),
  });
  const wanted = [...new Set(filters.outlets.map((c) => c.trim().toUpperCase()))];
  let outlets: ScopeOutlet[];
  const all = wanted.length === 0;
  if (all) {
    outlets = rows.map(toOutlet);
    outlets.push({
      id: null,
      code: NO_OUTLET_CODE,
      name: '-',
      kind: 'store',
      timeZone: DEFAULT_ZONE,
      offsetMinutes: zoneOffsetMinutes(now, DEFAULT_ZONE),
    });
  } else {
    outlets = wanted.map((code) => {
      const row = rows.find((r) => r.code === code);
      if (!row) throw new AkrabError({ code: 'validation', field: 'outlets', messageKey: 'error.outlet_unknown', params: { code } });
      return toOutlet(row);
    });
  }

  // "Today" is the device's own day: its outlet's zone, else WIB.
  const deviceOutlet = rows.find((r) => r.id === store.outletId);
  const deviceOffset = zoneOffsetMinutes(now, deviceOutlet?.time_zone ?? DEFAULT_ZONE);
  const to = filters.to ?? localDate(now, deviceOffset);
  const from = filters.from ?? (defaults.days === null ? null : addDays(to, -(defaults.days - 1)));
  if (from && from > to) throw new AkrabError({ code: 'validation', field: 'from', messageKey: 'error.period_invalid' });
  const asOf = new Date(localDayStart(addDays(to, 1), deviceOffset));

  const offsets = new Set(outlets.map((o) => o.offsetMinutes));
  const single = offsets.size === 1 ? outlets[0]!.offsetMinutes : null;
  // One CASE over the outlet column picks each row's own zone; with one zone in scope it is a plain range (index-friendly).
  const perOutlet = (column: string, outletColumn: string, value: (o: ScopeOutlet) => string): { sql: string; params: unknown[] } => {
    if (single !== null) return { sql: '?', params: [value(outlets[0]!)] };
    const params: unknown[] = [];
    const whens = outlets
      .filter((o) => o.id !== null)
      .map((o) => {
        params.push(o.id, value(o));
        return 'WHEN ? THEN ?';
      });
    const fallback = outlets.find((o) => o.id === null) ?? { offsetMinutes: zoneOffsetMinutes(now, DEFAULT_ZONE) };
    params.push(value(fallback as ScopeOutlet));
    void column;
    return { sql: `(CASE ${outletColumn} ${whens.join(' ')} ELSE ? END)`, params };
  };

  return {
    all,
    outlets,
    from,
    to,
    asOf,
    deviceOffsetMinutes: deviceOffset,
    outletById: new Map(outlets.map((o) => [o.id, o])),
    outletSql: (column) => {
      if (all) return { sql: '1', params: [] };
      return { sql: `${column} IN (${outlets.map(() => '?').join(', ')})`, params: outlets.map((o) => o.id) };
    },
    untilSql: (column, outletColumn) => {
      const edge = (o: ScopeOutlet) => localDayStart(addDays(to, 1), o.offsetMinutes);
      const hi = perOutlet(column, outletColumn, edge);
      if (single !== null) return { sql: `${column} < ${hi.sql}`, params: hi.params };
      // Most rows are far from the period's edges: a plain range decides them, the per-outlet CASE only the rest.
      const [first, last] = extremes(outlets.map(edge));
      return { sql: `${column} < ? AND (${column} < ? OR ${column} < ${hi.sql})`, params: [last, first, ...hi.params] };
    },
    periodSql: (column, outletColumn) => {
      const edgeHi = (o: ScopeOutlet) => localDayStart(addDays(to, 1), o.offsetMinutes);
      const hi = perOutlet(column, outletColumn, edgeHi);
      if (!from) {
        if (single !== null) return { sql: `${column} < ${hi.sql}`, params: hi.params };
        const [first, last] = extremes(outlets.map(edgeHi));
        return { sql: `${column} < ? AND (${column} < ? OR ${column} < ${hi.sql})`, params: [last, first, ...hi.params] };
      }
      const edgeLo = (o: ScopeOutlet) => localDayStart(from, o.offsetMinutes);
      const lo = perOutlet(column, outletColumn, edgeLo);
      if (single !== null) return { sql: `${column} >= ${lo.sql} AND ${column} < ${hi.sql}`, params: [...lo.params, ...hi.params] };
      const [loFirst, loLast] = extremes(outlets.map(edgeLo));
      const [hiFirst, hiLast] = extremes(outlets.map(edgeHi));
      return {
        sql: `${column} >= ? AND ${column} < ? AND ((${column} >= ? AND ${column} < ?) OR (${column} >= ${lo.sql} AND ${column} < ${hi.sql}))`,
        params: [loFirst, hiLast, loLast, hiFirst, ...lo.params, ...hi.params],
      };
    },
    localDaySql: (column, outletColumn) => {
      const modifier = perOutlet(column, outletColumn, (o) => `${o.offsetMinutes >= 0 ? '+' : ''}${o.offsetMinutes} minutes`);
      return { sql: `date(${column}, ${modifier.sql})`, params: modifier.params };
    },
  };
}

/** The earliest and latest of some ISO instants. */
function extremes(instants: string[]): [string, string] {
  const sorted = [...instants].sort();
  return [sorted[0]!, sorted[sorted.length - 1]!];
}

/** Outlet codes and names for a report header: empty when every outlet is in scope. */
export function scopeHeader(scope: Scope): { code: string; name: string }[] {
  return scope.all ? [] : scope.outlets.map((o) => ({ code: o.code, name: o.name }));
}

/** True when a table exists: reports read the dedup and care tables only once their migrations have landed. */
export function tableExists(store: Store, name: string): boolean {
  return store.sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}
