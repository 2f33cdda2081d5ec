import { useState, type FormEvent } from 'react';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { useSession } from '../../stores/session';
import { useStaffStrings } from './strings';

/** The device's idle time before the screen locks itself (`auth.setAutoLock`); the idle lock picks it up at once. */
export function AutoLockSettings() {
  const { t } = useStaffStrings();
  const api = useApi();
  const current = useSession((s) => s.autoLockMinutes);
  const [minutes, setMinutes] = useState(String(current));
  const [saved, setSaved] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(null);
    try {
      const auth = await api['auth.setAutoLock']({ minutes: Number(minutes) });
      useSession.getState().setAuth(auth);
      setSaved(auth.autoLockMinutes);
    } catch (e) {
      setError(errorShapeOf(e).messageKey);
    }
  };

  return (
    <form className="panel staff-settings" aria-labelledby="staff-settings-title" onSubmit={(e) => void submit(e)}>
      <h2 id="staff-settings-title">{t('staff.settingsTitle')}</h2>
      <div className={`form-field${error ? ' has-error' : ''}`}>
        <label htmlFor="auto-lock-minutes">{t('staff.autoLock')}</label>
        <input
          id="auto-lock-minutes"
          type="number"
          min={1}
          max={240}
          step={1}
          value={minutes}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'auto-lock-error' : undefined}
          onChange={(e) => setMinutes(e.target.value)}
        />
        {error && (
          <span id="auto-lock-error" className="field-error">
            {t(error)}
          </span>
        )}
      </div>
      <p role="status" className="staff-done">
        {saved !== null && t('staff.autoLockSaved', { minutes: saved })}
      </p>
      <button type="submit" className="button">
        {t('staff.autoLockSave')}
      </button>
    </form>
  );
}
