import { useState, type FormEvent } from 'react';
import { LOCKOUT } from '../../../shared/auth';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf, fieldErrors, type Message } from '../../api/errors';
import { useSession } from '../../stores/session';
import { useStaffStrings } from './strings';
import './staff.css';

type What = 'pin' | 'password';
const empty = { current: '', next: '', repeat: '' };

/**
 * Everyone changes their own PIN here (managers and admins also their password), giving the current one first.
 * The core checks the rules and counts wrong current secrets toward the lockout, as at sign-in: when it locks
 * the account it also ends the session, and the sign-in screen comes back.
 */
export function ChangeOwnSecretScreen() {
  const { t } = useStaffStrings();
  const api = useApi();
  const session = useSession((s) => s.session);
  const [what, setWhat] = useState<What>('pin');
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<Record<string, Message>>({});
  const [error, setError] = useState<Message | null>(null);
  const [done, setDone] = useState<What | null>(null);
  const [busy, setBusy] = useState(false);
  if (!session) return null;
  const hasPassword = session.role === 'manager' || session.role === 'admin';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setError(null);
    setDone(null);
    if (form.next !== form.repeat) {
      setErrors({ repeat: { key: 'myAccount.mismatch' } });
      return;
    }
    setBusy(true);
    try {
      const result = await api['auth.changeOwnSecret']({ what, current: form.current, next: form.next });
      setDone(result.changed);
      setForm(empty);
      if (result.changed === 'pin' && session.pinChangeAdvised) useSession.getState().setSession({ ...session, pinChangeAdvised: false });
    } catch (e) {
      const shape = errorShapeOf(e);
      if (shape.messageKey === 'error.account_locked') {
        // The core has ended the session: back to the sign-in screen, which says the account is locked.
        useSession.getState().signedOut();
        return;
      }
      const fields = fieldErrors(shape);
      if (Object.keys(fields).length) setErrors(fields);
      else setError({ key: shape.messageKey, params: shape.params });
      setForm((f) => ({ ...f, current: '' }));
    } finally {
      setBusy(false);
    }
  };

  const field = (name: keyof typeof empty, label: string) => (
    <div className={`form-field${errors[name] ? ' has-error' : ''}`}>
      <label htmlFor={`own-${name}`}>{label}</label>
      <input
        id={`own-${name}`}
        type="password"
        autoComplete={name === 'current' ? 'current-password' : 'new-password'}
        inputMode={what === 'pin' ? 'numeric' : undefined}
        maxLength={what === 'pin' ? 8 : 200}
        value={form[name]}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `own-${name}-error` : undefined}
        onChange={(e) => setForm({ ...form, [name]: what === 'pin' ? e.target.value.replace(/\D/g, '') : e.target.value })}
      />
      {errors[name] && (
        <span id={`own-${name}-error`} className="field-error">
          {t(errors[name].key, errors[name].params)}
        </span>
      )}
    </div>
  );

  return (
    <form className="panel own-secret" aria-labelledby="own-secret-title" onSubmit={(e) => void submit(e)}>
      <h1 id="own-secret-title">{t('myAccount.title')}</h1>
      <p className="muted">
        {session.name} · {t(`auth.role_${session.role}`)}
      </p>
      <p>{t('myAccount.intro')}</p>
      {session.pinChangeAdvised && <p className="own-secret-advice">{t('myAccount.shortPinAdvice')}</p>}
      {hasPassword && (
        <fieldset className="own-secret-what">
          <legend>{t('myAccount.what')}</legend>
          {(['pin', 'password'] as const).map((w) => (
            <label key={w}>
              <input
                type="radio"
                name="own-secret-what"
                value={w}
                checked={what === w}
                onChange={() => {
                  setWhat(w);
                  setForm(empty);
                  setErrors({});
                  setError(null);
                }}
              />
              {t(`myAccount.${w}`)}
            </label>
          ))}
        </fieldset>
      )}
      {field('current', t(what === 'pin' ? 'myAccount.currentPin' : 'myAccount.currentPassword'))}
      {field('next', t(what === 'pin' ? 'myAccount.newPin' : 'myAccount.newPassword'))}
      {field('repeat', t('myAccount.repeat'))}
      {error && (
        <p role="alert" className="error">
          {t(error.key, error.params)}
        </p>
      )}
      <p role="status" className="staff-done">
        {done && t(done === 'pin' ? 'myAccount.donePin' : 'myAccount.donePassword')}
      </p>
      <button type="submit" className="button primary" disabled={busy || !form.current || !form.next}>
        {t('myAccount.save')}
      </button>
      <p className="muted small">{t('myAccount.lockNote', { failures: LOCKOUT.maxFailures, minutes: LOCKOUT.minutes })}</p>
    </form>
  );
}
