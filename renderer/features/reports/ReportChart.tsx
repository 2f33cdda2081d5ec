import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import type { ReportSectionView } from '../../../shared/reports';
import { localeOf } from '../../i18n';
import { formatCell } from './format';

const colors = ['#1f6f8b', '#e07a1f', '#5a9e4b', '#b5485d'];

/** The section's bar chart: days left to right, named categories as horizontal bars. */
export function ReportChart({ section }: { section: ReportSectionView }) {
  const { t, i18n } = useTranslation();
  const chart = section.chart;
  if (!chart || section.rows.length === 0) return null;
  const categoryIndex = section.columns.findIndex((c) => c.key === chart.category);
  const category = section.columns[categoryIndex]!;
  const series = chart.series.map((key) => ({
    key,
    index: section.columns.findIndex((c) => c.key === key),
    column: section.columns.find((c) => c.key === key)!,
  }));
  const byDate = category.type === 'date';
  // The bars come from every row of the period (the table may show only the first ones): days, weeks or months.
  const bars = section.chartData;
  if (!bars || bars.points.length === 0) return null;
  const locale = localeOf(i18n.language);
  const dateLabel = (iso: string) =>
    new Intl.DateTimeFormat(
      locale,
      bars.bucket === 'month' ? { month: 'short', year: 'numeric', timeZone: 'UTC' } : { day: 'numeric', month: 'short', timeZone: 'UTC' },
    ).format(new Date(`${iso}T00:00:00Z`));
  const data = bars.points.map((point) => ({
    label: byDate ? dateLabel(point.category) : point.category,
    ...Object.fromEntries(series.map((s, k) => [s.key, point.values[k] ?? 0])),
  }));
  // The title names what is counted; the bucket (day, week or month, by the period's length) follows it.
  const per = bars.bucket === 'category' ? '' : ` (${t(`reports.per.${bars.bucket}`)})`;
  const valueType = series[0]!.column.type;
  // Counts of people and cards are whole: no 0,5 registration on the axis.
  const whole = valueType === 'integer' || valueType === 'rupiah';
  const tick = (v: number) =>
    valueType === 'rupiah'
      ? new Intl.NumberFormat('id-ID', { notation: 'compact', maximumFractionDigits: 1 }).format(v)
      : formatCell(v, valueType, i18n.language);
  const height = byDate ? 240 : Math.max(160, data.length * 28 + 40);
  return (
    <figure className="report-chart" aria-label={t('reports.chart', { title: chart.title })}>
      <figcaption>
        {chart.title}
        {per}
      </figcaption>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} layout={byDate ? 'horizontal' : 'vertical'} margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={!byDate} horizontal={byDate} />
          {byDate ? (
            <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
          ) : (
            <XAxis type="number" tickFormatter={tick} tick={{ fontSize: 11 }} allowDecimals={!whole} />
          )}
          {byDate ? (
            <YAxis tickFormatter={tick} tick={{ fontSize: 11 }} width={56} allowDecimals={!whole} />
          ) : (
            <YAxis type="category" dataKey="label" width={150} tick={{ fontSize: 12 }} />
          )}
          <Tooltip
            formatter={(value, name) => [
              formatCell(Number(value), series.find((s) => s.key === name)?.column.type ?? 'integer', i18n.language),
              series.find((s) => s.key === name)?.column.label ?? String(name),
            ]}
          />
          {series.length > 1 && <Legend formatter={(key: string) => series.find((s) => s.key === key)?.column.label ?? key} />}
          {series.map((s, i) => (
            <Bar key={s.key} dataKey={s.key} fill={colors[i % colors.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
