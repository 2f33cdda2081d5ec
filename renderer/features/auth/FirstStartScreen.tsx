import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf, fieldErrors, type Message } from '../../api/errors';
import { useAppStatus } from '../../app/AppStatusContext';
import { ProgressBar } from '../../app/ProgressBar';
import { useSession } from '../../stores/session';
import './auth.css';

/**
 * A device with no staff at all: try the demo store (which comes with one account per role), or create the
 * store's first admin, who then creates everyone else.
 */
export function FirstStartScreen() {
  const { t } = useTranslation();
  const api = useApi();
  const { setAuth, setSession } = useSession();
  const { refresh } = useAppStatus();
  const [seeding, setSeeding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form, setForm] = useState({ name: '', pin: '', password: '' });
  const [errors, setErrors] = useState<Record<string, Message>>({});

  const seed = async () => {
    setSeeding(true);
    setError(null);
    try {
      await api['app.seedDemo']({});
      // The status bar shows the demo outlet at once, not at its next poll.
      await refresh();
      setAuth(await api['auth.session']({}));
    } catch (e) {
      setError(errorShapeOf(e).messageKey);
      setSeeding(false);
    }
  };

  const createAdmin = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    try {
      setSession(await api['auth.setupAdmin'](form));
    } catch (e) {
      const shape = errorShapeOf(e);
      const fields = fieldErrors(shape);
      if (Object.keys(fields).length) setErrors(fields);
      else setError(shape.messageKey);
    }
  };

  const field = (name: 'name' | 'pin' | 'password', label: string, type: string) => (
    <div className="form-field">
      <label htmlFor={`first-${name}`}>{label}</label>
      <input
        id={`first-${name}`}
        name={name}
        type={type}
        autoComplete="off"
        inputMode={name === 'pin' ? 'numeric' : undefined}
        value={form[name]}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `first-${name}-error` : undefined}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
      />
      {errors[name] && (
        <span id={`first-${name}-error`} className="field-error">
          {t(errors[name].key, errors[name].params)}
        </span>
      )}
    </div>
  );

  return (
    <div className="first-start">
      <section className="panel empty-store" aria-labelledby="first-start-title">
        <h1 id="first-start-title">{t('auth.firstStartTitle')}</h1>
        <p>{t('auth.firstStartBody')}</p>
        {seeding ? (
          <ProgressBar label={t('lookup.empty.seeding')} />
        ) : (
          <button type="button" className="button primary" onClick={() => void seed()}>
            {t('lookup.empty.seed')}
          </button>
        )}
        {error && (
          <p role="alert" className="error">
            {t(error)}
          </p>
        )}
      </section>
      <form className="panel first-admin" aria-labelledby="first-admin-title" onSubmit={(e) => void createAdmin(e)}>
        <h2 id="first-admin-title">{t('auth.firstAdminTitle')}</h2>
        {field('name', t('auth.firstAdminName'), 'text')}
        {field('pin', t('auth.firstAdminPin'), 'password')}
        {field('password', t('auth.firstAdminPassword'), 'password')}
        <button type="submit" className="button">
          {t('auth.firstAdminCreate')}
        </button>
      </form>
    </div>
  );
}
