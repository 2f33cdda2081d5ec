import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffCard } from '../../../shared/auth';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { useNavigation } from '../../stores/navigation';
import { useSession } from '../../stores/session';
import './auth.css';

const DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * The counter's sign-in: pick a name (the staff of this outlet and the admins), type the PIN on the keyboard or
 * the pad, Enter. Managers may use their password instead, which their screens ask for anyway.
 *
 * The names are one radio group: the arrow keys move the choice and the focus within it and never leave it, so a
 * PIN is only typed once the staff member has stepped into the box labelled with their own name (Enter or Tab; a
 * click on a name goes there at once).
 */
export function SignInScreen({ lockedNotice = false }: { lockedNotice?: boolean }) {
  const { t } = useTranslation();
  const api = useApi();
  const setSession = useSession((s) => s.setSession);
  const lastStaffId = useSession((s) => s.lastStaffId);
  const [staff, setStaff] = useState<StaffCard[] | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [secret, setSecret] = useState('');
  const [usePassword, setUsePassword] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ key: string; params?: Record<string, string | number> } | null>(null);
  const secretInput = useRef<HTMLInputElement>(null);
  const picker = useRef<HTMLFieldSetElement>(null);
  /** The next choice comes from a pointer (click or tap), not from the arrow keys. */
  const pointerChoice = useRef(false);
  const [focusSecret, setFocusSecret] = useState(0);

  useEffect(() => {
    api['auth.staff']({}).then(
      (list) => {
        setStaff(list);
        const first = list.find((s) => s.id === lastStaffId) ?? (list.length === 1 ? list[0] : undefined);
        if (first) setChosen(first.id);
      },
      (e: unknown) => setError({ key: errorShapeOf(e).messageKey }),
    );
  }, [api]); // eslint-disable-line react-hooks/exhaustive-deps

  // The focus starts on the list (on the chosen name when there is one), never in someone's PIN box.
  const listed = staff !== null;
  useEffect(() => {
    if (!listed) return;
    const radios = [...(picker.current?.querySelectorAll<HTMLInputElement>('input[type="radio"]') ?? [])];
    (radios.find((r) => r.checked) ?? radios[0])?.focus();
  }, [listed]);

  useEffect(() => {
    if (focusSecret) secretInput.current?.focus();
  }, [focusSecret]);

  const choose = (id: string) => {
    setChosen(id);
    setSecret('');
    setError(null);
    setUsePassword(false);
    if (pointerChoice.current) setFocusSecret((n) => n + 1);
    pointerChoice.current = false;
  };

  const onPickerKeyDown = (event: KeyboardEvent<HTMLFieldSetElement>) => {
    pointerChoice.current = false;
    if (event.key === 'Enter' && chosen) {
      event.preventDefault();
      setFocusSecret((n) => n + 1);
    }
  };

  const person = staff?.find((s) => s.id === chosen) ?? null;
  const canUsePassword = person?.role === 'manager' || person?.role === 'admin';
  const isDemo = !!staff?.some((s) => s.demoPin);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!person || !secret || busy) return;
    setBusy(true);
    setError(null);
    try {
      const session = await api['auth.signIn'](
        usePassword ? { staffId: person.id, password: secret } : { staffId: person.id, pin: secret },
      );
      // A new person at the counter starts from the search, never on the previous person's customer.
      useNavigation.getState().go({ name: 'lookup' });
      setSession(session);
    } catch (e) {
      const shape = errorShapeOf(e);
      setError({ key: shape.messageKey, params: shape.params });
      setSecret('');
      secretInput.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  const press = (digit: string) => {
    setSecret((s) => (s.length < 8 ? s + digit : s));
    secretInput.current?.focus();
  };

  return (
    <section className="panel sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('auth.signInTitle')}</h1>
      {lockedNotice && <p className="notice">{t('auth.locked')}</p>}
      <p>{t('auth.signInIntro')}</p>
      <div className="sign-in-layout">
        <fieldset ref={picker} className="staff-picker" onKeyDown={onPickerKeyDown} onPointerDown={() => (pointerChoice.current = true)}>
          <legend>{t('auth.staffList')}</legend>
          {staff?.length === 0 && <p className="muted">{t('auth.noStaff')}</p>}
          {staff?.map((s) => (
            <label key={s.id} className={`staff-choice${s.id === chosen ? ' chosen' : ''}`}>
              <input
                type="radio"
                name="staff"
                value={s.id}
                checked={s.id === chosen}
                onChange={() => choose(s.id)}
                onClick={() => {
                  // A click on the name already chosen (no change follows) still steps into its PIN box.
                  if (pointerChoice.current && s.id === chosen) {
                    pointerChoice.current = false;
                    setFocusSecret((n) => n + 1);
                  }
                }}
              />
              <span className="staff-name">{s.name}</span>
              <span className="muted small">
                {t(`auth.role_${s.role}`)}
                {s.outletCode ? ` · ${s.outletCode}` : ''}
              </span>
              {s.demoPin && (
                <span className="demo-secret small">
                  {t('auth.demoSecret', { pin: s.demoPin })}
                  {s.demoPassword ? `, ${t('auth.demoPassword', { password: s.demoPassword })}` : ''}
                </span>
              )}
            </label>
          ))}
        </fieldset>
        {person && (
          <form className="pin-form" onSubmit={(e) => void submit(e)} aria-label={t('auth.signInAs', { name: person.name })}>
            <p className="pin-owner" aria-hidden="true">
              {person.name}
            </p>
            <label htmlFor="sign-in-secret">{t(usePassword ? 'auth.passwordFor' : 'auth.pinFor', { name: person.name })}</label>
            <input
              id="sign-in-secret"
              ref={secretInput}
              name="secret"
              type="password"
              inputMode={usePassword ? 'text' : 'numeric'}
              autoComplete="off"
              maxLength={usePassword ? 200 : 8}
              value={secret}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'sign-in-error' : undefined}
              onChange={(e) => setSecret(usePassword ? e.target.value : e.target.value.replace(/\D/g, ''))}
            />
            {!usePassword && (
              <div className="pin-pad" role="group" aria-label={t('auth.pinPad')}>
                {DIGITS.map((d) => (
                  <button key={d} type="button" className="button" tabIndex={-1} onClick={() => press(d)}>
                    {d}
                  </button>
                ))}
                <button type="button" className="button" tabIndex={-1} onClick={() => setSecret('')}>
                  {t('auth.clear')}
                </button>
                <button type="button" className="button" tabIndex={-1} onClick={() => press('0')}>
                  0
                </button>
                <button
                  type="button"
                  className="button"
                  tabIndex={-1}
                  aria-label={t('auth.backspace')}
                  onClick={() => setSecret((s) => s.slice(0, -1))}
                >
                  ⌫
                </button>
              </div>
            )}
            {error && (
              <p id="sign-in-error" role="alert" className="error">
                {t(error.key, error.params)}
              </p>
            )}
            <button type="submit" className="button primary" disabled={busy || !secret}>
              {busy ? t('auth.signingIn') : t('auth.signIn')}
            </button>
            {canUsePassword && (
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setUsePassword((v) => !v);
                  setSecret('');
                  setFocusSecret((n) => n + 1);
                }}
              >
                {usePassword ? t('auth.usePin') : t('auth.usePassword')}
              </button>
            )}
          </form>
        )}
      </div>
      {isDemo && <p className="muted small">{t('auth.demoNote')}</p>}
    </section>
  );
}
