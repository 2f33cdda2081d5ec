import { useState, type FormEvent } from 'react';
import type { StaffDirectory, StaffRole } from '../../../shared/auth';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf, fieldErrors, type Message } from '../../api/errors';
import { useStaffStrings } from './strings';

type Field = 'name' | 'role' | 'outletCode' | 'pin' | 'password';

/**
 * A new account: name, role (what the signed-in staff member may give), outlet, PIN, and a password for a
 * manager or admin. A manager's list of outlets is their own; an admin's new admin serves every outlet.
 */
export function CreateStaffForm({ directory, onCreated }: { directory: StaffDirectory; onCreated: (message: string) => void }) {
  const { t } = useStaffStrings();
  const api = useApi();
  const blank = {
    name: '',
    role: directory.assignableRoles.includes('clerk') ? ('clerk' as StaffRole) : directory.assignableRoles[0]!,
    pin: '',
    password: '',
  };
  const [form, setForm] = useState(blank);
  const [outletCode, setOutletCode] = useState(directory.outlets.length === 1 ? directory.outlets[0]!.code : '');
  const [errors, setErrors] = useState<Record<string, Message>>({});
  const [busy, setBusy] = useState(false);
  const needsPassword = form.role === 'manager' || form.role === 'admin';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setBusy(true);
    try {
      const created = await api['auth.createStaff']({
        name: form.name,
        role: form.role,
        outletCode: form.role === 'admin' ? null : outletCode || null,
        pin: form.pin,
        password: needsPassword ? form.password : null,
      });
      setForm(blank);
      onCreated(t('staff.doneCreated', { name: created.name }));
    } catch (e) {
      const shape = errorShapeOf(e);
      const fields = fieldErrors(shape);
      setErrors(Object.keys(fields).length ? fields : { form: { key: shape.messageKey, params: shape.params } });
    } finally {
      setBusy(false);
    }
  };

  const described = (name: Field) => ({
    'aria-invalid': errors[name] ? true : undefined,
    'aria-describedby': errors[name] ? `new-staff-${name}-error` : undefined,
  });
  const problem = (name: Field) =>
    errors[name] && (
      <span id={`new-staff-${name}-error`} className="field-error">
        {t(errors[name].key, errors[name].params)}
      </span>
    );
  const shown: string[] = ['name', 'role', 'outletCode', 'pin', ...(needsPassword ? ['password'] : [])];
  const others = Object.entries(errors).filter(([field]) => !shown.includes(field));

  return (
    <form className="panel staff-create" aria-labelledby="staff-create-title" onSubmit={(e) => void submit(e)}>
      <h2 id="staff-create-title">{t('staff.createTitle')}</h2>
      <div className={`form-field${errors.name ? ' has-error' : ''}`}>
        <label htmlFor="new-staff-name">{t('staff.name')}</label>
        <input
          id="new-staff-name"
          autoComplete="off"
          maxLength={80}
          value={form.name}
          onChange={(e) => setForm({ ...form, name: e.target.value })}
          {...described('name')}
        />
        {problem('name')}
      </div>
      <div className="staff-create-row">
        <div className={`form-field${errors.role ? ' has-error' : ''}`}>
          <label htmlFor="new-staff-role">{t('staff.role')}</label>
          <select
            id="new-staff-role"
            value={form.role}
            onChange={(e) => setForm({ ...form, role: e.target.value as StaffRole })}
            {...described('role')}
          >
            {directory.assignableRoles.map((r) => (
              <option key={r} value={r}>
                {t(`auth.role_${r}`)}
              </option>
            ))}
          </select>
          {problem('role')}
        </div>
        <div className={`form-field${errors.outletCode ? ' has-error' : ''}`}>
          <label htmlFor="new-staff-outlet">{t('staff.outlet')}</label>
          <select
            id="new-staff-outlet"
            value={form.role === 'admin' ? '' : outletCode}
            disabled={form.role === 'admin'}
            onChange={(e) => setOutletCode(e.target.value)}
            {...described('outletCode')}
          >
            {(form.role === 'admin' || directory.outlets.length !== 1) && (
              <option value="">{form.role === 'admin' ? t('staff.allOutlets') : '—'}</option>
            )}
            {directory.outlets.map((o) => (
              <option key={o.code} value={o.code}>
                {o.name === o.code ? o.code : `${o.code} · ${o.name}`}
              </option>
            ))}
          </select>
          {problem('outletCode')}
        </div>
      </div>
      <div className={`form-field${errors.pin ? ' has-error' : ''}`}>
        <label htmlFor="new-staff-pin">{t('staff.pin')}</label>
        <input
          id="new-staff-pin"
          type="password"
          inputMode="numeric"
          autoComplete="new-password"
          maxLength={8}
          value={form.pin}
          onChange={(e) => setForm({ ...form, pin: e.target.value.replace(/\D/g, '') })}
          {...described('pin')}
        />
        {problem('pin')}
      </div>
      {needsPassword && (
        <div className={`form-field${errors.password ? ' has-error' : ''}`}>
          <label htmlFor="new-staff-password">{t('staff.password')}</label>
          <input
            id="new-staff-password"
            type="password"
            autoComplete="new-password"
            maxLength={200}
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
            {...described('password')}
          />
          <span className="hint">{t('staff.passwordNeeded')}</span>
          {problem('password')}
        </div>
      )}
      {others.length > 0 && (
        <p role="alert" className="error">
          {others.map(([, m]) => t(m.key, m.params)).join(' ')}
        </p>
      )}
      <button type="submit" className="button primary" disabled={busy}>
        {t('staff.create')}
      </button>
    </form>
  );
}
