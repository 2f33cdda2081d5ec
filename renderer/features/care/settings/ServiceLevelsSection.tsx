import { Fragment, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  complaintCategories,
  complaintSeverities,
  type ComplaintCategory,
  type ComplaintSeverity,
  type ServiceLevels,
} from '../../../../shared/care';
import { useApi } from '../../../api/ApiContext';
import { SaveMessages, toNumber, useLoadedSetting, useSaveState } from './saveState';

type Cell = { responseHours: string; resolutionDays: string };
type Draft = Record<ComplaintCategory, Record<ComplaintSeverity, Cell>>;

function toDraft(levels: ServiceLevels): Draft {
  return Object.fromEntries(
    complaintCategories.map((c) => [
      c,
      Object.fromEntries(
        complaintSeverities.map((s) => [
          s,
          { responseHours: String(levels[c][s].responseHours), resolutionDays: String(levels[c][s].resolutionDays) },
        ]),
      ),
    ]),
  ) as Draft;
}

/** The whole table goes back on save: the core stores it as one setting, so a partial table would drop earlier edits. */
function fromDraft(draft: Draft): ServiceLevels {
  return Object.fromEntries(
    complaintCategories.map((c) => [
      c,
      Object.fromEntries(
        complaintSeverities.map((s) => [
          s,
          { responseHours: toNumber(draft[c][s].responseHours), resolutionDays: toNumber(draft[c][s].resolutionDays) },
        ]),
      ),
    ]),
  ) as ServiceLevels;
}

const cellPath = /^\w+\.\w+\.(responseHours|resolutionDays)$/;

/** Service levels per complaint category × severity: business hours to the first response, business days to resolution. */
export function ServiceLevelsSection() {
  const { t } = useTranslation();
  const api = useApi();
  const [draft, setDraft, loadError] = useLoadedSetting((a) => a['care.serviceLevels.get']({}).then(toDraft));
  const state = useSaveState('levels', cellPath);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!draft || state.busy) return;
    void state.run(
      () => api['care.serviceLevels.save']({ levels: fromDraft(draft) }),
      (saved) => {
        setDraft(toDraft(saved));
        return '';
      },
    );
  };

  const update = (c: ComplaintCategory, s: ComplaintSeverity, field: keyof Cell, value: string) =>
    setDraft((d) => d && { ...d, [c]: { ...d[c], [s]: { ...d[c][s], [field]: value } } });

  const input = (c: ComplaintCategory, s: ComplaintSeverity, field: keyof Cell) => {
    const path = `${c}.${s}.${field}`;
    const message = state.errors[path];
    const label = t(field === 'responseHours' ? 'careSettings.sla.responseLabel' : 'careSettings.sla.resolutionLabel', {
      category: t(`care.category.${c}`),
      severity: t(`care.severity.${s}`),
    });
    return (
      <td>
        <input
          type="number"
          inputMode="decimal"
          className="sla-input"
          min={field === 'responseHours' ? 0.5 : 0}
          step={field === 'responseHours' ? 0.5 : 1}
          value={draft![c][s][field]}
          aria-label={label}
          aria-invalid={!!message}
          aria-describedby={message ? `sla-${c}-${s}-${field}-error` : undefined}
          onChange={(e) => update(c, s, field, e.target.value)}
        />
        {message && (
          <span className="field-error" id={`sla-${c}-${s}-${field}-error`}>
            {t(message.key, message.params)}
          </span>
        )}
      </td>
    );
  };

  return (
    <form className="panel settings-section" aria-labelledby="settings-sla-h" onSubmit={onSubmit} noValidate>
      <h2 id="settings-sla-h">{t('careSettings.section.sla')}</h2>
      <p className="muted small">{t('careSettings.sla.intro')}</p>
      {loadError && (
        <p role="alert" className="field-error">
          {t(loadError.key, loadError.params)}
        </p>
      )}
      {!draft && !loadError && <p className="muted">{t('careSettings.loading')}</p>}
      {draft && (
        <>
          <table className="table settings-table sla-table">
            <thead>
              <tr>
                <th scope="col" rowSpan={2}>
                  {t('careSettings.sla.category')}
                </th>
                {complaintSeverities.map((s) => (
                  <th key={s} scope="colgroup" colSpan={2}>
                    {t(`care.severity.${s}`)}
                  </th>
                ))}
              </tr>
              <tr>
                {complaintSeverities.flatMap((s) => [
                  <th key={`${s}-r`} scope="col">
                    {t('careSettings.sla.responseHours')}
                  </th>,
                  <th key={`${s}-d`} scope="col">
                    {t('careSettings.sla.resolutionDays')}
                  </th>,
                ])}
              </tr>
            </thead>
            <tbody>
              {complaintCategories.map((c) => (
                <tr key={c}>
                  <th scope="row">{t(`care.category.${c}`)}</th>
                  {complaintSeverities.map((s) => (
                    <Fragment key={s}>
                      {input(c, s, 'responseHours')}
                      {input(c, s, 'resolutionDays')}
                    </Fragment>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={state.busy}>
              {t('careSettings.save')}
            </button>
          </div>
          <SaveMessages state={state} id="settings-sla" />
        </>
      )}
    </form>
  );
}
