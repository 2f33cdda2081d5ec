import { useState, type FormEvent, type ReactNode } from 'react';
import type { StaffMember, StaffRole } from '../../../shared/auth';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf, fieldErrors, type Message } from '../../api/errors';
import { useStaffStrings } from './strings';

const needsPassword = (role: StaffRole) => role === 'manager' || role === 'admin';

type Errors = Record<string, Message>;

/** The core's error as field messages (or one message for the form), ready for `t`. */
function errorsOf(e: unknown): Errors {
  const shape = errorShapeOf(e);
  const fields = fieldErrors(shape);
  return Object.keys(fields).length ? fields : { form: { key: shape.messageKey, params: shape.params } };
}

/** One account's management: its role, deactivating or reactivating it, and a new PIN (unlocking it here). */
export function ManageStaffPanel({
  member,
  roles,
  onChanged,
  onClose,
}: {
  member: StaffMember;
  roles: readonly StaffRole[];
  onChanged: (message: string) => void;
  onClose: () => void;
}) {
  const { t } = useStaffStrings();
  const api = useApi();
  const [role, setRole] = useState<StaffRole>(member.role);
  const [rolePassword, setRolePassword] = useState('');
  const [pin, setPin] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ role?: Errors; active?: Errors; pin?: Errors }>({});
  const [busy, setBusy] = useState(false);

  const run = async (part: 'role' | 'active' | 'pin', work: () => Promise<string>) => {
    setBusy(true);
    setErrors({});
    try {
      onChanged(await work());
    } catch (e) {
      setErrors({ [part]: errorsOf(e) });
    } finally {
      setBusy(false);
    }
  };

  const saveRole = (event: FormEvent) => {
    event.preventDefault();
    void run('role', async () => {
      const updated = await api['auth.changeRole']({ staffId: member.id, role, password: rolePassword || null });
      setRolePassword('');
      return t('staff.doneRole', { name: updated.name, role: t(`auth.role_${updated.role}`) });
    });
  };
  const toggleActive = () =>
    void run('active', async () => {
      const updated = await api['auth.setStaffActive']({ staffId: member.id, active: !member.active });
      return t(updated.active ? 'staff.doneReactivated' : 'staff.doneDeactivated', { name: updated.name });
    });
  const savePin = (event: FormEvent) => {
    event.preventDefault();
    void run('pin', async () => {
      const updated = await api['auth.resetPin']({ staffId: member.id, pin, password: password || null });
      setPin('');
      setPassword('');
      return t('staff.donePin', { name: updated.name });
    });
  };

  /** The part's errors that no input shows beside itself (`shown`): one alert for the form. */
  const formError = (part: keyof typeof errors, shown: string[]) => {
    const rest = Object.entries(errors[part] ?? {}).filter(([field]) => !shown.includes(field));
    return (
      rest.length > 0 && (
        <p role="alert" className="error">
          {rest.map(([, m]) => t(m.key, m.params)).join(' ')}
        </p>
      )
    );
  };
  const roleShowsPassword = needsPassword(role) && !member.hasPassword;
  const input = (
    id: string,
    label: string,
    value: string,
    set: (v: string) => void,
    part: keyof typeof errors,
    field: string,
    pinOnly = false,
  ): ReactNode => {
    const problem = errors[part]?.[field];
    return (
      <div className={`form-field${problem ? ' has-error' : ''}`}>
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          type="password"
          autoComplete="new-password"
          inputMode={pinOnly ? 'numeric' : undefined}
          maxLength={pinOnly ? 8 : 200}
          value={value}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-error` : undefined}
          onChange={(e) => set(pinOnly ? e.target.value.replace(/\D/g, '') : e.target.value)}
        />
        {problem && (
          <span id={`${id}-error`} className="field-error">
            {t(problem.key, problem.params)}
          </span>
        )}
      </div>
    );
  };

  return (
    <section id="staff-manage" className="panel staff-manage" aria-labelledby="staff-manage-title">
      <div className="staff-manage-head">
        <h2 id="staff-manage-title">{t('staff.manageTitle', { name: member.name })}</h2>
        <button type="button" className="link-button" onClick={onClose}>
          {t('staff.close')}
        </button>
      </div>
      <div className="staff-manage-parts">
        <form className="staff-part" onSubmit={saveRole} aria-label={t('staff.changeRole')}>
          <div className="form-field">
            <label htmlFor="manage-role">{t('staff.changeRole')}</label>
            <select id="manage-role" value={role} onChange={(e) => setRole(e.target.value as StaffRole)}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {t(`auth.role_${r}`)}
                </option>
              ))}
            </select>
          </div>
          {roleShowsPassword &&
            input('manage-role-password', t('staff.passwordForRole'), rolePassword, setRolePassword, 'role', 'password')}
          {formError('role', roleShowsPassword ? ['password'] : [])}
          <button type="submit" className="button" disabled={busy || role === member.role}>
            {t('staff.saveRole')}
          </button>
        </form>

        <div className="staff-part">
          <p className="small muted">{t('staff.deactivateNote')}</p>
          {formError('active', [])}
          <button type="button" className={member.active ? 'button staff-deactivate' : 'button'} disabled={busy} onClick={toggleActive}>
            {member.active ? t('staff.deactivate') : t('staff.reactivate')}
          </button>
        </div>

        <form className="staff-part" onSubmit={savePin} aria-label={t('staff.resetTitle')}>
          <h3>{t('staff.resetTitle')}</h3>
          {input('manage-pin', t('staff.newPin'), pin, setPin, 'pin', 'pin', true)}
          {needsPassword(member.role) && input('manage-password', t('staff.newPassword'), password, setPassword, 'pin', 'password')}
          {formError('pin', needsPassword(member.role) ? ['pin', 'password'] : ['pin'])}
          <p className="small muted">{t('staff.resetNote')}</p>
          <button type="submit" className="button" disabled={busy || !pin}>
            {t('staff.savePin')}
          </button>
        </form>
      </div>
    </section>
  );
}
