import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useTranslation } from 'react-i18next';
import type { ReportSectionView } from '../../../shared/reports';
import { formatCell } from './format';

const colors = ['#1f6f8b', '#e07a1f', '#5a9e4b', '#b5485d'];
const MAX_BARS = 62;

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
  const rows = byDate ? section.rows.slice(-MAX_BARS) : section.rows.slice(0, 15);
  const data = rows.map((row) => ({
    label: byDate ? formatCell(row[categoryIndex] ?? null, 'date', i18n.language).replace(/ \d{4}$/, '') : String(row[categoryIndex] ?? ''),
    ...Object.fromEntries(series.map((s) => [s.key, typeof row[s.index] === 'number' ? row[s.index] : 0])),
  }));
  const valueType = series[0]!.column.type;
  const tick = (v: number) =>
    valueType === 'rupiah'
      ? new Intl.NumberFormat('id-ID', { notation: 'compact', maximumFractionDigits: 1 }).format(v)
      : formatCell(v, valueType, i18n.language);
  const height = byDate ? 240 : Math.max(160, data.length * 28 + 40);
  return (
    <figure className="report-chart" aria-label={t('reports.chart', { title: chart.title })}>
      <figcaption>{chart.title}</figcaption>
      <ResponsiveContainer width="100%" height={height}>
        <BarChart data={data} layout={byDate ? 'horizontal' : 'vertical'} margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={!byDate} horizontal={byDate} />
          {byDate ? (
            <XAxis dataKey="label" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
          ) : (
            <XAxis type="number" tickFormatter={tick} tick={{ fontSize: 11 }} />
          )}
          {byDate ? (
            <YAxis tickFormatter={tick} tick={{ fontSize: 11 }} width={56} />
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
