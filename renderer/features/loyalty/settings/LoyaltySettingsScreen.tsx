import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FlaggedBalancesSection } from './FlaggedBalancesSection';
import { ProgrammeSection } from './ProgrammeSection';
import { TiersSection } from './TiersSection';
import '../../care/settings/careSettings.css';
import '../loyalty.css';

export const loyaltySections = ['programme', 'tiers', 'flagged'] as const;
export type LoyaltySection = (typeof loyaltySections)[number];

/**
 * The manager's loyalty screen (issue 17 points 2, 4, 5, 9): the programme's rule versions, the tier versions,
 * and the flagged balances to look at. A new version starts today or later and never changes the past.
 */
export function LoyaltySettingsScreen({ initial = 'programme' }: { initial?: LoyaltySection }) {
  const { t } = useTranslation();
  const [section, setSection] = useState<LoyaltySection>(initial);
  return (
    <section className="care-settings loyalty-settings" aria-labelledby="loyalty-settings-h">
      <h1 id="loyalty-settings-h">{t('loyalty.settings.title')}</h1>
      <p className="muted">{t('loyalty.settings.intro')}</p>
      <nav className="settings-nav" aria-label={t('loyalty.settings.sections')}>
        {loyaltySections.map((s) => (
          <button key={s} type="button" className="tab-button" aria-current={s === section ? 'true' : undefined} onClick={() => setSection(s)}>
            {t(`loyalty.settings.section.${s}`)}
          </button>
        ))}
      </nav>
      {section === 'programme' && <ProgrammeSection />}
      {section === 'tiers' && <TiersSection />}
      {section === 'flagged' && <FlaggedBalancesSection />}
    </section>
  );
}

/** The top bar's tab for managers. */
export function LoyaltyNavButton({ current, onClick }: { current: boolean; onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="tab" aria-current={current ? 'page' : undefined} onClick={onClick}>
      {t('loyalty.settings.tab')}
    </button>
  );
}
