import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FollowUpRules } from '../../../../shared/care';
import { useApi } from '../../../api/ApiContext';
import { FieldError, SaveMessages, toNumber, useLoadedSetting, useSaveState, type SaveState } from './saveState';

/** The form's text for every number (what the staff types), turned back into numbers on save. */
interface RulesDraft {
  birthday: { enabled: boolean; daysAhead: string; minTotal: string };
  afterPurchase: { enabled: boolean; afterDays: string; minAmount: string };
  neglected: { enabled: boolean; noContactDays: string; minTotal: string; maxOpen: string };
  complaintCheck: { enabled: boolean; afterDays: string };
  escalation: { enabled: boolean };
  managerStaff: string;
}

function toDraft(r: FollowUpRules): RulesDraft {
  return {
    birthday: { enabled: r.birthday.enabled, daysAhead: String(r.birthday.daysAhead), minTotal: String(r.birthday.minTotal) },
    afterPurchase: {
      enabled: r.afterPurchase.enabled,
      afterDays: String(r.afterPurchase.afterDays),
      minAmount: String(r.afterPurchase.minAmount),
    },
    neglected: {
      enabled: r.neglected.enabled,
      noContactDays: String(r.neglected.noContactDays),
      minTotal: String(r.neglected.minTotal),
      maxOpen: String(r.neglected.maxOpen),
    },
    complaintCheck: { enabled: r.complaintCheck.enabled, afterDays: String(r.complaintCheck.afterDays) },
    escalation: { enabled: r.escalation.enabled },
    managerStaff: r.managerStaff ?? '',
  };
}

function fromDraft(d: RulesDraft): FollowUpRules {
  return {
    birthday: { enabled: d.birthday.enabled, daysAhead: toNumber(d.birthday.daysAhead), minTotal: toNumber(d.birthday.minTotal) },
    afterPurchase: {
      enabled: d.afterPurchase.enabled,
      afterDays: toNumber(d.afterPurchase.afterDays),
      minAmount: toNumber(d.afterPurchase.minAmount),
    },
    neglected: {
      enabled: d.neglected.enabled,
      noContactDays: toNumber(d.neglected.noContactDays),
      minTotal: toNumber(d.neglected.minTotal),
      maxOpen: toNumber(d.neglected.maxOpen),
    },
    complaintCheck: { enabled: d.complaintCheck.enabled, afterDays: toNumber(d.complaintCheck.afterDays) },
    escalation: { enabled: d.escalation.enabled },
    managerStaff: d.managerStaff.trim() || null,
  };
}

type RuleName = 'birthday' | 'afterPurchase' | 'neglected' | 'complaintCheck' | 'escalation';
const rulePath = /^(birthday|afterPurchase|neglected|complaintCheck|escalation)\.\w+$|^managerStaff$/;

/** The follow-up rules of the outlet: each on or off, with its days and rupiah thresholds. */
export function RulesSection() {
  const { t } = useTranslation();
  const api = useApi();
  const [draft, setDraft, loadError] = useLoadedSetting((a) => a['care.rules.get']({}).then(toDraft));
  const state = useSaveState('rules', rulePath);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft || state.busy) return;
    void state.run(
      () => api['care.rules.save']({ rules: fromDraft(draft) }),
      (saved) => {
        setDraft(toDraft(saved));
        return '';
      },
    );
  };

  const set = <R extends RuleName>(rule: R, field: keyof RulesDraft[R], value: string | boolean) =>
    setDraft((d) => (d ? { ...d, [rule]: { ...d[rule], [field]: value } } : d));

  return (
    <form className="panel settings-section" aria-labelledby="settings-rules-h" onSubmit={onSubmit} noValidate>
      <h2 id="settings-rules-h">{t('careSettings.section.rules')}</h2>
      <p className="muted small">{t('careSettings.rules.intro')}</p>
      {loadError && (
        <p role="alert" className="field-error">
          {t(loadError.key, loadError.params)}
        </p>
      )}
      {!draft && !loadError && <p className="muted">{t('careSettings.loading')}</p>}
      {draft && (
        <>
          <div className="rules-grid">
            <Rule name="birthday" draft={draft} state={state} onToggle={(v) => set('birthday', 'enabled', v)}>
              <NumberField
                path="birthday.daysAhead"
                label={t('careSettings.rules.daysAhead')}
                value={draft.birthday.daysAhead}
                state={state}
                onChange={(v) => set('birthday', 'daysAhead', v)}
              />
              <NumberField
                path="birthday.minTotal"
                label={t('careSettings.rules.minTotal')}
                value={draft.birthday.minTotal}
                state={state}
                step={1000}
                onChange={(v) => set('birthday', 'minTotal', v)}
              />
            </Rule>
            <Rule name="afterPurchase" draft={draft} state={state} onToggle={(v) => set('afterPurchase', 'enabled', v)}>
              <NumberField
                path="afterPurchase.afterDays"
                label={t('careSettings.rules.afterDays')}
                value={draft.afterPurchase.afterDays}
                state={state}
                onChange={(v) => set('afterPurchase', 'afterDays', v)}
              />
              <NumberField
                path="afterPurchase.minAmount"
                label={t('careSettings.rules.minAmount')}
                value={draft.afterPurchase.minAmount}
                state={state}
                step={1000}
                onChange={(v) => set('afterPurchase', 'minAmount', v)}
              />
            </Rule>
            <Rule name="neglected" draft={draft} state={state} onToggle={(v) => set('neglected', 'enabled', v)}>
              <NumberField
                path="neglected.noContactDays"
                label={t('careSettings.rules.noContactDays')}
                value={draft.neglected.noContactDays}
                state={state}
                onChange={(v) => set('neglected', 'noContactDays', v)}
              />
              <NumberField
                path="neglected.minTotal"
                label={t('careSettings.rules.minTotal')}
                value={draft.neglected.minTotal}
                state={state}
                step={1000}
                onChange={(v) => set('neglected', 'minTotal', v)}
              />
              <NumberField
                path="neglected.maxOpen"
                label={t('careSettings.rules.maxOpen')}
                value={draft.neglected.maxOpen}
                state={state}
                onChange={(v) => set('neglected', 'maxOpen', v)}
              />
            </Rule>
            <Rule name="complaintCheck" draft={draft} state={state} onToggle={(v) => set('complaintCheck', 'enabled', v)}>
              <NumberField
                path="complaintCheck.afterDays"
                label={t('careSettings.rules.afterDays')}
                value={draft.complaintCheck.afterDays}
                state={state}
                onChange={(v) => set('complaintCheck', 'afterDays', v)}
              />
            </Rule>
            <Rule name="escalation" draft={draft} state={state} onToggle={(v) => set('escalation', 'enabled', v)}>
              <div className="settings-field">
                <label className="settings-field">
                  <span>{t('careSettings.rules.managerStaff')}</span>
                  <input
                    type="text"
                    value={draft.managerStaff}
                    maxLength={80}
                    onChange={(e) => setDraft((d) => (d ? { ...d, managerStaff: e.target.value } : d))}
                    aria-invalid={!!state.errors.managerStaff}
                    aria-describedby={state.errors.managerStaff ? 'rules-managerStaff-error' : undefined}
                  />
                </label>
                <FieldError message={state.errors.managerStaff} id="rules-managerStaff-error" />
              </div>
            </Rule>
          </div>
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={state.busy}>
              {t('careSettings.save')}
            </button>
          </div>
          <SaveMessages state={state} id="settings-rules" />
        </>
      )}
    </form>
  );
}

function Rule({
  name,
  draft,
  state,
  onToggle,
  children,
}: {
  name: RuleName;
  draft: RulesDraft;
  state: SaveState;
  onToggle: (enabled: boolean) => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const enabled = draft[name].enabled;
  return (
    <fieldset className={enabled ? 'rule' : 'rule rule-off'}>
      <legend>{t(`careSettings.rules.${name}`)}</legend>
      <label className="settings-check">
        <input type="checkbox" checked={enabled} onChange={(e) => onToggle(e.target.checked)} />
        <span>{t('careSettings.rules.enabled')}</span>
      </label>
      <FieldError message={state.errors[`${name}.enabled`]} id={`rules-${name}-enabled-error`} />
      {children}
    </fieldset>
  );
}

function NumberField({
  path,
  label,
  value,
  state,
  step = 1,
  onChange,
}: {
  path: string;
  label: string;
  value: string;
  state: SaveState;
  step?: number;
  onChange: (value: string) => void;
}) {
  const errorId = `rules-${path.replace('.', '-')}-error`;
  const message = state.errors[path];
  // The message sits outside the label: it describes the box (aria-describedby) without becoming part of its name.
  return (
    <div className="settings-field">
      <label className="settings-field">
        <span>{label}</span>
        <input
          type="number"
          inputMode="numeric"
          min={0}
          step={step}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={!!message}
          aria-describedby={message ? errorId : undefined}
        />
      </label>
      <FieldError message={message} id={errorId} />
    </div>
  );
}
