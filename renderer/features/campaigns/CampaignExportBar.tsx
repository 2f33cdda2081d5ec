import { useState } from 'react';
import type { ExportFormat, ExportStatus } from '../../../shared/reports';
import { exportDownloader } from '../../api/client';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { useCampaignStrings } from './strings';

/** CSV, XLSX and PDF of the campaign's results, written in the background as the reports' exports are. */
export function CampaignExportBar({ campaignId, language }: { campaignId: string; language: 'id' | 'en' }) {
  const api = useApi();
  return (
    <ExportBar
      label="campaigns.export"
      formats={['csv', 'xlsx', 'pdf']}
      begin={(format) => api['campaigns.export']({ campaignId, format, language, csvDialect: language === 'id' ? 'id' : 'intl' })}
    />
  );
}

/** Export buttons for a file written in the background (`begin` starts it); polls, then downloads it in a browser. */
export function ExportBar<F extends ExportFormat>({ label, formats, begin }: { label: string; formats: readonly F[]; begin: (format: F) => Promise<ExportStatus> }) {
  const { t } = useCampaignStrings();
  const api = useApi();
  const download = exportDownloader();
  const [status, setStatus] = useState<ExportStatus | null>(null);
  const [error, setError] = useState<string | null>(null);

  const start = async (format: F) => {
    setError(null);
    try {
      let current = await begin(format);
      setStatus(current);
      while (current.state === 'running') {
        await new Promise((r) => setTimeout(r, 400));
        current = await api['reports.exportStatus']({ id: current.id });
        setStatus(current);
      }
      if (current.state === 'done' && download) await download(current.id, current.fileName);
    } catch (e) {
      setError(errorShapeOf(e).messageKey);
    }
  };

  return (
    <div className="report-export">
      <span className="muted">{t(label)}:</span>
      {formats.map((format) => (
        <button key={format} type="button" className="button small" disabled={status?.state === 'running'} onClick={() => void start(format)}>
          {format.toUpperCase()}
        </button>
      ))}
      <span role="status" className="small">
        {status?.state === 'running' && t('campaigns.exporting', { format: status.format.toUpperCase() })}
        {status?.state === 'done' && t('campaigns.exported', { rows: status.rows, file: download ? status.fileName : status.path })}
        {status?.state === 'failed' && <span className="error">{t(status.error?.messageKey ?? 'error.internal')}</span>}
        {error && <span className="error">{t(error)}</span>}
      </span>
    </div>
  );
}
