import type { ReportCell, ReportFilters, ReportLanguage, SummaryItem } from '../../../shared/reports';
import { lostReasons, opportunityStages, type LostReason, type OpportunityStage } from '../../../shared/knowledge';
import { salesForecast } from '../opportunities/forecast';
import type { Store } from '../store/store';
import { assemble, reportContext, share } from './context';
import { tableExists } from './scope';
import type { ReportData, ReportSection } from './types';
import { rowsOf } from './types';

/** The pipeline report's own words; the report's title lives with the others in labels.ts. */
const words = {
  id: {
    stage: { interested: 'Tertarik', quoted: 'Penawaran', negotiating: 'Negosiasi', won: 'Berhasil', lost: 'Gagal' } satisfies Record<
      OpportunityStage,
      string
    >,
    reason: {
      price: 'Harga',
      stock: 'Stok',
      delivery: 'Waktu pengiriman',
      comparing: 'Masih membandingkan',
      competitor: 'Pesaing',
      financing: 'Pembiayaan',
      no_need: 'Tidak jadi perlu',
    } satisfies Record<LostReason, string>,
    section: {
      byStage: 'Calon penjualan per tahap',
      byStaff: 'Per outlet dan staf',
      lostReasons: 'Alasan gagal',
      winRates: 'Tingkat keberhasilan dan waktu penutupan per kategori',
      forecast: 'Perkiraan penjualan terhadap aktual',
      offers: 'Tawaran yang dibuat dan berhasil',
    },
    col: {
      stage: 'Tahap',
      count: 'Jumlah',
      value: 'Nilai',
      outlet: 'Outlet',
      staff: 'Staf',
      open: 'Terbuka',
      openValue: 'Nilai terbuka',
      won: 'Berhasil',
      lost: 'Gagal',
      winRate: 'Tingkat berhasil',
      reason: 'Alasan',
      share: 'Porsi',
      category: 'Kategori',
      closed: 'Ditutup',
      daysToClose: 'Rata-rata hari sampai berhasil',
      month: 'Bulan',
      forecast: 'Perkiraan',
      actual: 'Aktual',
      product: 'Produk',
      made: 'Ditawarkan',
      converted: 'Dibeli',
      conversion: 'Konversi',
    },
    summary: { open: 'Calon terbuka', openValue: 'Nilai terbuka', winRate: 'Tingkat berhasil (periode)', offers: 'Tawaran dibuat' },
    chart: { byStage: 'Nilai per tahap', forecast: 'Perkiraan dan aktual per bulan' },
    forecastNote: 'Bulan menurut WIB. Bulan lalu: perkiraan seperti dibuat pada awal bulan itu. Bulan mendatang: aktual belum ada.',
    offersNote: 'Berhasil: pelanggan membeli produk yang ditawarkan dalam jendela aturan setelah tawaran dibuat.',
    none: '(tanpa nama)',
  },
  en: {
    stage: { interested: 'Interested', quoted: 'Quoted', negotiating: 'Negotiating', won: 'Won', lost: 'Lost' } satisfies Record<
      OpportunityStage,
      string
    >,
    reason: {
      price: 'Price',
      stock: 'Stock',
      delivery: 'Delivery time',
      comparing: 'Still comparing',
      competitor: 'Competitor',
      financing: 'Financing',
      no_need: 'No longer needed',
    } satisfies Record<LostReason, string>,
    section: {
      byStage: 'Potential sales by stage',
      byStaff: 'By outlet and staff',
      lostReasons: 'Lost reasons',
      winRates: 'Win rate and time to close by category',
      forecast: 'Sales forecast against actual',
      offers: 'Offers made and converted',
    },
    col: {
      stage: 'Stage',
      count: 'Count',
      value: 'Value',
      outlet: 'Outlet',
      staff: 'Staff',
      open: 'Open',
      openValue: 'Open value',
      won: 'Won',
      lost: 'Lost',
      winRate: 'Win rate',
      reason: 'Reason',
      share: 'Share',
      category: 'Category',
      closed: 'Closed',
      daysToClose: 'Average days to win',
      month: 'Month',
      forecast: 'Forecast',
      actual: 'Actual',
      product: 'Product',
      made: 'Offered',
      converted: 'Bought',
      conversion: 'Conversion',
    },
    summary: { open: 'Open potential sales', openValue: 'Open value', winRate: 'Win rate (period)', offers: 'Offers made' },
    chart: { byStage: 'Value by stage', forecast: 'Forecast and actual by month' },
    forecastNote: 'Months in WIB. Past months: the forecast as made at the start of that month. Coming months: no actual yet.',
    offersNote: 'Converted: the customer bought the offered product within the rule window after the offer was made.',
    none: '(no name)',
  },
} satisfies Record<ReportLanguage, unknown>;

/**
 * Potential sales (issue 19): the pipeline by stage, outlet and staff (open now; won and lost within the period),
 * lost reasons, win rate and time to close per category, the forecast against actual, offers made and converted.
 */
export function pipelineReport(store: Store, filters: ReportFilters, language: ReportLanguage): ReportData {
  const ctx = reportContext(store, filters, language, { days: 90 });
  const { scope } = ctx;
  const W = words[language];
  if (!tableExists(store, 'opportunities')) return assemble(ctx, 'pipeline', [], []);
  const outlet = scope.outletSql('o.outlet_id');
  const closedIn = scope.periodSql('o.closed_at', 'o.outlet_id');
  const open = `o.deleted_at IS NULL AND ${outlet.sql} AND o.stage IN ('interested', 'quoted', 'negotiating')`;
  const closed = `o.deleted_at IS NULL AND ${outlet.sql} AND o.stage IN ('won', 'lost') AND o.closed_at IS NOT NULL AND ${closedIn.sql}`;
  const openParams = outlet.params;
  const closedParams = [...outlet.params, ...closedIn.params];
  const code = (id: string | null) =>
    scope.outletById.get(id)?.code ??
    (id ? (store.sqlite.prepare('SELECT code FROM outlets WHERE id = ?').pluck().get(id) as string) : '-');

  const stageRows = new Map<string, [number, number]>();
  for (const [stage, n, total] of store.sqlite
    .prepare(`SELECT o.stage, count(*), sum(o.budget) FROM opportunities o WHERE ${open} GROUP BY o.stage`)
    .raw()
    .all(...openParams) as [string, number, number][])
    stageRows.set(stage, [n, total]);
  for (const [stage, n, total] of store.sqlite
    .prepare(
      `SELECT o.stage, count(*), sum(CASE WHEN o.stage = 'won' THEN coalesce(o.won_amount, o.budget) ELSE o.budget END) FROM opportunities o WHERE ${closed} GROUP BY o.stage`,
    )
    .raw()
    .all(...closedParams) as [string, number, number][])
    stageRows.set(stage, [n, total]);
  const byStage: ReportCell[][] = opportunityStages.map((s) => [W.stage[s], stageRows.get(s)?.[0] ?? 0, stageRows.get(s)?.[1] ?? 0]);

  const staff = new Map<string, { outlet: string; owner: string; open: number; openValue: number; won: number; lost: number }>();
  const staffRow = (outletId: string, owner: string | null) => {
    const key = `${outletId}\u0000${owner ?? ''}`;
    let r = staff.get(key);
    if (!r) staff.set(key, (r = { outlet: code(outletId), owner: owner ?? W.none, open: 0, openValue: 0, won: 0, lost: 0 }));
    return r;
  };
  for (const [outletId, owner, n, total] of store.sqlite
    .prepare(`SELECT o.outlet_id, o.owner, count(*), sum(o.budget) FROM opportunities o WHERE ${open} GROUP BY o.outlet_id, o.owner`)
    .raw()
    .all(...openParams) as [string, string | null, number, number][]) {
    const r = staffRow(outletId, owner);
    r.open += n;
    r.openValue += total;
  }
  for (const [outletId, owner, stage, n] of store.sqlite
    .prepare(`SELECT o.outlet_id, o.owner, o.stage, count(*) FROM opportunities o WHERE ${closed} GROUP BY o.outlet_id, o.owner, o.stage`)
    .raw()
    .all(...closedParams) as [string, string | null, 'won' | 'lost', number][])
    staffRow(outletId, owner)[stage] += n;
  const staffRows: ReportCell[][] = [...staff.values()]
    .sort((a, b) => a.outlet.localeCompare(b.outlet) || a.owner.localeCompare(b.owner))
    .map((r) => [r.outlet, r.owner, r.open, r.openValue, r.won, r.lost, share(r.won, r.won + r.lost)]);

  const lost = store.sqlite
    .prepare(
      `SELECT o.lost_reason, count(*), sum(o.budget) FROM opportunities o WHERE ${closed} AND o.stage = 'lost' GROUP BY o.lost_reason`,
    )
    .raw()
    .all(...closedParams) as [LostReason | null, number, number][];
  const lostTotal = lost.reduce((s, r) => s + r[1], 0);
  const lostRows: ReportCell[][] = lostReasons
    .map((reason) => lost.find((r) => r[0] === reason))
    .filter((r): r is [LostReason, number, number] => !!r)
    .map(([reason, n, total]) => [W.reason[reason], n, share(n, lostTotal), total]);

  const categories = store.sqlite
    .prepare(
      `SELECT o.category, count(*), sum(o.stage = 'won'), sum(o.stage = 'lost'),
              avg(CASE WHEN o.stage = 'won' THEN julianday(o.closed_at) - julianday(o.created_at) END)
       FROM opportunities o WHERE ${closed} GROUP BY o.category ORDER BY o.category`,
    )
    .raw()
    .all(...closedParams) as [string, number, number, number, number | null][];
  const categoryRows: ReportCell[][] = categories.map(([category, n, won, lostN, days]) => [
    category,
    n,
    won,
    lostN,
    share(won, n),
    days === null ? null : Math.round(days * 10) / 10,
  ]);
  const wonAll = categories.reduce((s, c) => s + c[2], 0);
  const closedAll = categories.reduce((s, c) => s + c[1], 0);

  // The forecast covers one outlet or all; a report on several chosen outlets adds theirs.
  const chosen = scope.all ? [null] : scope.outlets.map((o) => o.id).filter((id): id is string => id !== null);
  const months = new Map<string, { month: string; outlet: string; forecast: number; actual: number | null }>();
  // A report running to today reads the forecast the screen reads (its slow part remembered by the daily pass);
  // one ending earlier recomputes it as of then, every purchase read once per outlet.
  const toToday = scope.asOf.getTime() > store.now().getTime();
  for (const outletId of chosen) {
    const f = toToday ? salesForecast(store, { outletId }) : salesForecast(store, { outletId, now: scope.asOf });
    for (const m of f.past) {
      const key = `${m.month}\u0000${m.outletCode ?? '-'}`;
      months.set(key, { month: m.month, outlet: m.outletCode ?? '-', forecast: m.total, actual: m.actual });
    }
    for (const m of f.months)
      months.set(`${m.month}\u0000${m.outletCode ?? '-'}`, {
        month: m.month,
        outlet: m.outletCode ?? '-',
        forecast: m.total,
        actual: null,
      });
  }
  const forecastRows: ReportCell[][] = [...months.values()]
    .sort((a, b) => a.month.localeCompare(b.month) || a.outlet.localeCompare(b.outlet))
    .map((m) => [m.month, m.outlet, m.forecast, m.actual]);

  // Offers made in the period, and whether the customer then bought the product within the rule window.
  const offerOutlet = scope.outletSql('m.outlet_id');
  const madeIn = scope.periodSql('m.made_at', 'm.outlet_id');
  const windowDays = (() => {
    const raw = store.sqlite.prepare(`SELECT value FROM knowledge_settings WHERE id = 'offers'`).pluck().get() as string | undefined;
    const parsed = raw ? (JSON.parse(raw) as { windowDays?: number }) : {};
    return parsed.windowDays ?? 90;
  })();
  const offers = store.sqlite
    .prepare(
      `SELECT m.product, count(*),
              sum(EXISTS (SELECT 1 FROM purchases p WHERE p.customer_id = m.customer_id AND p.main_product = m.product AND p.deleted_at IS NULL
                          AND p.purchased_at >= m.made_at AND p.purchased_at < strftime('%Y-%m-%dT%H:%M:%fZ', m.made_at, '+' || ? || ' days')))
       FROM offers_made m WHERE m.deleted_at IS NULL AND ${offerOutlet.sql} AND ${madeIn.sql} GROUP BY m.product ORDER BY count(*) DESC, m.product`,
    )
    .raw()
    .all(windowDays, ...offerOutlet.params, ...madeIn.params) as [string, number, number][];
  const offerRows: ReportCell[][] = offers.map(([product, made, converted]) => [product, made, converted, share(converted, made)]);

  const C = W.col;
  const sections: ReportSection[] = [
    {
      id: 'by-stage',
      title: W.section.byStage,
      columns: [
        { key: 'stage', label: C.stage, type: 'text' },
        { key: 'count', label: C.count, type: 'integer' },
        { key: 'value', label: C.value, type: 'rupiah' },
      ],
      count: byStage.length,
      rows: rowsOf(byStage),
      chart: { kind: 'bar', category: 'stage', series: ['value'], title: W.chart.byStage },
    },
    {
      id: 'by-staff',
      title: W.section.byStaff,
      columns: [
        { key: 'outlet', label: C.outlet, type: 'text' },
        { key: 'staff', label: C.staff, type: 'text' },
        { key: 'open', label: C.open, type: 'integer' },
        { key: 'openValue', label: C.openValue, type: 'rupiah' },
        { key: 'won', label: C.won, type: 'integer' },
        { key: 'lost', label: C.lost, type: 'integer' },
        { key: 'winRate', label: C.winRate, type: 'percent' },
      ],
      count: staffRows.length,
      rows: rowsOf(staffRows),
    },
    {
      id: 'lost-reasons',
      title: W.section.lostReasons,
      columns: [
        { key: 'reason', label: C.reason, type: 'text' },
        { key: 'count', label: C.count, type: 'integer' },
        { key: 'share', label: C.share, type: 'percent' },
        { key: 'value', label: C.value, type: 'rupiah' },
      ],
      count: lostRows.length,
      rows: rowsOf(lostRows),
    },
    {
      id: 'win-rates',
      title: W.section.winRates,
      columns: [
        { key: 'category', label: C.category, type: 'text' },
        { key: 'closed', label: C.closed, type: 'integer' },
        { key: 'won', label: C.won, type: 'integer' },
        { key: 'lost', label: C.lost, type: 'integer' },
        { key: 'winRate', label: C.winRate, type: 'percent' },
        { key: 'daysToClose', label: C.daysToClose, type: 'decimal' },
      ],
      count: categoryRows.length,
      rows: rowsOf(categoryRows),
    },
    {
      id: 'forecast',
      title: W.section.forecast,
      columns: [
        { key: 'month', label: C.month, type: 'text' },
        { key: 'outlet', label: C.outlet, type: 'text' },
        { key: 'forecast', label: C.forecast, type: 'rupiah' },
        { key: 'actual', label: C.actual, type: 'rupiah' },
      ],
      count: forecastRows.length,
      rows: rowsOf(forecastRows),
      chart: { kind: 'bar', category: 'month', series: ['forecast', 'actual'], title: W.chart.forecast },
      note: W.forecastNote,
    },
    {
      id: 'offers',
      title: W.section.offers,
      columns: [
        { key: 'product', label: C.product, type: 'text' },
        { key: 'made', label: C.made, type: 'integer' },
        { key: 'converted', label: C.converted, type: 'integer' },
        { key: 'conversion', label: C.conversion, type: 'percent' },
      ],
      count: offerRows.length,
      rows: rowsOf(offerRows),
      note: W.offersNote,
    },
  ];
  const openCount = opportunityStages.slice(0, 3).reduce((s, st) => s + (stageRows.get(st)?.[0] ?? 0), 0);
  const openValue = opportunityStages.slice(0, 3).reduce((s, st) => s + (stageRows.get(st)?.[1] ?? 0), 0);
  const summary: SummaryItem[] = [
    { label: W.summary.open, value: openCount, type: 'integer' },
    { label: W.summary.openValue, value: openValue, type: 'rupiah' },
    { label: W.summary.winRate, value: share(wonAll, closedAll), type: 'percent' },
    { label: W.summary.offers, value: offers.reduce((s, o) => s + o[1], 0), type: 'integer' },
  ];
  return assemble(ctx, 'pipeline', summary, sections);
}
