import { useTranslation } from 'react-i18next';
import type { Message } from '../../../api/errors';
import { DayFirstDateField } from '../../../app/DayFirstDateField';
import { formatCalendarDate } from '../../../i18n/format';
import { FieldError } from '../../care/settings/saveState';

interface Period {
  validFrom: string;
  validTo: string | null;
}

/** Whether a version is the one in force today. */
export const inForce = (v: Period, today: string) => v.validFrom <= today && (v.validTo === null || v.validTo > today);

/** A version's row heading: its period, and "in force" for today's. */
export function VersionPeriod({ version, today }: { version: Period; today: string }) {
  const { t, i18n } = useTranslation();
  return (
    <th scope="row">
      {t(version.validTo ? 'loyalty.settings.fromTo' : 'loyalty.settings.fromOpen', {
        from: formatCalendarDate(version.validFrom, i18n.language),
        to: version.validTo ? formatCalendarDate(version.validTo, i18n.language) : '',
      })}
      {inForce(version, today) && <span className="pill"> {t('loyalty.settings.inForce')}</span>}
    </th>
  );
}

/** The start and (optional) end day of the next version, day first, with the core's messages beside them. */
export function PeriodFields(props: {
  prefix: string;
  validFrom: string;
  validTo: string;
  errors: Record<string, Message>;
  onChange: (patch: { validFrom?: string; validTo?: string }) => void;
}) {
  const { t } = useTranslation();
  const { prefix, errors, onChange } = props;
  return (
    <>
      {(['validFrom', 'validTo'] as const).map((key) => (
        <label className="settings-field" key={key}>
          {t(`loyalty.settings.${key}`)}
          <DayFirstDateField name={`${prefix}-${key}`} value={props[key]} onChange={(v) => onChange({ [key]: v })} aria-describedby={`${prefix}-${key}-error`} />
          <FieldError message={errors[key]} id={`${prefix}-${key}-error`} />
        </label>
      ))}
    </>
  );
}
