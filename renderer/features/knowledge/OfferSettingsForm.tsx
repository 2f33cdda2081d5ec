import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OfferSettings } from '../../../shared/knowledge';
import { useApi } from '../../api/ApiContext';
import { NoticeLine, useNotice } from './useNotice';

const keys = ['windowDays', 'minPairCustomers', 'minSupport', 'minConfidence', 'minLift'] as const;

/** The manager's minimums for the co-purchase rules (issue 19 point 4). */
export function OfferSettingsForm() {
  const { t } = useTranslation();
  const api = useApi();
  const [values, setValues] = useState<Record<string, string> | null>(null);
  const { notice, fail, ok } = useNotice();
  useEffect(() => {
    api['offers.settings']({}).then(
      (s) => setValues(Object.fromEntries(keys.map((k) => [k, String(s[k])]))),
      fail,
    );
  }, [api, fail]);
  if (!values) return <NoticeLine notice={notice} />;
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    try {
      const settings = Object.fromEntries(keys.map((k) => [k, Number(values[k]!.replace(',', '.'))])) as OfferSettings;
      await api['offers.saveSettings']({ settings });
      ok(t('pipeline.settingsSaved'));
    } catch (error) {
      fail(error);
    }
  };
  return (
    <section className="panel" aria-labelledby="offer-settings-h">
      <h2 id="offer-settings-h">{t('pipeline.offerSettings')}</h2>
      <form className="inline-form" onSubmit={submit}>
        {keys.map((k) => (
          <label key={k}>
            {t(`pipeline.${k}`)}{' '}
            <input value={values[k]} onChange={(e) => setValues({ ...values, [k]: e.target.value })} inputMode="decimal" size={6} />
          </label>
        ))}
        <button type="submit" className="button small">
          {t('pipeline.saveSettings')}
        </button>
      </form>
      <NoticeLine notice={notice} />
    </section>
  );
}
