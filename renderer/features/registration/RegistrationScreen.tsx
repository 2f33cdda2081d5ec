import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DuplicateCandidate } from '../../../shared/types';
import { consentPurposes, type ConsentPurpose } from '../../../shared/privacy';
import { draftWarnings } from '../../../shared/draftWarnings';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf, fieldErrors, type Message } from '../../api/errors';
import { useAppStatus } from '../../app/AppStatusContext';
import { useNavigation } from '../../stores/navigation';
import { useMayCall } from '../../stores/session';
import { DuplicatePrompt } from './DuplicatePrompt';
import { emptyForm, fieldOrder, parseAmount, partialDraftForDuplicates, toDraft, type FormValues } from './draft';

type Confirmation = { kind: 'registered' | 'cardAdded'; name: string; card: string; customerId: string };

const DUPLICATE_CHECK_DELAY_MS = 200;

/** Booth registration, built for a queue: type, scan, Enter; the form is empty and focused again at once. */
export function RegistrationScreen({ prefill }: { prefill?: Partial<FormValues> }) {
  const { t } = useTranslation();
  const api = useApi();
  const go = useNavigation((s) => s.go);
  const canOpenProfile = useMayCall('customers.get');
  const { refresh: refreshStatus } = useAppStatus();
  const [values, setValues] = useState<FormValues>({ ...emptyForm, ...prefill });
  const [errors, setErrors] = useState<Record<string, Message>>({});
  /** Fields the clerk has left (or tried to save): their warnings show from then on, not at the first letter. */
  const [touched, setTouched] = useState<Set<string>>(new Set());
  const [candidates, setCandidates] = useState<DuplicateCandidate[]>([]);
  const [acknowledged, setAcknowledged] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);
  const [todayCount, setTodayCount] = useState<number | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const promptHeading = useRef<HTMLHeadingElement>(null);
  const checkSeq = useRef(0);

  const focusField = (name: string) => form.current?.querySelector<HTMLElement>(`[name="${name}"]`)?.focus();

  const refreshCount = useCallback(async () => {
    try {
      setTodayCount((await api['registrations.today']({})).count);
    } catch (error) {
      errorShapeOf(error);
    }
  }, [api]);

  useEffect(() => {
    void refreshCount();
    focusField(prefill?.fullName ? 'phone' : 'fullName');
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  // Possible existing customers while the clerk types: same phone, same NIK, or same name with same birth date/address.
  const dupDraft = partialDraftForDuplicates(values);
  const dupKey = JSON.stringify({ ...dupDraft, cardNo: undefined });
  useEffect(() => {
    const { cardNo: _card, ...draft } = JSON.parse(dupKey) as ReturnType<typeof partialDraftForDuplicates>;
    void _card;
    const seq = ++checkSeq.current;
    if (!draft.phone && !draft.nik && !(draft.fullName && (draft.birthDate || draft.address))) {
      setCandidates([]);
      return;
    }
    const timer = setTimeout(() => {
      api['customers.findDuplicates']({ draft }).then(
        (found) => seq === checkSeq.current && setCandidates(found),
        (error) => errorShapeOf(error),
      );
    }, DUPLICATE_CHECK_DELAY_MS);
    return () => clearTimeout(timer);
  }, [api, dupKey]);

  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    if (errors[key]) setErrors(({ [key]: _, ...rest }) => rest);
  };

  const reset = (done: Confirmation) => {
    setValues(emptyForm);
    setErrors({});
    setTouched(new Set());
    setCandidates([]);
    setAcknowledged(new Set());
    checkSeq.current++;
    setConfirmation(done);
    focusField('fullName');
    void refreshCount();
    void refreshStatus();
  };

  const showErrors = (found: Record<string, Message>) => {
    setErrors(found);
    const first = fieldOrder.find((f) => found[f]);
    if (first) focusField(first);
  };

  const register = async (skipDuplicateCheck: Set<string> = acknowledged) => {
    if (busy) return;
    setTouched(new Set(fieldOrder));
    setBusy(true);
    setConfirmation(null);
    try {
      const { cardNo: _card, ...dupCheck } = partialDraftForDuplicates(values);
      void _card;
      // The check runs once more at save time, so a fast typist cannot get past it before the debounce fires.
      if (dupCheck.phone || dupCheck.nik || (dupCheck.fullName && (dupCheck.birthDate || dupCheck.address))) {
        const found = await api['customers.findDuplicates']({ draft: dupCheck });
        if (found.some((c) => !skipDuplicateCheck.has(c.customerId))) {
          checkSeq.current++;
          setCandidates(found);
          setBusy(false);
          requestAnimationFrame(() => promptHeading.current?.focus());
          return;
        }
      }
      const saved = await api['customers.register']({ draft: toDraft(values) });
      setBusy(false);
      reset({ kind: 'registered', name: saved.fullName, card: saved.cards[0]?.cardNo ?? values.cardNo, customerId: saved.id });
    } catch (error) {
      setBusy(false);
      const shape = errorShapeOf(error);
      if (shape.field || shape.issues) showErrors(fieldErrors(shape));
      else setErrors({ form: { key: shape.messageKey, params: shape.params } });
    }
  };

  const addCardTo = async (candidate: DuplicateCandidate) => {
    if (busy) return;
    const amount = parseAmount(values.amount);
    // The card goes to a known customer without a registration draft, so the amount is read here.
    if (amount === 'invalid') return showErrors({ amount: { key: 'error.amount_invalid' } });
    setBusy(true);
    try {
      const withPurchase = values.invoiceNo.trim() !== '' || typeof amount === 'number';
      const updated = await api['customers.addCard']({
        customerId: candidate.customerId,
        cardNo: values.cardNo,
        ...(withPurchase && { purchase: { invoiceNo: values.invoiceNo || null, amount: typeof amount === 'number' ? amount : 0, mainProduct: values.mainProduct || null } }),
      });
      const card = updated.cards.at(-1)?.cardNo ?? values.cardNo;
      setBusy(false);
      reset({ kind: 'cardAdded', name: updated.fullName, card, customerId: updated.id });
    } catch (error) {
      setBusy(false);
      const shape = errorShapeOf(error);
      if (shape.field || shape.issues) showErrors(fieldErrors(shape));
      else setErrors({ form: { key: shape.messageKey, params: shape.params } });
    }
  };

  const differentPerson = () => {
    const next = new Set(acknowledged);
    for (const c of candidates) next.add(c.customerId);
    setAcknowledged(next);
    void register(next);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void register();
  };

  // A scanner ends the card number with Enter: that moves on to the next field instead of saving half a form.
  const onCardKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      focusField('birthDate');
    }
  };

  const pending = candidates.filter((c) => !acknowledged.has(c.customerId));
  const errorCount = Object.keys(errors).filter((k) => k !== 'form').length;
  const warnings = Object.fromEntries(draftWarnings(values).filter((w) => touched.has(w.field) && !errors[w.field]).map((w) => [w.field, t(w.messageKey, w.params)]));
  const touch = (name: string) => !touched.has(name) && setTouched((s) => new Set(s).add(name));
  const toggleConsent = (purpose: ConsentPurpose, on: boolean) =>
    set('consents', on ? consentPurposes.filter((p) => p === purpose || values.consents.includes(p)) : values.consents.filter((p) => p !== purpose));

  const text = (name: Exclude<keyof FormValues, 'gender' | 'consents'>, label: string, extra: { hint?: string; required?: boolean; wide?: boolean; inputMode?: 'numeric' | 'tel' | 'email'; type?: 'email'; onKeyDown?: (e: KeyboardEvent<HTMLInputElement>) => void; autoComplete?: string } = {}) => (
    <Field name={name} label={label} hint={extra.hint} required={extra.required} wide={extra.wide} error={errors[name] ? t(errors[name]!.key, errors[name]!.params) : undefined} warning={warnings[name]}>
      {(describedBy) => (
        <input
          id={`reg-${name}`}
          name={name}
          type={extra.type}
          value={values[name]}
          onChange={(e) => set(name, e.target.value)}
          onBlur={() => touch(name)}
          onKeyDown={extra.onKeyDown}
          inputMode={extra.inputMode}
          autoComplete={extra.autoComplete ?? 'off'}
          aria-required={extra.required || undefined}
          aria-invalid={!!errors[name]}
          aria-describedby={describedBy}
        />
      )}
    </Field>
  );

  return (
    <section className="registration" aria-labelledby="reg-title">
      <header className="reg-head">
        <h1 id="reg-title">{t('registration.title')}</h1>
        <p className="today" data-testid="today-count" aria-live="polite">
          {todayCount === null ? '' : t('registration.todayCount', { count: todayCount })}
        </p>
      </header>
      <div role="status" aria-live="polite" className="confirmation-slot">
        {confirmation && (
          <div className="confirmation" data-testid="confirmation">
            <span>✓ {t(confirmation.kind === 'registered' ? 'registration.saved' : 'registration.cardAdded', { name: confirmation.name, card: confirmation.card })}</span>
            {canOpenProfile && (
              <button type="button" className="link-button" onClick={() => go({ name: 'customer', customerId: confirmation.customerId })}>
                {t('registration.openSaved')}
              </button>
            )}
          </div>
        )}
      </div>
      <div className="reg-layout">
        <form ref={form} className="reg-form" onSubmit={onSubmit} noValidate data-ready={!busy && values.fullName === '' ? 'true' : 'false'} aria-busy={busy}>
          {errorCount > 0 && (
            <p className="form-error" role="alert">
              {t('registration.fixErrors', { count: errorCount })}
            </p>
          )}
          {errors.form && (
            <p className="form-error" role="alert">
              {t(errors.form.key, errors.form.params)}
            </p>
          )}
          <div className="grid">
            {text('fullName', t('registration.fullName'), { required: true, wide: true })}
            {text('phone', t('registration.phone'), { required: true, hint: t('registration.phoneHint'), inputMode: 'tel' })}
            {text('cardNo', t('registration.cardNo'), { required: true, onKeyDown: onCardKeyDown })}
            {text('birthDate', t('registration.birthDate'), { hint: t('registration.birthDateHint'), inputMode: 'numeric' })}
            <Field name="gender" label={t('registration.gender')} error={errors.gender ? t(errors.gender.key, errors.gender.params) : undefined}>
              {(describedBy) => (
                <select id="reg-gender" name="gender" value={values.gender} onChange={(e) => set('gender', e.target.value as FormValues['gender'])} aria-invalid={!!errors.gender} aria-describedby={describedBy}>
                  <option value="">{t('registration.genderNone')}</option>
                  <option value="M">{t('gender.M')}</option>
                  <option value="F">{t('gender.F')}</option>
                </select>
              )}
            </Field>
            {text('nik', t('registration.nik'), { hint: t('registration.nikHint'), inputMode: 'numeric' })}
            {text('email', t('registration.email'), { type: 'email', inputMode: 'email' })}
            {text('city', t('registration.city'))}
            {text('address', t('registration.address'), { wide: true })}
            {text('mainProduct', t('registration.mainProduct'))}
            {text('invoiceNo', t('registration.invoiceNo'))}
            {text('amount', t('registration.amount'), { inputMode: 'numeric' })}
          </div>
          <fieldset className="consent" aria-describedby="reg-consent-purpose">
            <legend>{t('registration.consent')}</legend>
            <div className="consent-purposes">
              {consentPurposes.map((purpose) => (
                <label key={purpose} className="consent-purpose">
                  <input type="checkbox" name="consentPurposes" value={purpose} checked={values.consents.includes(purpose)} onChange={(e) => toggleConsent(purpose, e.target.checked)} />
                  {t(`registration.consentFor.${purpose}`)}
                </label>
              ))}
            </div>
            <p id="reg-consent-purpose" className="muted small">
              {t('registration.consentPurpose')}
            </p>
          </fieldset>
          <button type="submit" className="button primary big" disabled={busy}>
            {busy ? t('registration.saving') : t('registration.save')} <kbd>Enter</kbd>
          </button>
        </form>
        <aside className="reg-side">
          {pending.length > 0 && (
            <DuplicatePrompt ref={promptHeading} candidates={pending} canAddCard={values.cardNo.trim() !== ''} busy={busy} onSamePerson={(c) => void addCardTo(c)} onDifferentPerson={differentPerson} />
          )}
        </aside>
      </div>
    </section>
  );
}

function Field({ name, label, hint, required, wide, error, warning, children }: { name: string; label: string; hint?: string; required?: boolean; wide?: boolean; error?: string; warning?: string; children: (describedBy: string | undefined) => ReactNode }) {
  const { t } = useTranslation();
  const ids = [hint && `reg-${name}-hint`, error && `reg-${name}-error`, warning && `reg-${name}-warning`].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`form-field${wide ? ' wide' : ''}${error ? ' has-error' : warning ? ' has-warning' : ''}`}>
      <label htmlFor={`reg-${name}`}>
        {label}
        {required && <span className="req"> ({t('registration.required')})</span>}
      </label>
      {children(ids)}
      {hint && (
        <span id={`reg-${name}-hint`} className="hint">
          {hint}
        </span>
      )}
      {error && (
        <span id={`reg-${name}-error`} className="field-error">
          {error}
        </span>
      )}
      {warning && (
        <span id={`reg-${name}-warning`} className="field-warning" data-testid={`warning-${name}`}>
          ⚠ {warning}
        </span>
      )}
    </div>
  );
}
