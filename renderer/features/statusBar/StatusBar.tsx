import { useTranslation } from 'react-i18next';
import { useAppStatus } from '../../app/AppStatusContext';
import { SessionControls } from '../auth/SessionControls';

/** Where and who this is, and whether changes have reached the central server. */
export function StatusBar() {
  const { t } = useTranslation();
  const { status } = useAppStatus();
  const server =
    status?.serverReachable === true ? 'serverOnline' : status?.serverReachable === false ? 'serverOffline' : 'serverUnknown';
  return (
    <footer className="statusbar" aria-label={t('status.label')}>
      <span className="status-outlet">
        <b>{t('status.outlet')}:</b> {status?.outletCode ? `${status.outletName ?? status.outletCode} (${status.outletCode})` : t('status.noOutlet')}
      </span>
      {/* The device id is for support; its first characters tell devices apart, the whole id is in the title. */}
      <span title={status?.deviceId}>
        <b>{t('status.device')}:</b> <code>{status?.deviceId ? status.deviceId.slice(0, 8) : '…'}</code>
      </span>
      <span>
        <b>{t('status.staff')}:</b> {status?.staffName ?? t('status.noStaff')}
      </span>
      <SessionControls />
      <span data-testid="server-state" className={`server server-${server}`}>
        <span className="dot" aria-hidden="true" />
        <b>{t('status.server')}:</b> {t(`status.${server}`)}
      </span>
      {status?.clockAhead && (
        <span role="alert" className="status-warning" data-testid="clock-ahead">
          {t('status.clockAhead')}
        </span>
      )}
      {!!status?.refusedChanges && (
        <span className="status-warning" data-testid="refused-changes" title={t('status.refusedHint')}>
          {t('status.refused', { count: status.refusedChanges })}
        </span>
      )}
      <span data-testid="pending-changes">{t(status?.pendingChangesCapped ? 'status.pendingAtLeast' : 'status.pending', { count: status?.pendingChanges ?? 0 })}</span>
    </footer>
  );
}
