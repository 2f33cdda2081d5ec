import { openStages, type OpenStage, type OpportunityStage } from '../../../shared/knowledge';
import { readSetting, writeSetting, type Store } from '../store/store';
import type { Forecast, ForecastCell, PastMonth } from '../../../shared/knowledgeViews';
import { learnWinRates, learnWinRatesFromCounts, type ClosedOpportunity, type WinRateModel } from './winRates';

export type { Forecast, ForecastCell, PastMonth };

/**
 * Expected sales per month and outlet: open opportunities weighted by the store's own win rates (winRates.ts),
 * plus expected repeat purchases from each customer's purchase interval.
 *
 * Months are calendar months in WIB (UTC+7, no daylight saving), the zone of the retailer's head office.
 * The forecast covers the month of the as-of instant and the two after it.
 * - An open opportunity counts `budget × rate(stage, category)` in the month of its expected decision date; a
 *   decision date already passed counts in the first month. Dates beyond the horizon count nowhere.
 * - A customer with two or more purchases has an interval `(last − first) / (n − 1)` (at least 7 days) and an
 *   average amount; expected purchases fall at `last + k·interval` (k ≥ 1) from the as-of instant on. A
 *   customer whose last purchase is more than two intervals old is taken as lapsed and expects nothing. The
 *   outlet is the one of the customer's last purchase.
 * - Past months: the same forecast as it would have been made at the start of each month (only opportunities,
 *   stages, closes and purchases known then), beside the month's actual purchases, so its quality shows.
 */
const WIB_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;
export const MIN_INTERVAL_DAYS = 7;
export const LAPSED_INTERVALS = 2;
export const HORIZON_MONTHS = 3;
export const PAST_MONTHS = 6;

/** 'YYYY-MM' of an instant in WIB. */
export function monthOf(instantMs: number): string {
  return new Date(instantMs + WIB_OFFSET_MS).toISOString().slice(0, 7);
}
/** The UTC instant a WIB month starts, `offset` months after `month`. */
export function monthStart(month: string, offset = 0): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return Date.UTC(y, m - 1 + offset, 1) - WIB_OFFSET_MS;
}

interface OpportunityFacts {
  outletId: string;
  category: string;
  budget: number;
  createdAt: string;
  closedAt: string | null;
  stage: OpportunityStage;
  expectedDecisionDate: string;
  /** Stage changes, oldest first. */
  events: { at: string; to: OpportunityStage }[];
}

function loadOpportunities(store: Store): OpportunityFacts[] {
  const rows = store.sqlite
    .prepare(
      `SELECT id, outlet_id, category, budget, created_at, closed_at, stage, expected_decision_date FROM opportunities WHERE deleted_at IS NULL`,
    )
    .all() as {
    id: string;
    outlet_id: string;
    category: string;
    budget: number;
    created_at: string;
    closed_at: string | null;
    stage: OpportunityStage;
    expected_decision_date: string;
  }[];
  const events = new Map<string, { at: string; to: OpportunityStage }[]>();
  for (const e of store.sqlite
    .prepare('SELECT opportunity_id, at, to_stage FROM opportunity_events WHERE deleted_at IS NULL ORDER BY at, id')
    .iterate() as Iterable<{ opportunity_id: string; at: string; to_stage: OpportunityStage }>) {
    let list = events.get(e.opportunity_id);
    if (!list) events.set(e.opportunity_id, (list = []));
    list.push({ at: e.at, to: e.to_stage });
  }
  return rows.map((r) => ({
    outletId: r.outlet_id,
    category: r.category,
    budget: r.budget,
    createdAt: r.created_at,
    closedAt: r.closed_at,
    stage: r.stage,
    expectedDecisionDate: r.expected_decision_date,
    events: events.get(r.id) ?? [],
  }));
}

const isOpen = (s: OpportunityStage): s is OpenStage => (openStages as readonly string[]).includes(s);

/** What was known of the opportunities at an instant: the closed ones (for rates) and the open ones with their stage then. */
function opportunitiesAt(all: readonly OpportunityFacts[], at: string) {
  const closed: ClosedOpportunity[] = [];
  const open: { o: OpportunityFacts; stage: OpenStage }[] = [];
  for (const o of all) {
    if (o.createdAt > at) continue;
    const known = o.events.filter((e) => e.at <= at);
    const stageThen = known.length ? known[known.length - 1]!.to : o.stage;
    if (o.closedAt && o.closedAt <= at) {
      closed.push({ category: o.category, won: o.stage === 'won', reached: new Set(o.events.map((e) => e.to).filter(isOpen)) });
    } else if (isOpen(stageThen)) open.push({ o, stage: stageThen });
  }
  return { closed, open };
}

interface Cells {
  add: (month: string, outletId: string | null, part: 'opportunities' | 'repeat', amount: number) => void;
  /** Rounded to whole rupiah; `raw` keeps the fractions for a remembered part still to be added to. */
  list: (raw?: boolean) => ForecastCell[];
}
function cells(months: readonly string[], codes: Map<string, string>, outletFilter: string | null): Cells {
  const map = new Map<string, ForecastCell>();
  const monthSet = new Set(months);
  return {
    add: (month, outletId, part, amount) => {
      if (!monthSet.has(month) || (outletFilter && outletId !== outletFilter)) return;
      const key = `${month}\u0000${outletId ?? ''}`;
      let c = map.get(key);
      if (!c)
        map.set(
          key,
          (c = { month, outletId, outletCode: outletId ? (codes.get(outletId) ?? null) : null, opportunities: 0, repeat: 0, total: 0 }),
        );
      c[part] += amount;
      c.total += amount;
    },
    list: (raw = false) =>
      [...map.values()]
        .map((c) => (raw ? { ...c } : { ...c, opportunities: Math.round(c.opportunities), repeat: Math.round(c.repeat), total: Math.round(c.total) }))
        .sort((a, b) => a.month.localeCompare(b.month) || (a.outletCode ?? '').localeCompare(b.outletCode ?? '')),
  };
}

function addOpportunities(target: Cells, all: readonly OpportunityFacts[], atMs: number, months: readonly string[]) {
  const at = new Date(atMs).toISOString();
  const { closed, open } = opportunitiesAt(all, at);
  const model = learnWinRates(closed);
  for (const { o, stage } of open) {
    const decided = monthOf(Date.parse(`${o.expectedDecisionDate}T00:00:00+07:00`));
    target.add(decided < months[0]! ? months[0]! : decided, o.outletId, 'opportunities', o.budget * model.rate(stage, o.category));
  }
  return model;
}

/** Repeat purchases expected from each as-of instant over its months, in one scan of the purchases. */
function addRepeats(store: Store, targets: readonly { cells: Cells; atMs: number; months: readonly string[] }[]) {
  const ats = targets.map((t) => new Date(t.atMs).toISOString());
  const aggregates = ats
    .map(
      (_, i) =>
        `count(*) FILTER (WHERE purchased_at < @a${i}) AS n${i}, max(purchased_at) FILTER (WHERE purchased_at < @a${i}) AS l${i}, sum(amount) FILTER (WHERE purchased_at < @a${i}) AS s${i}`,
    )
    .join(', ');
  const params = Object.fromEntries(ats.map((a, i) => [`a${i}`, a]));
  const rows = store.sqlite
    .prepare(
      // The outlet rides on the newest purchase's date: a bare column beside several min/max aggregates would come
      // from an arbitrary one of them.
      `SELECT min(purchased_at) AS first, max(purchased_at || '|' || coalesce(outlet_id, '')) AS last, ${aggregates} FROM purchases WHERE deleted_at IS NULL GROUP BY customer_id`,
    )
    .raw()
    .iterate(params) as Iterable<unknown[]>;
  for (const row of rows) {
    const firstMs = Date.parse(row[0] as string);
    const outlet = (row[1] as string).split('|')[1] || null;
    for (let i = 0; i < targets.length; i++) {
      const n = row[2 + i * 3] as number;
      if (n < 2) continue;
      const lastMs = Date.parse(row[3 + i * 3] as string);
      const sum = row[4 + i * 3] as number;
      const t = targets[i]!;
      const interval = Math.max(MIN_INTERVAL_DAYS * DAY_MS, (lastMs - firstMs) / (n - 1));
      if (t.atMs - lastMs > LAPSED_INTERVALS * interval) continue;
      const end = monthStart(t.months[0]!, t.months.length);
      const average = sum / n;
      for (let next = lastMs + interval; next < end; next += interval)
        if (next >= t.atMs) t.cells.add(monthOf(next), outlet, 'repeat', average);
    }
  }
}

/**
 * The open opportunities as they stand now, weighted by win rates counted in SQL from the closed ones' stage
 * history (the same rates as learnWinRates over opportunitiesAt(now), without loading every opportunity).
 */
function addOpenOpportunitiesNow(store: Store, target: Cells, nowMs: number, months: readonly string[], outletId: string | null): WinRateModel {
  const at = new Date(nowMs).toISOString();
  const counts = (
    store.sqlite
      .prepare(
        `SELECT e.to_stage, o.category, o.stage = 'won', count(DISTINCT o.id) FROM opportunities o
         JOIN opportunity_events e ON e.opportunity_id = o.id AND e.deleted_at IS NULL
         WHERE o.deleted_at IS NULL AND o.closed_at IS NOT NULL AND o.closed_at <= ? AND o.created_at <= ?
           AND e.to_stage IN ('interested', 'quoted', 'negotiating')
         GROUP BY 1, 2, 3`,
      )
      .raw()
      .all(at, at) as [OpenStage, string, number, number][]
  ).map(([stage, category, won, n]) => ({ stage, category, won: won === 1, n }));
  const model = learnWinRatesFromCounts(counts);
  const open = store.sqlite
    .prepare(
      `SELECT outlet_id, category, budget, stage, expected_decision_date FROM opportunities
       WHERE deleted_at IS NULL AND stage IN ('interested', 'quoted', 'negotiating') AND created_at <= ?
         AND (closed_at IS NULL OR closed_at > ?)${outletId ? ' AND outlet_id = ?' : ''}`,
    )
    .raw()
    .iterate(...(outletId ? [at, at, outletId] : [at, at])) as Iterable<[string, string, number, OpenStage, string]>;
  for (const [outlet, category, budget, stage, decision] of open) {
    const decided = monthOf(Date.parse(`${decision}T00:00:00+07:00`));
    target.add(decided < months[0]! ? months[0]! : decided, outlet, 'opportunities', budget * model.rate(stage, category));
  }
  return model;
}

/**
 * The slow part of the forecast, for all outlets: the repeat purchases expected over the next months (one scan of
 * every purchase) and the past months' forecast against actual. A day changes it little, so the screen's and the
 * CLI's forecast remember it per WIB day (`rememberedBase`), refreshed by the daily rule pass; the open
 * opportunities and the win rates are always read live.
 */
export interface ForecastBase {
  day: string;
  month: string;
  pastMonths: number;
  /** Repeat purchases per (month, outlet) of the next months, unrounded. */
  repeat: ForecastCell[];
  past: PastMonth[];
}

const BASE_KEY = 'forecast_base';
const wibDay = (ms: number) => new Date(ms + WIB_OFFSET_MS).toISOString().slice(0, 10);

function computeBase(store: Store, all: readonly OpportunityFacts[], nowMs: number, pastCount: number, codes: Map<string, string>): ForecastBase {
  const current = monthOf(nowMs);
  const futureMonths = Array.from({ length: HORIZON_MONTHS }, (_, i) => monthOf(monthStart(current, i)));
  const future = cells(futureMonths, codes, null);
  const past = Array.from({ length: pastCount }, (_, i) => {
    const month = monthOf(monthStart(current, i - pastCount));
    const c = cells([month], codes, null);
    addOpportunities(c, all, monthStart(month), [month]);
    return { month, cells: c, atMs: monthStart(month), months: [month] };
  });
  addRepeats(store, [{ cells: future, atMs: nowMs, months: futureMonths }, ...past]);

  const pastRows: PastMonth[] = [];
  if (pastCount > 0) {
    const from = new Date(monthStart(current, -pastCount)).toISOString();
    const to = new Date(monthStart(current)).toISOString();
    const actual = new Map<string, number>();
    for (const r of store.sqlite
      .prepare(`SELECT purchased_at, outlet_id, amount FROM purchases WHERE deleted_at IS NULL AND purchased_at >= ? AND purchased_at < ?`)
      .raw()
      .iterate(from, to) as Iterable<[string, string | null, number]>) {
      const key = `${monthOf(Date.parse(r[0]))}\u0000${r[1] ?? ''}`;
      actual.set(key, (actual.get(key) ?? 0) + r[2]);
    }
    for (const p of past) {
      const forecast = new Map(p.cells.list().map((c) => [c.outletId ?? '', c]));
      const outlets = new Set([
        ...forecast.keys(),
        ...[...actual.keys()].filter((k) => k.startsWith(`${p.month}\u0000`)).map((k) => k.split('\u0000')[1]!),
      ]);
      for (const o of [...outlets].sort()) {
        const f = forecast.get(o);
        pastRows.push({
          month: p.month,
          outletId: o || null,
          outletCode: o ? (codes.get(o) ?? null) : null,
          opportunities: f?.opportunities ?? 0,
          repeat: f?.repeat ?? 0,
          total: f?.total ?? 0,
          actual: actual.get(`${p.month}\u0000${o}`) ?? 0,
        });
      }
    }
  }
  return { day: wibDay(nowMs), month: current, pastMonths: pastCount, repeat: future.list(true), past: pastRows };
}

/** The slow part as of now, writing nothing: the scheduled pass runs it on a thread of its own (learnOffThread.ts). */
export function computeForecastBase(store: Store): ForecastBase {
  return computeBase(store, loadOpportunities(store), store.now().getTime(), PAST_MONTHS, outletCodes(store));
}

/** Remembers the slow part for the rest of its WIB day. */
export function rememberForecastBase(store: Store, base: ForecastBase): void {
  writeSetting(store.sqlite, BASE_KEY, JSON.stringify(base));
}

/** Computes the slow part now and remembers it for the rest of the WIB day. */
export function refreshForecastBase(store: Store, all = loadOpportunities(store), codes = outletCodes(store)): ForecastBase {
  const base = computeBase(store, all, store.now().getTime(), PAST_MONTHS, codes);
  rememberForecastBase(store, base);
  return base;
}

/** Whether today's slow part is still to be computed (the scheduled pass's question). */
export function forecastBaseStale(store: Store): boolean {
  return !rememberedBase(store, store.now().getTime());
}

/** The daily pass's step, here and now: refreshes the remembered part once a WIB day. */
export function refreshForecastBaseIfStale(store: Store): { ms: number } | null {
  if (!forecastBaseStale(store)) return null;
  const started = performance.now();
  refreshForecastBase(store);
  return { ms: Math.round(performance.now() - started) };
}

function rememberedBase(store: Store, nowMs: number, acceptEarlierDay = false): ForecastBase | null {
  const raw = readSetting(store.sqlite, BASE_KEY);
  if (!raw) return null;
  const base = JSON.parse(raw) as ForecastBase;
  const sameDay = base.day === wibDay(nowMs) || (acceptEarlierDay && base.day < wibDay(nowMs));
  return sameDay && base.month === monthOf(nowMs) && base.pastMonths === PAST_MONTHS ? base : null;
}

function outletCodes(store: Store): Map<string, string> {
  return new Map((store.sqlite.prepare('SELECT id, code FROM outlets').all() as { id: string; code: string }[]).map((r) => [r.id, r.code]));
}

/**
 * The forecast of the next months per outlet (or for one outlet), with the past months' forecast against actual.
 * Without an explicit instant or past-month count, the repeat purchases and the past months are the ones
 * last remembered this month (refreshed daily by the rule pass; computed here only when this month has none);
 * open opportunities and win rates are read live.
 */
export function salesForecast(store: Store, options: { outletId?: string | null; now?: Date; pastMonths?: number } = {}): Forecast {
  const explicit = options.now !== undefined || options.pastMonths !== undefined;
  const nowMs = (options.now ?? store.now()).getTime();
  const outletId = options.outletId ?? null;
  const codes = outletCodes(store);
  const current = monthOf(nowMs);
  const futureMonths = Array.from({ length: HORIZON_MONTHS }, (_, i) => monthOf(monthStart(current, i)));
  const future = cells(futureMonths, codes, outletId);
  let base: ForecastBase;
  let model: WinRateModel;
  if (explicit) {
    const all = loadOpportunities(store);
    base = computeBase(store, all, nowMs, options.pastMonths ?? PAST_MONTHS, codes);
    model = addOpportunities(future, all, nowMs, futureMonths);
  } else {
    // An earlier day's part of this month is close enough while the scheduled pass computes today's off the
    // app's thread; only a month with no part at all computes it here (seconds to a minute at a million customers).
    base =
      rememberedBase(store, nowMs, true) ??
      // A read-only view (the reports read through one) computes without remembering.
      (store.sqlite.readonly ? computeBase(store, loadOpportunities(store), nowMs, PAST_MONTHS, codes) : refreshForecastBase(store, loadOpportunities(store), codes));
    model = addOpenOpportunitiesNow(store, future, nowMs, futureMonths, outletId);
  }
  for (const r of base.repeat) future.add(r.month, r.outletId, 'repeat', r.repeat);
  return {
    asOf: new Date(nowMs).toISOString(),
    outletCode: outletId ? (codes.get(outletId) ?? null) : null,
    months: future.list(),
    past: base.past.filter((r) => !outletId || r.outletId === outletId),
    winRates: model.table(),
  };
}
