import { type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TierProgramme, TierProgrammeInput } from '../../../../shared/loyaltyTiers';
import { useApi } from '../../../api/ApiContext';
import { formatCalendarDate, formatRupiah } from '../../../i18n/format';
import { FieldError, SaveMessages, toNumber, useLoadedSetting, useSaveState } from '../../care/settings/saveState';
import { PeriodFields, VersionPeriod } from './versionParts';

type Level = { code: string; name: string; minSpend: string; discountPercent: string; birthdayGift: string; responseHours: string; resolutionDays: string };
interface Draft {
  validFrom: string;
  validTo: string;
  graceDays: string;
  levels: Level[];
}

const starter: Level[] = [
  { code: 'silver', name: 'Silver', minSpend: '2000000', discountPercent: '2', birthdayGift: '', responseHours: '', resolutionDays: '' },
  { code: 'gold', name: 'Gold', minSpend: '10000000', discountPercent: '5', birthdayGift: '', responseHours: '', resolutionDays: '' },
  { code: 'platinum', name: 'Platinum', minSpend: '25000000', discountPercent: '10', birthdayGift: '', responseHours: '', resolutionDays: '' },
];

function draftFrom(versions: TierProgramme[], today: string): Draft {
  const last = versions.at(-1);
  return {
    validFrom: today,
    validTo: '',
    graceDays: String(last?.graceDays ?? 30),
    levels: last
      ? last.levels.map((l) => ({
          code: l.code,
          name: l.name,
          minSpend: String(l.minSpend),
          discountPercent: String(l.discountPercent),
          birthdayGift: l.birthdayGift ?? '',
          responseHours: l.complaintResponseHours === null ? '' : String(l.complaintResponseHours),
          resolutionDays: l.complaintResolutionDays === null ? '' : String(l.complaintResolutionDays),
        }))
      : starter,
  };
}

function inputOf(d: Draft): TierProgrammeInput {
  return {
    validFrom: d.validFrom,
    validTo: d.validTo || null,
    graceDays: toNumber(d.graceDays),
    levels: d.levels.map((l) => ({
      code: l.code.trim(),
      name: l.name,
      minSpend: toNumber(l.minSpend),
      discountPercent: toNumber(l.discountPercent),
      birthdayGift: l.birthdayGift || null,
      complaintResponseHours: l.responseHours.trim() ? toNumber(l.responseHours) : null,
      complaintResolutionDays: l.resolutionDays.trim() ? toNumber(l.resolutionDays) : null,
    })),
  };
}

const marked = /^(validFrom|validTo|graceDays|levels\.\d+\.\w+)$/;
const levelFields = [
  ['code', 'text'],
  ['name', 'text'],
  ['minSpend', 'number'],
  ['discountPercent', 'number'],
  ['birthdayGift', 'text'],
  ['responseHours', 'number'],
  ['resolutionDays', 'number'],
] as const;
const corePath: Record<(typeof levelFields)[number][0], string> = {
  code: 'code',
  name: 'name',
  minSpend: 'minSpend',
  discountPercent: 'discountPercent',
  birthdayGift: 'birthdayGift',
  responseHours: 'complaintResponseHours',
  resolutionDays: 'complaintResolutionDays',
};

/** Tier thresholds and benefits (issue 17 point 5), versioned like the rules; the daily pass applies them. */
export function TiersSection() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [loaded, setLoaded, loadError] = useLoadedSetting((a) =>
    Promise.all([a['loyalty.tierProgrammes']({}), a['loyalty.today']({})]).then(([versions, today]) => ({ versions, today, draft: draftFrom(versions, today) })),
  );
  const state = useSaveState('programme', marked);
  const lang = i18n.language;

  if (loadError) return <p role="alert" className="field-error">{t(loadError.key, loadError.params)}</p>;
  if (!loaded) return <p className="muted">{t('careSettings.loading')}</p>;
  const { versions, today, draft } = loaded;
  const set = (patch: Partial<Draft>) => setLoaded((l) => l && { ...l, draft: { ...l.draft, ...patch } });
  const setLevel = (i: number, patch: Partial<Level>) => set({ levels: draft.levels.map((x, j) => (j === i ? { ...x, ...patch } : x)) });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (state.busy) return;
    void state.run(
      () => api['loyalty.setTiers']({ programme: inputOf(draft) }),
      (saved) => {
        void api['loyalty.tierProgrammes']({}).then((v) => setLoaded({ versions: v, today, draft: draftFrom(v, today) }));
        return t('loyalty.settings.tiers.saved', { from: formatCalendarDate(saved.validFrom, lang) });
      },
    );
  };

  return (
    <div className="settings-section loyalty-tiers">
      <section className="panel" aria-labelledby="tier-versions-h">
        <h2 id="tier-versions-h">{t('loyalty.settings.tiers.versions')}</h2>
        {versions.length === 0 ? (
          <p className="muted">{t('loyalty.settings.tiers.noVersions')}</p>
        ) : (
          <table className="table settings-table" data-testid="tier-versions">
            <thead>
              <tr>
                <th scope="col">{t('loyalty.settings.period')}</th>
                <th scope="col">{t('loyalty.settings.tiers.graceDays')}</th>
                <th scope="col">{t('loyalty.settings.tiers.levels')}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => {
                return (
                  <tr key={v.id}>
                    <VersionPeriod version={v} today={today} />
                    <td>{v.graceDays}</td>
                    <td className="small">{v.levels.map((l) => `${l.name} ≥ ${formatRupiah(l.minSpend)} (${l.discountPercent}%)`).join(' · ')}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>

      <form className="panel" aria-labelledby="tier-new-h" onSubmit={onSubmit} noValidate data-testid="tier-form">
        <h2 id="tier-new-h">{t('loyalty.settings.tiers.newVersion')}</h2>
        <p className="muted small">{t('loyalty.settings.tiers.intro')}</p>
        <div className="loyalty-grid">
          <PeriodFields prefix="tier" validFrom={draft.validFrom} validTo={draft.validTo} errors={state.errors} onChange={set} />
          <label className="settings-field">
            {t('loyalty.settings.tiers.graceDays')}
            <input type="number" min={0} value={draft.graceDays} aria-invalid={!!state.errors.graceDays} onChange={(e) => set({ graceDays: e.target.value })} />
            <FieldError message={state.errors.graceDays} id="tier-grace-error" />
          </label>
        </div>
        <table className="table settings-table tier-levels">
          <thead>
            <tr>
              {levelFields.map(([f]) => (
                <th scope="col" key={f}>
                  {t(`loyalty.settings.tiers.field.${f}`)}
                </th>
              ))}
              <th />
            </tr>
          </thead>
          <tbody>
            {draft.levels.map((l, i) => (
              <tr key={i}>
                {levelFields.map(([f, type]) => {
                  const message = state.errors[`levels.${i}.${corePath[f]}`];
                  return (
                    <td key={f}>
                      <input
                        type={type}
                        className={`tier-${f}`}
                        aria-label={`${t(`loyalty.settings.tiers.field.${f}`)} ${i + 1}`}
                        value={l[f]}
                        aria-invalid={!!message}
                        onChange={(e) => setLevel(i, { [f]: e.target.value })}
                      />
                      <FieldError message={message} id={`tier-${i}-${f}-error`} />
                    </td>
                  );
                })}
                <td>
                  <button type="button" className="link-button" onClick={() => set({ levels: draft.levels.filter((_, j) => j !== i) })}>
                    {t('loyalty.settings.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {state.errors.levels && <FieldError message={state.errors.levels} id="tier-levels-error" />}
        <button
          type="button"
          className="button"
          onClick={() => set({ levels: [...draft.levels, { code: '', name: '', minSpend: '', discountPercent: '0', birthdayGift: '', responseHours: '', resolutionDays: '' }] })}
        >
          {t('loyalty.settings.tiers.addLevel')}
        </button>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={state.busy}>
            {t('loyalty.settings.tiers.save')}
          </button>
        </div>
        <SaveMessages state={state} id="tiers" />
      </form>
    </div>
  );
}
