import type { ReportCell, ReportFilters, ReportLanguage, SummaryItem } from '../../../shared/reports';
import type { TierLevel } from '../../../shared/loyaltyTiers';
import { ruleOn } from '../loyalty/rules';
import type { Store } from '../store/store';
import { assemble, reportContext, share } from './context';
import { tableExists } from './scope';
import type { ReportData, ReportSection } from './types';
import { rowsOf } from './types';

const words = {
  id: {
    section: {
      liability: 'Kewajiban poin per outlet',
      monthly: 'Poin didapat, ditukar, dan kedaluwarsa per bulan',
      tiers: 'Sebaran tingkat member',
      movements: 'Perpindahan tingkat',
    },
    col: {
      outlet: 'Outlet',
      earned: 'Didapat',
      redeemed: 'Ditukar',
      expired: 'Kedaluwarsa',
      other: 'Lainnya (penyesuaian, pindahan)',
      outstanding: 'Poin beredar',
      liability: 'Kewajiban (Rp)',
      month: 'Bulan',
      tier: 'Tingkat',
      customers: 'Pelanggan',
      share: 'Porsi',
      spend: 'Belanja 12 bulan',
      fromTier: 'Dari tingkat',
      toTier: 'Ke tingkat',
      direction: 'Arah',
    },
    up: 'Naik',
    down: 'Turun',
    none: '(tanpa tingkat)',
    noOutlet: '(tanpa outlet)',
    summary: { outstanding: 'Poin beredar', liability: 'Kewajiban poin', pointValue: 'Nilai satu poin', members: 'Member bertingkat' },
    chart: { monthly: 'Poin per bulan', tiers: 'Pelanggan per tingkat' },
    liabilityNote:
      'Per akhir periode, semua transaksi poin sampai tanggal itu. Poin kedaluwarsa dan dibatalkan dihitung pada outlet tempat poin didapat; penukaran pada outlet yang menukar. Rupiah = poin × nilai poin pada aturan yang berlaku di akhir periode.',
    tiersNote: 'Tingkat menurut perhitungan harian terakhir (semua pelanggan, tidak disaring per outlet).',
    movementsNote: 'Perubahan tingkat pada perhitungan harian dalam periode.',
  },
  en: {
    section: {
      liability: 'Points liability per outlet',
      monthly: 'Points earned, redeemed and expired per month',
      tiers: 'Member tier distribution',
      movements: 'Tier movements',
    },
    col: {
      outlet: 'Outlet',
      earned: 'Earned',
      redeemed: 'Redeemed',
      expired: 'Expired',
      other: 'Other (adjustments, transfers)',
      outstanding: 'Points outstanding',
      liability: 'Liability (Rp)',
      month: 'Month',
      tier: 'Tier',
      customers: 'Customers',
      share: 'Share',
      spend: '12-month spend',
      fromTier: 'From tier',
      toTier: 'To tier',
      direction: 'Direction',
    },
    up: 'Up',
    down: 'Down',
    none: '(no tier)',
    noOutlet: '(no outlet)',
    summary: { outstanding: 'Points outstanding', liability: 'Points liability', pointValue: 'Value of a point', members: 'Customers with a tier' },
    chart: { monthly: 'Points per month', tiers: 'Customers per tier' },
    liabilityNote:
      'At the end of the period: every points movement up to that day. Expired and reversed points count at the outlet that earned them; redemptions at the outlet that redeemed. Rupiah = points × the point value of the rule in force at the end of the period.',
    tiersNote: "Tiers as the last daily pass left them (every customer, not narrowed by outlet).",
    movementsNote: 'Tier changes made by the daily passes within the period.',
  },
} satisfies Record<ReportLanguage, unknown>;

/**
 * Loyalty (issue 17 point 10): the points liability per outlet in rupiah, points earned/redeemed/expired per month,
 * the tier distribution and the tier movements.
 */
export function loyaltyReport(store: Store, filters: ReportFilters, language: ReportLanguage): ReportData {
  const ctx = reportContext(store, filters, language, { days: 365 });
  const { scope } = ctx;
  const W = words[language];
  if (!tableExists(store, 'points_ledger')) return assemble(ctx, 'loyalty', [], []);
  const C = W.col;
  const code = (id: string | null) =>
    id === null ? W.noOutlet : (scope.outletById.get(id)?.code ?? ((store.sqlite.prepare('SELECT code FROM outlets WHERE id = ?').pluck().get(id) as string) || id));

  // An expiry or a reversal is booked where its lot was earned; everything else where it happened.
  const bookedAt = `CASE WHEN l.kind IN ('expire', 'reverse', 'expire_fix') THEN coalesce(e.outlet_id, l.outlet_id) ELSE l.outlet_id END`;
  const ledgerFrom = `points_ledger l LEFT JOIN points_ledger e ON e.id = l.related_id AND l.kind IN ('expire', 'reverse', 'expire_fix')`;
  const until = scope.untilSql('l.occurred_at', 'l.outlet_id');
  const outletFilter = scope.outletSql(`(${bookedAt})`);
  const kinds = `sum(CASE WHEN l.kind = 'earn' THEN l.points ELSE 0 END), sum(CASE WHEN l.kind = 'redeem' THEN -l.points ELSE 0 END),
                 sum(CASE WHEN l.kind IN ('expire', 'expire_fix') THEN -l.points ELSE 0 END),
                 sum(CASE WHEN l.kind IN ('adjust', 'reverse', 'transfer_in', 'transfer_out') THEN l.points ELSE 0 END), sum(l.points)`;
  const rule = ruleOn(store, scope.to) ?? (store.sqlite.prepare('SELECT point_value FROM loyalty_rules WHERE deleted_at IS NULL ORDER BY valid_from DESC LIMIT 1').get() as { point_value: number } | undefined);
  const pointValue = rule ? ('pointValue' in rule ? rule.pointValue : rule.point_value) : 0;
  const liability = (
    store.sqlite
      .prepare(`SELECT ${bookedAt} AS outlet, ${kinds} FROM ${ledgerFrom} WHERE l.deleted_at IS NULL AND ${until.sql} AND ${outletFilter.sql} GROUP BY outlet`)
      .raw()
      .all(...until.params, ...outletFilter.params) as [string | null, number, number, number, number, number][]
  )
    .map(([outlet, earned, redeemed, expired, other, outstanding]) => [code(outlet), earned, redeemed, expired, other, outstanding, outstanding * pointValue] as ReportCell[])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const outstanding = liability.reduce((s, r) => s + (r[5] as number), 0);

  const period = scope.periodSql('l.occurred_at', 'l.outlet_id');
  const localDay = scope.localDaySql('l.occurred_at', 'l.outlet_id');
  const monthly = (
    store.sqlite
      .prepare(
        `SELECT substr(${localDay.sql}, 1, 7) AS month, ${kinds} FROM ${ledgerFrom}
          WHERE l.deleted_at IS NULL AND ${period.sql} AND ${outletFilter.sql} GROUP BY month ORDER BY month`,
      )
      .raw()
      .all(...localDay.params, ...period.params, ...outletFilter.params) as [string, number, number, number, number, number][]
  ).map(([month, earned, redeemed, expired, other]) => [month, earned, redeemed, expired, other] as ReportCell[]);

  const levels = new Map<string, TierLevel>();
  for (const json of store.sqlite.prepare('SELECT levels FROM loyalty_tiers WHERE deleted_at IS NULL ORDER BY valid_from').pluck().all() as string[])
    for (const level of JSON.parse(json) as TierLevel[]) levels.set(level.code, level);
  const tierName = (c: string | null) => (c === null ? W.none : (levels.get(c)?.name ?? c));
  const rank = (c: string | null) => (c === null ? -1 : (levels.get(c)?.minSpend ?? 0));
  const tierCounts = store.sqlite
    .prepare(`SELECT tier_code, count(*), sum(spend_12m) FROM customer_tiers GROUP BY tier_code`)
    .raw()
    .all() as [string | null, number, number][];
  const members = tierCounts.reduce((s, r) => s + r[1], 0);
  const tierRows = tierCounts
    .sort((a, b) => rank(b[0]) - rank(a[0]))
    .map(([c, n, spend]) => [tierName(c), n, share(n, members), spend] as ReportCell[]);

  const changedFrom = scope.from ?? '0000-01-01';
  const movements = (
    store.sqlite
      .prepare(
        `SELECT previous_code, tier_code, count(*) FROM customer_tiers WHERE changed_on IS NOT NULL AND changed_on >= ? AND changed_on <= ?
          GROUP BY previous_code, tier_code`,
      )
      .raw()
      .all(changedFrom, scope.to) as [string | null, string | null, number][]
  )
    .map(([from, to, n]) => [tierName(from), tierName(to), rank(to) > rank(from) ? W.up : W.down, n] as ReportCell[])
    .sort((a, b) => (b[3] as number) - (a[3] as number));

  const sections: ReportSection[] = [
    {
      id: 'liability',
      title: W.section.liability,
      columns: [
        { key: 'outlet', label: C.outlet, type: 'text' },
        { key: 'earned', label: C.earned, type: 'integer' },
        { key: 'redeemed', label: C.redeemed, type: 'integer' },
        { key: 'expired', label: C.expired, type: 'integer' },
        { key: 'other', label: C.other, type: 'integer' },
        { key: 'outstanding', label: C.outstanding, type: 'integer' },
        { key: 'liability', label: C.liability, type: 'rupiah' },
      ],
      count: liability.length,
      rows: rowsOf(liability),
      note: W.liabilityNote,
    },
    {
      id: 'monthly',
      title: W.section.monthly,
      columns: [
        { key: 'month', label: C.month, type: 'text' },
        { key: 'earned', label: C.earned, type: 'integer' },
        { key: 'redeemed', label: C.redeemed, type: 'integer' },
        { key: 'expired', label: C.expired, type: 'integer' },
        { key: 'other', label: C.other, type: 'integer' },
      ],
      count: monthly.length,
      rows: rowsOf(monthly),
      chart: { kind: 'bar', category: 'month', series: ['earned', 'redeemed', 'expired'], title: W.chart.monthly },
    },
    {
      id: 'tiers',
      title: W.section.tiers,
      columns: [
        { key: 'tier', label: C.tier, type: 'text' },
        { key: 'customers', label: C.customers, type: 'integer' },
        { key: 'share', label: C.share, type: 'percent' },
        { key: 'spend', label: C.spend, type: 'rupiah' },
      ],
      count: tierRows.length,
      rows: rowsOf(tierRows),
      chart: { kind: 'bar', category: 'tier', series: ['customers'], title: W.chart.tiers },
      note: W.tiersNote,
    },
    {
      id: 'movements',
      title: W.section.movements,
      columns: [
        { key: 'fromTier', label: C.fromTier, type: 'text' },
        { key: 'toTier', label: C.toTier, type: 'text' },
        { key: 'direction', label: C.direction, type: 'text' },
        { key: 'customers', label: C.customers, type: 'integer' },
      ],
      count: movements.length,
      rows: rowsOf(movements),
      note: W.movementsNote,
    },
  ];
  const summary: SummaryItem[] = [
    { label: W.summary.outstanding, value: outstanding, type: 'integer' },
    { label: W.summary.liability, value: outstanding * pointValue, type: 'rupiah' },
    { label: W.summary.pointValue, value: pointValue, type: 'rupiah' },
    { label: W.summary.members, value: tierCounts.filter((r) => r[0] !== null).reduce((s, r) => s + r[1], 0), type: 'integer' },
  ];
  return assemble(ctx, 'loyalty', summary, sections);
}
