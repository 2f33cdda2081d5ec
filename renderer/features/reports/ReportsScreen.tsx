import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../../api/ApiContext';
import { exportDownloader } from '../../api/client';
import {
  rfmSegments,
  reportNames,
  type CsvDialect,
  type ExportFormat,
  type ExportStatus,
  type ReportFiltersInput,
  type ReportName,
  type ReportSectionView,
  type ReportView,
  type RfmSegment,
} from '../../../shared/reports';
import { formatCalendarDate } from '../../i18n/format';
import { DayFirstDateField } from '../../app/DayFirstDateField';
import { ReportChart } from './ReportChart';
import { formatCell, isNumeric } from './format';
import { useReportStrings } from './strings';
import './reports.css';

interface FilterState {
  from: string;
  to: string;
  outlets: string;
  days: string;
  segment: RfmSegment | '';
  top: string;
}

const emptyFilters: FilterState = { from: '', to: '', outlets: '', days: '90', segment: '', top: '20' };

function toInput(name: ReportName, f: FilterState): ReportFiltersInput {
  const input: ReportFiltersInput = { outlets: f.outlets.split(/[,\s]+/).filter(Boolean) };
  if (f.from && name !== 'neglected') input.from = f.from;
  if (f.to) input.to = f.to;
  if (name === 'neglected' && Number(f.days) > 0) input.days = Number(f.days);
  if (name === 'rfm' && f.segment) input.segment = f.segment;
  if (name === 'top-customers' && Number(f.top) > 0) input.top = Number(f.top);
  return input;
}

/** The managers' reports: pick one, narrow it by period and outlet, read the chart and table, export the file. */
export function ReportsScreen() {
  const { t, i18n } = useReportStrings();
  const api = useApi();
  const [name, setName] = useState<ReportName>('registrations');
  const [filters, setFilters] = useState<FilterState>(emptyFilters);
  const [applied, setApplied] = useState<FilterState>(emptyFilters);
  const [view, setView] = useState<ReportView | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const language = i18n.language === 'en' ? 'en' : 'id';

  useEffect(() => {
    let cancelled = false;
    setLoading(true);
    setError(null);
    api['reports.run']({ name, filters: toInput(name, applied), language }).then(
      (result) => !cancelled && (setView(result), setLoading(false)),
      (e: { error?: { messageKey?: string } }) => !cancelled && (setError(e.error?.messageKey ?? 'error.internal'), setLoading(false)),
    );
    return () => {
      cancelled = true;
    };
  }, [api, name, applied, language]);

  // The date fields show the period the report covers until the manager picks another one.
  const shownPeriod = view && view.name === name ? view.period : null;
  const dateValue = (key: 'from' | 'to') => filters[key] || (shownPeriod?.[key] ?? '');
  const set = (key: keyof FilterState) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [key]: e.target.value }));
  const drillInto = (segment: RfmSegment) => {
    const next = { ...filters, segment };
    setFilters(next);
    setApplied(next);
  };

  return (
    <section className="reports" aria-labelledby="reports-heading">
      <h1 id="reports-heading">{t('reports.heading')}</h1>
      <div className="report-tabs" role="tablist" aria-label={t('reports.choose')}>
        {reportNames.map((n) => (
          <button key={n} type="button" role="tab" aria-selected={n === name} className="tab-button" onClick={() => setName(n)}>
            {t(`reports.names.${n}`)}
          </button>
        ))}
      </div>
      <form
        className="report-filters panel"
        onSubmit={(e) => {
          e.preventDefault();
          setApplied({ ...filters, from: name === 'neglected' ? filters.from : dateValue('from'), to: dateValue('to') });
        }}
      >
        {name !== 'neglected' && (
          <label>
            {t('reports.from')}
            <DayFirstDateField name="from" value={dateValue('from')} onChange={(value) => set('from')({ target: { value } })} />
          </label>
        )}
        <label>
          {t('reports.to')}
          <DayFirstDateField name="to" value={dateValue('to')} onChange={(value) => set('to')({ target: { value } })} />
        </label>
        <label>
          {t('reports.outlets')}
          <input name="outlets" value={filters.outlets} onChange={set('outlets')} placeholder={t('reports.outletsHint')} />
        </label>
        {name === 'neglected' && (
          <label>
            {t('reports.days')}
            <input type="number" name="days" min={1} max={3650} value={filters.days} onChange={set('days')} />
          </label>
        )}
        {name === 'rfm' && (
          <label>
            {t('reports.segment')}
            <select name="segment" value={filters.segment} onChange={set('segment')}>
              <option value="">{t('reports.allSegments')}</option>
              {rfmSegments.map((s, i) => (
                <option key={s} value={s}>
                  {view?.name === 'rfm' ? String(view.sections[0]?.rows[i]?.[0] ?? s) : s}
                </option>
              ))}
            </select>
          </label>
        )}
        {name === 'top-customers' && (
          <label>
            {t('reports.top')}
            <input type="number" name="top" min={1} max={1000} value={filters.top} onChange={set('top')} />
          </label>
        )}
        <button type="submit" className="button primary">
          {t('reports.run')}
        </button>
      </form>

      {error && (
        <p role="alert" className="error">
          {t(error)}
        </p>
      )}
      {loading && !view && <p className="muted">{t('reports.loading')}</p>}
      {view && view.name === name && (
        <div aria-busy={loading}>
          <header className="report-head">
            <h2>{view.title}</h2>
            <p className="muted small">
              {t('reports.period')}: {view.period.from ? formatCalendarDate(view.period.from, i18n.language) : '…'} –{' '}
              {formatCalendarDate(view.period.to, i18n.language)} ·{' '}
              {view.outlets.length ? view.outlets.map((o) => `${o.code} ${o.name}`).join(', ') : t('reports.allOutlets')}
            </p>
          </header>
          <ExportBar name={name} filters={toInput(name, applied)} language={language} />
          <ul className="report-summary plain">
            {view.summary.map((item) => (
              <li key={item.label} className="panel">
                <span className="muted small">{item.label}</span>
                <strong>{formatCell(item.value, item.type, i18n.language)}</strong>
              </li>
            ))}
          </ul>
          {view.sections.map((section) => (
            <Section key={section.id} section={section} onSegment={name === 'rfm' && section.id === 'segments' ? drillInto : undefined} />
          ))}
        </div>
      )}
    </section>
  );
}

function Section({ section, onSegment }: { section: ReportSectionView; onSegment?: (segment: RfmSegment) => void }) {
  const { t, i18n } = useReportStrings();
  return (
    <section className="report-section panel" aria-label={section.title}>
      <h3>{section.title}</h3>
      {section.note && <p className="hint">{section.note}</p>}
      <ReportChart section={section} />
      {section.total > section.rows.length && (
        <p className="hint report-cut">
          {t('reports.showing', {
            shown: formatCell(section.rows.length, 'integer', i18n.language),
            total: formatCell(section.total, 'integer', i18n.language),
          })}
        </p>
      )}
      {section.rows.length === 0 ? (
        <p className="muted">{t('reports.empty')}</p>
      ) : (
        <div className="report-table-wrap" tabIndex={0} role="region" aria-label={section.title}>
          <table className="report-table">
            <thead>
              <tr>
                {section.columns.map((c) => (
                  <th key={c.key} scope="col" className={isNumeric(c.type) ? 'num' : undefined}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {section.rows.map((row, r) => (
                <tr key={r}>
                  {section.columns.map((c, i) => (
                    <td key={c.key} className={isNumeric(c.type) ? 'num' : undefined}>
                      {i === 0 && onSegment && rfmSegments[r] && Number(row[1]) > 0 ? (
                        <button
                          type="button"
                          className="link-button"
                          title={t('reports.drillDown')}
                          onClick={() => onSegment(rfmSegments[r]!)}
                        >
                          {formatCell(row[i] ?? null, c.type, i18n.language)}
                        </button>
                      ) : (
                        formatCell(row[i] ?? null, c.type, i18n.language)
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ExportBar({ name, filters, language }: { name: ReportName; filters: ReportFiltersInput; language: 'id' | 'en' }) {
  const { t } = useReportStrings();
  const api = useApi();
  const [unmask, setUnmask] = useState(false);
  const [csvDialect, setCsvDialect] = useState<CsvDialect>('id');
  const [status, setStatus] = useState<ExportStatus | null>(null);
  const [downloadFailed, setDownloadFailed] = useState(false);
  const download = exportDownloader();

  const start = useCallback(
    async (format: ExportFormat) => {
      setDownloadFailed(false);
      let current = await api['reports.export']({ name, filters, format, unmask, language, csvDialect });
      setStatus(current);
      while (current.state === 'running') {
        await new Promise((r) => setTimeout(r, 400));
        current = await api['reports.exportStatus']({ id: current.id });
        setStatus(current);
      }
      // In a browser the file is on the machine running Akrab's core: hand it to this browser.
      if (current.state === 'done' && download) await download(current.id, current.fileName).catch(() => setDownloadFailed(true));
    },
    [api, name, filters, unmask, language, csvDialect, download],
  );

  return (
    <div className="report-export">
      <span className="muted">{t('reports.export')}:</span>
      {(['csv', 'xlsx', 'pdf'] as const).map((format) => (
        <button
          key={format}
          type="button"
          className="button small"
          disabled={status?.state === 'running'}
          onClick={() => void start(format)}
        >
          {format.toUpperCase()}
        </button>
      ))}
      <label className="small">
        {t('reports.csvDialect')}{' '}
        <select value={csvDialect} onChange={(e) => setCsvDialect(e.target.value as CsvDialect)}>
          <option value="id">{t('reports.csvDialectId')}</option>
          <option value="intl">{t('reports.csvDialectIntl')}</option>
        </select>
      </label>
      <label className="small">
        <input type="checkbox" checked={unmask} onChange={(e) => setUnmask(e.target.checked)} /> {t('reports.unmask')}
      </label>
      <span role="status" className="small">
        {status?.state === 'running' && t('reports.exporting', { format: status.format.toUpperCase() })}
        {status?.state === 'done' &&
          (download
            ? t('reports.downloaded', { rows: status.rows.toLocaleString('id-ID'), file: status.fileName })
            : t('reports.exported', { rows: status.rows.toLocaleString('id-ID'), path: status.path }))}
        {status?.state === 'done' && download && (
          <>
            {' '}
            <button
              type="button"
              className="link-button"
              onClick={() => void download(status.id, status.fileName).catch(() => setDownloadFailed(true))}
            >
              {t('reports.downloadAgain')}
            </button>
          </>
        )}
        {downloadFailed && <span className="error"> {t('reports.downloadFailed')}</span>}
        {status?.state === 'failed' && <span className="error">{t('reports.exportFailed')}</span>}
      </span>
    </div>
  );
}

export function ReportsNavButton({ current, onClick }: { current: boolean; onClick: () => void }) {
  const { t } = useReportStrings();
  return (
    <button type="button" className="tab" aria-current={current ? 'page' : undefined} onClick={onClick}>
      {t('reports.nav')}
    </button>
  );
}
