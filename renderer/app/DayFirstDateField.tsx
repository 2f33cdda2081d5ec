import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseDate } from '../../shared/dates';
import { toDayFirst } from '../i18n/format';

interface Props {
  name: string;
  /** YYYY-MM-DD or '' (no date). */
  value: string;
  onChange: (isoDate: string) => void;
  'aria-describedby'?: string;
}

/**
 * A calendar date typed and shown day first (DD/MM/YYYY), as both UI languages write it. The browser's
 * `<input type="date">` renders in the browser's locale instead (mm/dd/yyyy in an English Chromium), whatever
 * language the app is in. Unparseable text stays in the box, marked invalid, and is not passed on.
 */
export function DayFirstDateField({ name, value, onChange, ...rest }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(toDayFirst(value));
  const [invalid, setInvalid] = useState(false);

  // A new value from outside (the period the report covers) replaces what is shown unless it is what was typed.
  useEffect(() => {
    setText((current) => (parseDate(current) === value ? current : toDayFirst(value)));
    setInvalid(false);
  }, [value]);

  const commit = (next: string) => {
    setText(next);
    const trimmed = next.trim();
    if (!trimmed) {
      setInvalid(false);
      onChange('');
      return;
    }
    const iso = parseDate(trimmed);
    setInvalid(!iso && /^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}$/.test(trimmed));
    if (iso) onChange(iso);
  };

  return (
    <>
      <input
        type="text"
        inputMode="numeric"
        autoComplete="off"
        name={name}
        value={text}
        placeholder={t('registration.birthDateHint')}
        aria-invalid={invalid || undefined}
        onChange={(e) => commit(e.target.value)}
        onBlur={() => {
          if (text.trim() && !parseDate(text)) setInvalid(true);
        }}
        size={10}
        {...rest}
      />
      {invalid && (
        <span role="alert" className="error small">
          {t('error.date_invalid')}
        </span>
      )}
    </>
  );
}
