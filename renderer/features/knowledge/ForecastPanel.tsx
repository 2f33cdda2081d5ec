import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Forecast } from '../../../shared/knowledgeViews';
import { useApi } from '../../api/ApiContext';
import { localeOf } from '../../i18n';
import { formatRupiah } from '../../i18n/format';
import { NoticeLine, useNotice } from './useNotice';

/** Months summed over outlets: the chart shows the outlet's (or the store's) months. */
function byMonth(rows: { month: string; opportunities: number; repeat: number; total: number; actual?: number }[]) {
  const months = new Map<string, { month: string; opportunities: number; repeat: number; total: number; actual: number | null }>();
  for (const r of rows) {
    const m = months.get(r.month) ?? { month: r.month, opportunities: 0, repeat: 0, total: 0, actual: r.actual === undefined ? null : 0 };
    m.opportunities += r.opportunities;
    m.repeat += r.repeat;
    m.total += r.total;
    if (r.actual !== undefined) m.actual = (m.actual ?? 0) + r.actual;
    months.set(r.month, m);
  }
  return [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
}

/** The manager's forecast (issue 19 point 3): the next three months, and past months' forecast against actual. */
export function ForecastPanel() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [forecast, setForecast] = useState<Forecast | null>(null);
  const { notice, fail } = useNotice();
  useEffect(() => {
    api['opportunities.forecast']({ ownOutlet: true }).then(setForecast, fail);
  }, [api, fail]);
  const locale = localeOf(i18n.language);
  if (!forecast) return notice ? <NoticeLine notice={notice} /> : <p className="muted">{t('pipeline.loading')}</p>;
  const monthLabel = (month: string) =>
    new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
  const past = byMonth(forecast.past);
  const future = byMonth(forecast.months);
  const data = [...past, ...future].map((m) => ({ ...m, label: monthLabel(m.month) }));
  // The language's own short forms: "M" is miliar in Indonesian but million in English.
  const compact = (v: number) => new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(v);
  const names: Record<string, string> = {
    opportunities: t('pipeline.fromOpportunities'),
    repeat: t('pipeline.fromRepeat'),
    actual: t('pipeline.actual'),
  };
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  return (
    <section className="panel forecast" aria-labelledby="forecast-h" data-testid="forecast-panel">
      <h2 id="forecast-h">{t('pipeline.forecast')}</h2>
      <p className="muted small">{t('pipeline.forecastNote')}</p>
      <div className="forecast-layout">
        <figure className="report-chart" aria-label={t('pipeline.forecastVsActual')}>
          <figcaption>{t('pipeline.forecastVsActual')}</figcaption>
          <ResponsiveContainer width="100%" height={220}>
            <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
              <CartesianGrid strokeDasharray="3 3" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 11 }} />
              <YAxis tickFormatter={compact} tick={{ fontSize: 11 }} width={56} />
              <Tooltip formatter={(value, name) => [formatRupiah(Number(value)), names[String(name)] ?? String(name)]} />
              <Legend formatter={(key: string) => names[key] ?? key} />
              <Bar dataKey="opportunities" stackId="f" fill="#1f6f8b" isAnimationActive={false} />
              <Bar dataKey="repeat" stackId="f" fill="#7fb3c6" isAnimationActive={false} />
              <Bar dataKey="actual" fill="#e07a1f" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </figure>
        <div>
          <table className="table" data-testid="forecast-table">
            <thead>
              <tr>
                <th scope="col">{t('pipeline.month')}</th>
                <th scope="col" className="num">{t('pipeline.fromOpportunities')}</th>
                <th scope="col" className="num">{t('pipeline.fromRepeat')}</th>
                <th scope="col" className="num">{t('pipeline.total')}</th>
              </tr>
            </thead>
            <tbody>
              {future.map((m) => (
                <tr key={m.month}>
                  <td>{monthLabel(m.month)}</td>
                  <td className="num mono">{formatRupiah(m.opportunities)}</td>
                  <td className="num mono">{formatRupiah(m.repeat)}</td>
                  <td className="num mono">
                    <b>{formatRupiah(m.total)}</b>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('pipeline.winRates')}</h3>
          <ul className="plain small">
            {forecast.winRates
              .filter((r) => r.category === null)
              .map((r) => (
                <li key={r.stage}>
                  {t('pipeline.winRateRow', {
                    stage: t(`opportunity.stage.${r.stage}`),
                    rate: percent.format(r.rate),
                    wins: r.wins,
                    closed: r.closed,
                  })}
                </li>
              ))}
          </ul>
        </div>
      </div>
    </section>
  );
}
