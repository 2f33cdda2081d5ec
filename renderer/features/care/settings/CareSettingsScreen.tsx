import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStatus } from '../../../app/AppStatusContext';
import { HolidaysSection } from './HolidaysSection';
import { HoursSection } from './HoursSection';
import { RulesSection } from './RulesSection';
import { ServiceLevelsSection } from './ServiceLevelsSection';
import { TemplatesSection } from './TemplatesSection';
import '../care.css';
import './careSettings.css';

export const careSettingsSections = ['templates', 'rules', 'hours', 'sla', 'holidays'] as const;
export type CareSettingsSection = (typeof careSettingsSections)[number];

/**
 * A manager's care settings for the device's outlet: message templates, follow-up rules, opening hours, service
 * levels and closed days. One part at a time (each a plain form with its own Save), picked from the row of buttons.
 */
export function CareSettingsScreen({ initial = 'templates' }: { initial?: CareSettingsSection }) {
  const { t } = useTranslation();
  const { status } = useAppStatus();
  const [section, setSection] = useState<CareSettingsSection>(initial);
  const outlet = status?.outletName ?? status?.outletCode ?? t('careSettings.thisOutlet');

  return (
    <section className="care-settings" aria-labelledby="care-settings-h">
      <h1 id="care-settings-h">{t('careSettings.title')}</h1>
      <p className="muted">{t('careSettings.intro', { outlet })}</p>
      <nav className="settings-nav" aria-label={t('careSettings.sections')}>
        {careSettingsSections.map((s) => (
          <button
            key={s}
            type="button"
            className="tab-button"
            aria-current={s === section ? 'true' : undefined}
            onClick={() => setSection(s)}
          >
            {t(`careSettings.section.${s}`)}
          </button>
        ))}
      </nav>
      {section === 'templates' && <TemplatesSection />}
      {section === 'rules' && <RulesSection />}
      {section === 'hours' && <HoursSection />}
      {section === 'sla' && <ServiceLevelsSection />}
      {section === 'holidays' && <HolidaysSection />}
    </section>
  );
}

/** The top bar's tab for managers. */
export function CareSettingsNavButton({ current, onClick }: { current: boolean; onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="tab" aria-current={current ? 'page' : undefined} onClick={onClick}>
      {t('careSettings.tab')}
    </button>
  );
}
