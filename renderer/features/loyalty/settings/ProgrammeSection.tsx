import { type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { roundingModes, type LoyaltyRuleView, type RuleInput } from '../../../../shared/loyaltyRules';
import { useApi } from '../../../api/ApiContext';
import { DayFirstDateField } from '../../../app/DayFirstDateField';
import { formatCalendarDate, formatNumber, formatRupiah } from '../../../i18n/format';
import { FieldError, SaveMessages, toNumber, useLoadedSetting, useSaveState } from '../../care/settings/saveState';
import { inForce, PeriodFields, VersionPeriod } from './versionParts';

interface Draft {
  validFrom: string;
  validTo: string;
  rupiahPerPoint: string;
  minPurchase: string;
  rounding: (typeof roundingModes)[number];
  pointValue: string;
  validityMonths: string;
  offlineRedeemLimit: string;
  earnAndRedeemSameSale: boolean;
  multipliers: { product: string; factor: string }[];
  promotions: { name: string; from: string; until: string; outletCode: string; factor: string }[];
}

/** The next version starts from the one in force (or sensible defaults for a first programme), today. */
function draftFrom(versions: LoyaltyRuleView[], today: string): Draft {
  const last = versions.at(-1);
  return {
    validFrom: today,
    validTo: '',
    rupiahPerPoint: String(last?.rupiahPerPoint ?? 10_000),
    minPurchase: String(last?.minPurchase ?? 0),
    rounding: last?.rounding ?? 'floor',
    pointValue: String(last?.pointValue ?? 100),
    validityMonths: String(last?.validityMonths ?? 12),
    offlineRedeemLimit: String(last?.offlineRedeemLimit ?? 100),
    earnAndRedeemSameSale: last?.earnAndRedeemSameSale ?? false,
    multipliers: (last?.multipliers ?? []).map((m) => ({ product: m.product, factor: String(m.factor) })),
    promotions: [],
  };
}

function inputOf(d: Draft): RuleInput {
  return {
    validFrom: d.validFrom,
    validTo: d.validTo || null,
    rupiahPerPoint: toNumber(d.rupiahPerPoint),
    minPurchase: toNumber(d.minPurchase),
    rounding: d.rounding,
    pointValue: toNumber(d.pointValue),
    validityMonths: toNumber(d.validityMonths),
    offlineRedeemLimit: toNumber(d.offlineRedeemLimit),
    earnAndRedeemSameSale: d.earnAndRedeemSameSale,
    multipliers: d.multipliers.map((m) => ({ product: m.product, factor: toNumber(m.factor.replace(',', '.')) })),
    promotions: d.promotions.map((p) => ({ ...p, outletCode: p.outletCode || null, factor: toNumber(p.factor.replace(',', '.')) })),
  };
}

const marked = /^(validFrom|validTo|rupiahPerPoint|minPurchase|pointValue|validityMonths|offlineRedeemLimit|multipliers\.\d+\.\w+|promotions\.\d+\.\w+)$/;

/** Programme rules (issue 17 point 2): the versions so far and the form for the next one. */
export function ProgrammeSection() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [loaded, setLoaded, loadError] = useLoadedSetting((a) =>
    Promise.all([a['loyalty.rules']({}), a['loyalty.today']({})]).then(([versions, today]) => ({ versions, today, draft: draftFrom(versions, today) })),
  );
  const state = useSaveState('rule', marked);
  const lang = i18n.language;

  if (loadError) return <p role="alert" className="field-error">{t(loadError.key, loadError.params)}</p>;
  if (!loaded) return <p className="muted">{t('careSettings.loading')}</p>;
  const { versions, today, draft } = loaded;
  const set = (patch: Partial<Draft>) => setLoaded((l) => l && { ...l, draft: { ...l.draft, ...patch } });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (state.busy) return;
    void state.run(
      () => api['loyalty.setRule']({ rule: inputOf(draft) }),
      (saved) => {
        void api['loyalty.rules']({}).then((v) => setLoaded({ versions: v, today, draft: draftFrom(v, today) }));
        return t('loyalty.settings.programme.saved', { from: formatCalendarDate(saved.validFrom, lang) });
      },
    );
  };

  const numberField = (key: 'rupiahPerPoint' | 'minPurchase' | 'pointValue' | 'validityMonths' | 'offlineRedeemLimit', hint?: string) => (
    <label className="settings-field">
      {t(`loyalty.settings.programme.${key}`)}
      <input
        type="number"
        inputMode="numeric"
        min={0}
        value={draft[key]}
        aria-invalid={!!state.errors[key]}
        aria-describedby={state.errors[key] ? `rule-${key}-error` : undefined}
        onChange={(e) => set({ [key]: e.target.value })}
      />
      {hint && <span className="muted small">{hint}</span>}
      <FieldError message={state.errors[key]} id={`rule-${key}-error`} />
    </label>
  );

  return (
    <div className="settings-section loyalty-programme">
      <section className="panel" aria-labelledby="rule-versions-h">
        <h2 id="rule-versions-h">{t('loyalty.settings.programme.versions')}</h2>
        {versions.length === 0 ? (
          <p className="muted">{t('loyalty.settings.programme.noVersions')}</p>
        ) : (
          <table className="table settings-table" data-testid="rule-versions">
            <thead>
              <tr>
                <th scope="col">{t('loyalty.settings.period')}</th>
                <th scope="col" className="num">{t('loyalty.settings.programme.rupiahPerPoint')}</th>
                <th scope="col" className="num">{t('loyalty.settings.programme.minPurchase')}</th>
                <th scope="col">{t('loyalty.settings.programme.rounding')}</th>
                <th scope="col" className="num">{t('loyalty.settings.programme.pointValue')}</th>
                <th scope="col" className="num">{t('loyalty.settings.programme.validityMonths')}</th>
                <th scope="col" className="num">{t('loyalty.settings.programme.offlineRedeemLimit')}</th>
                <th scope="col">{t('loyalty.settings.programme.earnAndRedeem')}</th>
                <th scope="col">{t('loyalty.settings.programme.extras')}</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => {
                return (
                  <tr key={v.id} className={inForce(v, today) ? 'current' : undefined}>
                    <VersionPeriod version={v} today={today} />
                    <td className="num">{formatRupiah(v.rupiahPerPoint)}</td>
                    <td className="num">{formatRupiah(v.minPurchase)}</td>
                    <td>{t(`loyalty.settings.programme.roundingMode.${v.rounding}`)}</td>
                    <td className="num">{formatRupiah(v.pointValue)}</td>
                    <td className="num">{formatNumber(v.validityMonths, lang)}</td>
                    <td className="num">{formatNumber(v.offlineRedeemLimit, lang)}</td>
                    <td>{t(v.earnAndRedeemSameSale ? 'loyalty.settings.yes' : 'loyalty.settings.no')}</td>
                    <td className="small">
                      {[
                        ...v.multipliers.map((m) => `${m.product} ×${formatNumber(m.factor, lang)}`),
                        ...v.promotions.map((p) => `${p.name} ×${formatNumber(p.factor, lang)}`),
                      ].join(' · ')}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>

      <form className="panel" aria-labelledby="rule-new-h" onSubmit={onSubmit} noValidate data-testid="rule-form">
        <h2 id="rule-new-h">{t('loyalty.settings.programme.newVersion')}</h2>
        <p className="muted small">{t('loyalty.settings.neverBackwards')}</p>
        <div className="loyalty-grid">
          <PeriodFields prefix="rule" validFrom={draft.validFrom} validTo={draft.validTo} errors={state.errors} onChange={set} />
          {numberField('rupiahPerPoint', t('loyalty.settings.programme.rupiahPerPointHint'))}
          {numberField('minPurchase')}
          <label className="settings-field">
            {t('loyalty.settings.programme.rounding')}
            <select value={draft.rounding} onChange={(e) => set({ rounding: e.target.value as Draft['rounding'] })}>
              {roundingModes.map((m) => (
                <option key={m} value={m}>
                  {t(`loyalty.settings.programme.roundingMode.${m}`)}
                </option>
              ))}
            </select>
          </label>
          {numberField('pointValue')}
          {numberField('validityMonths')}
          {numberField('offlineRedeemLimit', t('loyalty.settings.programme.offlineHint'))}
          <label className="settings-check">
            <input type="checkbox" checked={draft.earnAndRedeemSameSale} onChange={(e) => set({ earnAndRedeemSameSale: e.target.checked })} />
            {t('loyalty.settings.programme.earnAndRedeemLabel')}
          </label>
        </div>

        <fieldset className="loyalty-list">
          <legend>{t('loyalty.settings.programme.multipliers')}</legend>
          {draft.multipliers.map((m, i) => (
            <div className="loyalty-row" key={i}>
              <label className="settings-field grow">
                {t('loyalty.settings.programme.product')}
                <input type="text" value={m.product} aria-invalid={!!state.errors[`multipliers.${i}.product`]} onChange={(e) => set({ multipliers: draft.multipliers.map((x, j) => (j === i ? { ...x, product: e.target.value } : x)) })} />
                <FieldError message={state.errors[`multipliers.${i}.product`]} id={`mult-${i}-product-error`} />
              </label>
              <label className="settings-field">
                {t('loyalty.settings.programme.factor')}
                <input type="text" inputMode="decimal" size={5} value={m.factor} aria-invalid={!!state.errors[`multipliers.${i}.factor`]} onChange={(e) => set({ multipliers: draft.multipliers.map((x, j) => (j === i ? { ...x, factor: e.target.value } : x)) })} />
                <FieldError message={state.errors[`multipliers.${i}.factor`]} id={`mult-${i}-factor-error`} />
              </label>
              <button type="button" className="link-button" onClick={() => set({ multipliers: draft.multipliers.filter((_, j) => j !== i) })}>
                {t('loyalty.settings.remove')}
              </button>
            </div>
          ))}
          <button type="button" className="button" onClick={() => set({ multipliers: [...draft.multipliers, { product: '', factor: '2' }] })}>
            {t('loyalty.settings.programme.addMultiplier')}
          </button>
        </fieldset>

        <fieldset className="loyalty-list">
          <legend>{t('loyalty.settings.programme.promotions')}</legend>
          {draft.promotions.map((p, i) => {
            const setP = (patch: Partial<Draft['promotions'][number]>) => set({ promotions: draft.promotions.map((x, j) => (j === i ? { ...x, ...patch } : x)) });
            const err = (f: string) => state.errors[`promotions.${i}.${f}`];
            return (
              <div className="loyalty-row" key={i}>
                <label className="settings-field grow">
                  {t('loyalty.settings.programme.promotionName')}
                  <input type="text" value={p.name} aria-invalid={!!err('name')} onChange={(e) => setP({ name: e.target.value })} />
                  <FieldError message={err('name')} id={`promo-${i}-name-error`} />
                </label>
                <label className="settings-field">
                  {t('loyalty.settings.programme.promotionFrom')}
                  <DayFirstDateField name={`promo-${i}-from`} value={p.from} onChange={(v) => setP({ from: v })} />
                  <FieldError message={err('from')} id={`promo-${i}-from-error`} />
                </label>
                <label className="settings-field">
                  {t('loyalty.settings.programme.promotionUntil')}
                  <DayFirstDateField name={`promo-${i}-until`} value={p.until} onChange={(v) => setP({ until: v })} />
                  <FieldError message={err('until')} id={`promo-${i}-until-error`} />
                </label>
                <label className="settings-field">
                  {t('loyalty.settings.programme.outlet')}
                  <input type="text" size={8} value={p.outletCode} placeholder={t('loyalty.settings.programme.allOutlets')} onChange={(e) => setP({ outletCode: e.target.value })} />
                  <FieldError message={err('outletCode')} id={`promo-${i}-outlet-error`} />
                </label>
                <label className="settings-field">
                  {t('loyalty.settings.programme.factor')}
                  <input type="text" inputMode="decimal" size={5} value={p.factor} aria-invalid={!!err('factor')} onChange={(e) => setP({ factor: e.target.value })} />
                  <FieldError message={err('factor')} id={`promo-${i}-factor-error`} />
                </label>
                <button type="button" className="link-button" onClick={() => set({ promotions: draft.promotions.filter((_, j) => j !== i) })}>
                  {t('loyalty.settings.remove')}
                </button>
              </div>
            );
          })}
          <button
            type="button"
            className="button"
            onClick={() => set({ promotions: [...draft.promotions, { name: '', from: draft.validFrom, until: draft.validFrom, outletCode: '', factor: '2' }] })}
          >
            {t('loyalty.settings.programme.addPromotion')}
          </button>
        </fieldset>

        <div className="form-actions">
          <button type="submit" className="button primary" disabled={state.busy}>
            {t('loyalty.settings.programme.save')}
          </button>
        </div>
        <SaveMessages state={state} id="rule" />
      </form>
    </div>
  );
}
