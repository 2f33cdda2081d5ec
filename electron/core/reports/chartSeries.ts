import type { ChartData, ReportCell } from '../../../shared/reports';
import type { ReportSection } from './types';

const MAX_DAY_BARS = 62;
const MAX_WEEK_BARS = 62;
const MAX_CATEGORY_BARS = 15;

const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const isoOf = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
/** Weeks start on Monday, as in Indonesia. */
const mondayOf = (iso: string) => {
  const day = dayNumber(iso);
  return isoOf(day - ((new Date(day * 86_400_000).getUTCDay() + 6) % 7));
};

/**
 * The bars of a section's chart, from ALL of its rows (never the first rows a screen or a PDF table shows): a
 * period of up to 62 days by day, up to 62 weeks by week (Monday first), longer by month. Named categories
 * (segments, outlets, products) keep the section's order and its first 15.
 */
export function chartSeries(section: ReportSection, period: { from: string | null; to: string }): ChartData | undefined {
  const chart = section.chart;
  if (!chart) return undefined;
  const categoryIndex = section.columns.findIndex((c) => c.key === chart.category);
  const indexes = chart.series.map((key) => section.columns.findIndex((c) => c.key === key));
  if (categoryIndex < 0 || indexes.some((i) => i < 0)) return undefined;
  const value = (row: ReportCell[], i: number) => (typeof row[i] === 'number' ? (row[i] as number) : 0);

  if (section.columns[categoryIndex]!.type !== 'date') {
    const points: ChartData['points'] = [];
    for (const row of section.rows(MAX_CATEGORY_BARS)) {
      if (points.length >= MAX_CATEGORY_BARS) break;
      points.push({ category: String(row[categoryIndex] ?? ''), values: indexes.map((i) => value(row, i)) });
    }
    return { bucket: 'category', points };
  }

  const rows = [...section.rows()];
  const dates = rows.map((r) => String(r[categoryIndex] ?? '')).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d));
  if (dates.length === 0) return { bucket: 'day', points: [] };
  const first = period.from ?? dates.reduce((a, b) => (a < b ? a : b));
  const span = dayNumber(period.to) - dayNumber(first) + 1;
  const bucket: ChartData['bucket'] = span <= MAX_DAY_BARS ? 'day' : span <= MAX_WEEK_BARS * 7 ? 'week' : 'month';
  const keyOf = (iso: string) => (bucket === 'day' ? iso : bucket === 'week' ? mondayOf(iso) : `${iso.slice(0, 7)}-01`);
  const sums = new Map<string, number[]>();
  // Every bucket of the period, so an empty week is a gap, not a missing bar.
  for (let d = dayNumber(first); d <= dayNumber(period.to); d++) {
    const key = keyOf(isoOf(d));
    if (!sums.has(key))
      sums.set(
        key,
        indexes.map(() => 0),
      );
  }
  for (const row of rows) {
    const date = String(row[categoryIndex] ?? '');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) continue;
    const key = keyOf(date);
    const sum = sums.get(key) ?? indexes.map(() => 0);
    sums.set(key, sum);
    indexes.forEach((i, k) => (sum[k]! += value(row, i)));
  }
  return {
    bucket,
    points: [...sums.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([category, values]) => ({ category, values })),
  };
}
