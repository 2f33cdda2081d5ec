import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpeningHours } from '../../../../shared/care';
import { useApi } from '../../../api/ApiContext';
import { SaveMessages, useLoadedSetting, useSaveState } from './saveState';

/** A weekday in the form: closed days keep their last times, so ticking "open" again brings them back. */
interface DayDraft {
  open: boolean;
  opens: string;
  closes: string;
}

function toDraft(hours: OpeningHours): DayDraft[] {
  return hours.map((d) => (d ? { open: true, opens: d.opens, closes: d.closes } : { open: false, opens: '09:00', closes: '21:00' }));
}

function fromDraft(days: DayDraft[]): OpeningHours {
  return days.map((d) => (d.open ? { opens: d.opens, closes: d.closes } : null));
}

const dayPath = /^\d(\.(opens|closes))?$/;

/** Opening hours per weekday (Monday first, as the core counts them): the complaint clock runs only in them. */
export function HoursSection() {
  const { t } = useTranslation();
  const api = useApi();
  const [days, setDays, loadError] = useLoadedSetting((a) => a['care.hours.get']({}).then(toDraft));
  const state = useSaveState('hours', dayPath);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!days || state.busy) return;
    void state.run(
      () => api['care.hours.save']({ hours: fromDraft(days) }),
      (saved) => {
        setDays((current) => saved.map((d, i) => (d ? { open: true, ...d } : { ...current![i]!, open: false })));
        return '';
      },
    );
  };

  const update = (index: number, patch: Partial<DayDraft>) =>
    setDays((ds) => ds && ds.map((d, i) => (i === index ? { ...d, ...patch } : d)));
  // Issues come as `2` (opens after closes) or `2.opens` (not a time): both belong to the day's row.
  const rowError = (index: number) => state.errors[String(index)] ?? state.errors[`${index}.opens`] ?? state.errors[`${index}.closes`];

  return (
    <form className="panel settings-section" aria-labelledby="settings-hours-h" onSubmit={onSubmit} noValidate>
      <h2 id="settings-hours-h">{t('careSettings.section.hours')}</h2>
      <p className="muted small">{t('careSettings.hours.intro')}</p>
      {loadError && (
        <p role="alert" className="field-error">
          {t(loadError.key, loadError.params)}
        </p>
      )}
      {!days && !loadError && <p className="muted">{t('careSettings.loading')}</p>}
      {days && (
        <>
          <table className="table settings-table hours-table">
            <thead>
              <tr>
                <th scope="col">{t('careSettings.hours.day')}</th>
                <th scope="col">{t('careSettings.hours.open')}</th>
                <th scope="col">{t('careSettings.hours.opens')}</th>
                <th scope="col">{t('careSettings.hours.closes')}</th>
              </tr>
            </thead>
            <tbody>
              {days.map((d, i) => {
                const day = t(`careSettings.hours.weekday.${i}`);
                const message = rowError(i);
                const errorId = `hours-${i}-error`;
                return (
                  <tr key={i}>
                    <th scope="row">{day}</th>
                    <td>
                      <input
                        type="checkbox"
                        checked={d.open}
                        aria-label={t('careSettings.hours.openOn', { day })}
                        onChange={(e) => update(i, { open: e.target.checked })}
                      />
                    </td>
                    <td>
                      <input
                        type="time"
                        value={d.opens}
                        disabled={!d.open}
                        aria-label={t('careSettings.hours.opensOn', { day })}
                        aria-invalid={!!message}
                        aria-describedby={message ? errorId : undefined}
                        onChange={(e) => update(i, { opens: e.target.value })}
                      />
                    </td>
                    <td>
                      <input
                        type="time"
                        value={d.closes}
                        disabled={!d.open}
                        aria-label={t('careSettings.hours.closesOn', { day })}
                        aria-invalid={!!message}
                        aria-describedby={message ? errorId : undefined}
                        onChange={(e) => update(i, { closes: e.target.value })}
                      />
                      {!d.open && <span className="muted small"> {t('careSettings.hours.closed')}</span>}
                      {message && (
                        <span className="field-error" id={errorId}>
                          {t(message.key, message.params)}
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={state.busy}>
              {t('careSettings.save')}
            </button>
          </div>
          <SaveMessages state={state} id="settings-hours" />
        </>
      )}
    </form>
  );
}
