import { useCallback, useEffect, useState } from 'react';
import { campaignChannels, exclusionReasons, type Campaign } from '../../../shared/campaigns';
import type { CampaignResultsView } from '../../../shared/campaignResults';
import { consentPurposes } from '../../../shared/privacy';
import type { SavedSegment } from '../../../shared/segments';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { ReportChart } from '../reports/ReportChart';
import { CampaignExportBar } from './CampaignExportBar';
import { formatCell, isNumeric } from '../reports/format';
import { newRow, SegmentBuilder, toTree, type ConditionRow } from './SegmentBuilder';
import { useCampaignStrings } from './strings';
import './campaigns.css';

export function CampaignsNavButton({ current, onClick }: { current: boolean; onClick: () => void }) {
  const { t } = useCampaignStrings();
  return (
    <button type="button" className="tab" aria-current={current ? 'page' : undefined} onClick={onClick}>
      {t('campaigns.nav')}
    </button>
  );
}

/** The manager's loop: build a segment (live count), save it, make a campaign of it, launch it, read its results. */
export function CampaignsScreen() {
  const { t, i18n } = useCampaignStrings();
  const api = useApi();
  const [rows, setRows] = useState<ConditionRow[]>([newRow('city')]);
  const [mode, setMode] = useState<'and' | 'or'>('and');
  const [segmentName, setSegmentName] = useState('');
  const [segments, setSegments] = useState<SavedSegment[]>([]);
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  const [form, setForm] = useState({ name: '', segment: '', purpose: 'marketing_whatsapp', channel: 'whatsapp', template: '{sapaan} {nama}, ada promo khusus untuk Anda di {outlet}.', control: '10' });
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<CampaignResultsView | null>(null);
  const language = i18n.language === 'en' ? 'en' : 'id';

  const reload = useCallback(() => {
    api['segments.list']({}).then(setSegments, (e) => setError(errorShapeOf(e).messageKey));
    api['campaigns.list']({}).then(setCampaigns, (e) => setError(errorShapeOf(e).messageKey));
  }, [api]);
  useEffect(reload, [reload]);

  const fail = (e: unknown) => (setError(errorShapeOf(e).messageKey), setMessage(null));
  const saveSegment = () => {
    const where = toTree(rows, mode);
    if (!where) return;
    api['segments.save']({ name: segmentName, where: where as never }).then((s) => {
      setMessage(t('campaigns.saved', { name: s.name }));
      setError(null);
      setForm((f) => ({ ...f, segment: s.name }));
      reload();
    }, fail);
  };
  const create = () =>
    api['campaigns.create']({
      name: form.name,
      segment: form.segment,
      purpose: form.purpose as 'marketing_whatsapp',
      channel: form.channel as 'whatsapp',
      template: form.template,
      controlPercent: form.control === '' ? undefined : Number(form.control),
    }).then(() => (setError(null), reload()), fail);
  const launch = (c: Campaign) =>
    api['campaigns.launch']({ campaignId: c.id }).then(({ summary }) => {
      const excluded = exclusionReasons
        .filter((r) => summary.excluded[r] > 0)
        .map((r) => `${t(`campaigns.exclusions.${r}`)} ${summary.excluded[r]}`)
        .join(', ');
      setMessage(t('campaigns.launched', { added: summary.added, control: summary.control, excluded: excluded || '—' }));
      setError(null);
      reload();
    }, fail);
  const showResults = useCallback((c: Campaign) => api['campaigns.results']({ campaignId: c.id, language }).then(setResults, fail), [api, language]);
  useEffect(() => {
    if (results) void showResults({ id: results.campaignId } as Campaign);
  }, [language]); // eslint-disable-line react-hooks/exhaustive-deps
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const pct = (x: number) => (x * 100).toFixed(1);

  return (
    <section className="campaigns" aria-labelledby="campaigns-heading">
      <h1 id="campaigns-heading">{t('campaigns.heading')}</h1>
      <SegmentBuilder rows={rows} mode={mode} onRows={setRows} onMode={setMode} />
      <div className="row">
        <label>
          {t('campaigns.segmentName')} <input value={segmentName} onChange={(e) => setSegmentName(e.target.value)} />
        </label>
        <button type="button" onClick={saveSegment} disabled={!segmentName.trim() || !toTree(rows, mode)}>
          {t('campaigns.saveSegment')}
        </button>
      </div>
      {message && (
        <p role="status" className="ok">
          {message}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {t(error)}
        </p>
      )}

      <fieldset className="campaign-form">
        <legend>{t('campaigns.create')}</legend>
        <label>
          {t('campaigns.name')} <input value={form.name} onChange={set('name')} />
        </label>
        <label>
          {t('campaigns.segment')}{' '}
          <select aria-label={t('campaigns.segment')} value={form.segment} onChange={set('segment')}>
            <option value="" />
            {segments.map((s) => (
              <option key={s.id} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('campaigns.purpose')}{' '}
          <select aria-label={t('campaigns.purpose')} value={form.purpose} onChange={set('purpose')}>
            {consentPurposes.map((p) => (
              <option key={p} value={p}>
                {t(`campaigns.purposeName.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('campaigns.channel')}{' '}
          <select aria-label={t('campaigns.channel')} value={form.channel} onChange={set('channel')}>
            {campaignChannels.map((c) => (
              <option key={c} value={c}>
                {t(`campaigns.channelName.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="wide">
          {t('campaigns.template')} <input value={form.template} onChange={set('template')} />
        </label>
        <label>
          {t('campaigns.control')} <input inputMode="numeric" value={form.control} onChange={set('control')} />
        </label>
        <button type="button" onClick={create}>
          {t('campaigns.create')}
        </button>
      </fieldset>

      <h2>{t('campaigns.list')}</h2>
      <ul className="campaign-list">
        {campaigns.map((c) => (
          <li key={c.id}>
            <b>{c.name}</b> · {t(`campaigns.channelName.${c.channel}`)} · {t(`campaigns.status.${c.status}`)} · {c.periodFrom}–{c.periodTo}{' '}
            {c.status === 'draft' ? (
              <button type="button" onClick={() => launch(c)} aria-label={`${t('campaigns.launch')}: ${c.name}`}>
                {t('campaigns.launch')}
              </button>
            ) : (
              <button type="button" onClick={() => void showResults(c)} aria-label={`${t('campaigns.results')}: ${c.name}`}>
                {t('campaigns.results')}
              </button>
            )}
          </li>
        ))}
      </ul>

      {results && (
        <section className="campaign-results" aria-label={results.report.title}>
          <h2>{results.report.title}</h2>
          <CampaignExportBar campaignId={results.campaignId} language={language} />
          <p>{results.lift ? t('campaigns.lift', { diff: pct(results.lift.difference), low: pct(results.lift.low), high: pct(results.lift.high) }) : t('campaigns.noLift')}</p>
          <dl className="summary">
            {results.report.summary.map((s) => (
              <div key={s.label}>
                <dt>{s.label}</dt>
                <dd>{formatCell(s.value, s.type, language)}</dd>
              </div>
            ))}
          </dl>
          {results.report.sections.map((section) => (
            <div key={section.id}>
              <h3>{section.title}</h3>
              <ReportChart section={section} />
              <table>
                <thead>
                  <tr>
                    {section.columns.map((c) => (
                      <th key={c.key} scope="col">
                        {c.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {section.rows.map((row, i) => (
                    <tr key={i}>
                      {row.map((cell, j) => (
                        <td key={j} className={isNumeric(section.columns[j]!.type) ? 'num' : undefined}>
                          {formatCell(cell, section.columns[j]!.type, language)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
              {section.note && <p className="muted small">{section.note}</p>}
            </div>
          ))}
        </section>
      )}
    </section>
  );
}
