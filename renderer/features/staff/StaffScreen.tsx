import { useCallback, useEffect, useState } from 'react';
import type { StaffDirectory, StaffMember } from '../../../shared/auth';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { useNavigation } from '../../stores/navigation';
import { useSession } from '../../stores/session';
import { formatDateTime } from '../audit/formatDateTime';
import { AutoLockSettings } from './AutoLockSettings';
import { CreateStaffForm } from './CreateStaffForm';
import { ManageStaffPanel } from './ManageStaffPanel';
import { useStaffStrings } from './strings';
import './staff.css';

/** The top bar's tab for the staff screen (managers and admins). */
export function StaffNavButton({ current, onClick }: { current: boolean; onClick: () => void }) {
  const { t } = useStaffStrings();
  return (
    <button type="button" className="tab" aria-current={current ? 'page' : undefined} onClick={onClick}>
      {t('staff.tab')}
    </button>
  );
}

/**
 * Staff management for managers (their own outlet's accounts) and admins (everyone): the list with each
 * account's role, outlet and state, a panel to manage one account, a form for a new one, and the device's
 * auto-lock setting. The screen offers only what the core allows; the core checks every call again.
 */
export function StaffScreen() {
  const { t, i18n } = useStaffStrings();
  const api = useApi();
  const session = useSession((s) => s.session);
  const [directory, setDirectory] = useState<StaffDirectory | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setDirectory(await api['auth.staffList']({}));
      setError(null);
    } catch (e) {
      setError(errorShapeOf(e).messageKey);
    }
  }, [api]);
  useEffect(() => {
    void load();
  }, [load]);

  const changed = (message: string) => {
    setNotice(message);
    void load();
  };

  const member = directory?.staff.find((s) => s.id === selected) ?? null;
  const status = (s: StaffMember) =>
    !s.active
      ? t('staff.inactive')
      : s.lockedUntil
        ? t('staff.lockedUntil', { time: formatDateTime(s.lockedUntil, i18n.language) })
        : t('staff.active');

  return (
    <div className="staff-screen">
      <div className="staff-main">
        <section className="panel" aria-labelledby="staff-title">
          <h1 id="staff-title">{t('staff.title')}</h1>
          <p className="muted">
            {session?.role === 'admin' ? t('staff.introAdmin') : t('staff.introManager', { outlet: session?.outletCode ?? '—' })}
          </p>
          {error && (
            <p role="alert" className="error">
              {t(error)}
            </p>
          )}
          <p role="status" className="staff-done">
            {notice}
          </p>
          {directory && (
            <table className="table staff-table" aria-labelledby="staff-title">
              <thead>
                <tr>
                  <th scope="col">{t('staff.name')}</th>
                  <th scope="col">{t('staff.role')}</th>
                  <th scope="col">{t('staff.outlet')}</th>
                  <th scope="col">{t('staff.status')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('staff.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {directory.staff.map((s) => (
                  <tr key={s.id} className={`${s.active ? '' : 'staff-inactive'}${s.id === selected ? ' staff-selected' : ''}`}>
                    <th scope="row">
                      {s.name}
                      {s.id === session?.staffId && <span className="muted small"> ({t('staff.you')})</span>}
                    </th>
                    <td>{t(`auth.role_${s.role}`)}</td>
                    <td>{s.outletCode ?? t('staff.allOutlets')}</td>
                    <td>
                      <span className={`staff-state ${!s.active ? 'off' : s.lockedUntil ? 'locked' : 'on'}`}>{status(s)}</span>
                    </td>
                    <td>
                      {s.manageable && (
                        <button
                          type="button"
                          className="button small"
                          aria-label={t('staff.manageLabel', { name: s.name })}
                          aria-expanded={s.id === selected}
                          aria-controls={s.id === selected ? 'staff-manage' : undefined}
                          onClick={() => setSelected(s.id === selected ? null : s.id)}
                        >
                          {t('staff.manage')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        {member && directory && (
          <ManageStaffPanel
            key={member.id}
            member={member}
            roles={directory.assignableRoles}
            onChanged={changed}
            onClose={() => setSelected(null)}
          />
        )}
      </div>
      <div className="staff-side">
        {directory && <CreateStaffForm directory={directory} onCreated={changed} />}
        <AutoLockSettings />
        <button type="button" className="link-button" onClick={() => useNavigation.getState().go({ name: 'account' })}>
          {t('staff.myAccount')}
        </button>
      </div>
    </div>
  );
}
