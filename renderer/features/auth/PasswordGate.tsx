import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { useSession } from '../../stores/session';
import './auth.css';

/**
 * Manager screens need a session opened with the password (the core refuses their calls otherwise): a manager
 * who signed in with the PIN at the counter types the password here, once, to go on.
 */
export function PasswordGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const api = useApi();
  const session = useSession((s) => s.session);
  const setSession = useSession((s) => s.setSession);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!session || session.method === 'password') return <>{children}</>;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      setSession(await api['auth.signIn']({ staffId: session.staffId, password }));
    } catch (e) {
      setError(errorShapeOf(e).messageKey);
      setPassword('');
    }
  };
  return (
    <form className="panel password-gate" aria-labelledby="password-gate-title" onSubmit={(e) => void submit(e)}>
      <h1 id="password-gate-title">{t('auth.passwordGateTitle')}</h1>
      <p>{t('auth.passwordGateBody')}</p>
      <div className="form-field">
        <label htmlFor="gate-password">{t('auth.password')}</label>
        <input
          id="gate-password"
          type="password"
          autoComplete="current-password"
          autoFocus
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      {error && (
        <p role="alert" className="error">
          {t(error)}
        </p>
      )}
      <button type="submit" className="button primary" disabled={!password}>
        {t('auth.confirm')}
      </button>
    </form>
  );
}
