import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClosedDay } from '../../../../shared/care';
import { useApi } from '../../../api/ApiContext';
import { formatCalendarDate } from '../../../i18n/format';
import { FieldError, SaveMessages, useLoadedSetting, useSaveState } from './saveState';

const dayPath = /^0\.(date|name)$/;

/**
 * Public holidays and the outlet's own closed days: the complaint clock skips them. Removing one saves it as
 * inactive (the core keeps the row, so a removal syncs like any other edit).
 */
export function HolidaysSection() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [days, setDays, loadError] = useLoadedSetting((a) => a['care.holidays.list']({}));
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  const [allOutlets, setAllOutlets] = useState(false);
  const state = useSaveState('days', dayPath);
  const heading = useRef<HTMLHeadingElement>(null);
  const dateInput = useRef<HTMLInputElement>(null);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (state.busy) return;
    const added = name.trim();
    const ok = await state.run(
      () => api['care.holidays.save']({ days: [{ date, name, active: true, allOutlets }] }),
      (list) => {
        setDays(list.filter((d) => d.active));
        return t('careSettings.holidays.added', { name: added });
      },
    );
    if (ok) {
      setDate('');
      setName('');
      setAllOutlets(false);
      dateInput.current?.focus();
    }
  };

  const remove = async (day: ClosedDay) => {
    if (state.busy) return;
    await state.run(
      () => api['care.holidays.save']({ days: [{ date: day.date, name: day.name, active: false, allOutlets: day.allOutlets }] }),
      (list) => {
        setDays(list.filter((d) => d.active));
        return t('careSettings.holidays.removed', { name: day.name });
      },
    );
    // The row and its button are gone: the section's heading takes the focus, beside the status line.
    heading.current?.focus();
  };

  const lang = i18n.language;
  return (
    <section className="panel settings-section" aria-labelledby="settings-holidays-h">
      <h2 id="settings-holidays-h" ref={heading} tabIndex={-1}>
        {t('careSettings.section.holidays')}
      </h2>
      <p className="muted small">{t('careSettings.holidays.intro')}</p>
      {loadError && (
        <p role="alert" className="field-error">
          {t(loadError.key, loadError.params)}
        </p>
      )}
      {!days && !loadError && <p className="muted">{t('careSettings.loading')}</p>}
      {days && days.length === 0 && <p className="muted">{t('careSettings.holidays.none')}</p>}
      {days && days.length > 0 && (
        <table className="table settings-table holidays-table">
          <thead>
            <tr>
              <th scope="col">{t('careSettings.holidays.date')}</th>
              <th scope="col">{t('careSettings.holidays.name')}</th>
              <th scope="col">{t('careSettings.holidays.scope')}</th>
              <td />
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.id}>
                <td>{formatCalendarDate(d.date, lang)}</td>
                <th scope="row">{d.name}</th>
                <td>{t(d.allOutlets ? 'careSettings.holidays.allOutlets' : 'careSettings.holidays.thisOutlet')}</td>
                <td>
                  <button
                    type="button"
                    className="button small"
                    disabled={state.busy}
                    aria-label={t('careSettings.holidays.removeLabel', { name: d.name, date: formatCalendarDate(d.date, lang) })}
                    onClick={() => void remove(d)}
                  >
                    {t('careSettings.holidays.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="holiday-form" aria-label={t('careSettings.holidays.add')} onSubmit={(e) => void add(e)} noValidate>
        <div className="settings-field">
          <label className="settings-field">
            <span>{t('careSettings.holidays.date')}</span>
            <input
              ref={dateInput}
              type="date"
              value={date}
              onChange={(e) => setDate(e.target.value)}
              aria-invalid={!!state.errors['0.date']}
              aria-describedby={state.errors['0.date'] ? 'holiday-date-error' : undefined}
            />
          </label>
          <FieldError message={state.errors['0.date']} id="holiday-date-error" />
        </div>
        <div className="settings-field grow">
          <label className="settings-field">
            <span>{t('careSettings.holidays.name')}</span>
            <input
              type="text"
              value={name}
              maxLength={120}
              placeholder={t('careSettings.holidays.namePlaceholder')}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={!!state.errors['0.name']}
              aria-describedby={state.errors['0.name'] ? 'holiday-name-error' : undefined}
            />
          </label>
          <FieldError message={state.errors['0.name']} id="holiday-name-error" />
        </div>
        <label className="settings-check">
          <input type="checkbox" checked={allOutlets} onChange={(e) => setAllOutlets(e.target.checked)} />
          <span>{t('careSettings.holidays.allOutlets')}</span>
        </label>
        <button type="submit" className="button primary" disabled={state.busy}>
          {t('careSettings.holidays.add')}
        </button>
      </form>
      <SaveMessages state={state} id="settings-holidays" />
    </section>
  );
}
