import { useEffect, useMemo } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { AkrabApi } from '../../shared/contract';
import { ApiProvider } from '../api/ApiContext';
import { createI18n, type Language } from '../i18n';
import { useNavigation } from '../stores/navigation';
import { NavGroup } from './NavGroup';
import { useSettings } from '../stores/settings';
import { LookupScreen } from '../features/lookup/LookupScreen';
import { CustomerPage } from '../features/customer/CustomerPage';
import { RegistrationScreen } from '../features/registration/RegistrationScreen';
import { StatusBar } from '../features/statusBar/StatusBar';
import { DedupReviewScreen } from '../features/dedupReview/DedupReviewScreen';
import { registerDedupStrings } from '../features/dedupReview/strings';
import { ReportsNavButton, ReportsScreen } from '../features/reports/ReportsScreen';
import { AppStatusProvider } from './AppStatusContext';
import { registerAuthStrings } from '../features/auth/strings';
import { withSessionGuard } from '../features/auth/sessionGuard';
import { AuthScreens, useSessionBootstrap } from '../features/auth/AuthScreens';
import { PasswordGate } from '../features/auth/PasswordGate';
import { AuditLogScreen } from '../features/audit/AuditLogScreen';
import { registerCareStrings } from '../features/care/strings';
import { CareSettingsNavButton, CareSettingsScreen } from '../features/care/settings/CareSettingsScreen';
import { LoyaltyNavButton, LoyaltySettingsScreen } from '../features/loyalty/settings/LoyaltySettingsScreen';
import { StaffNavButton, StaffScreen } from '../features/staff/StaffScreen';
import { ChangeOwnSecretScreen } from '../features/staff/ChangeOwnSecretScreen';
import { useCan, useMayCall, useSession } from '../stores/session';
import { CampaignsNavButton, CampaignsScreen } from '../features/campaigns/CampaignsScreen';
// Knowing each customer (issue 19).
import { registerKnowledgeStrings } from '../features/knowledge/strings';
import { PipelineNavButton, PipelineScreen } from '../features/knowledge/PipelineScreen';
import './app.css';

export interface AppProps {
  api: AkrabApi;
  /** Status polling interval; tests pass 0. */
  statusPollMs?: number;
}

export function App({ api, statusPollMs }: AppProps) {
  const language = useSettings((s) => s.language);
  const i18n = useMemo(() => {
    const instance = createI18n(language);
    registerDedupStrings(instance);
    registerAuthStrings(instance);
    registerCareStrings(instance);
    registerKnowledgeStrings(instance);
    return instance;
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  // Any call the core refuses with "sign in first" brings the sign-in screen back.
  const guardedApi = useMemo(() => withSessionGuard(api), [api]);
  useEffect(() => {
    void i18n.changeLanguage(language);
    document.documentElement.lang = language;
  }, [i18n, language]);
  return (
    <I18nextProvider i18n={i18n}>
      <ApiProvider api={guardedApi}>
        <AppStatusProvider pollMs={statusPollMs}>
          <Shell />
        </AppStatusProvider>
      </ApiProvider>
    </I18nextProvider>
  );
}

function Shell() {
  const { t } = useTranslation();
  const screen = useNavigation((s) => s.screen);
  const go = useNavigation((s) => s.go);
  const { language, setLanguage } = useSettings();
  // Who is signed in decides what shows; the core checks every call again whatever the UI shows.
  useSessionBootstrap();
  const signedIn = useSession((s) => s.phase === 'signedIn');
  const isManager = useCan('manager');
  const mayBoard = useMayCall('opportunities.board');

  // F2 and F3 reach the two everyday screens from anywhere, so the mouse is never needed.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'F2') {
        event.preventDefault();
        go({ name: 'lookup' });
      } else if (event.key === 'F3') {
        event.preventDefault();
        go({ name: 'register' });
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="topbar">
        <span className="brand" aria-hidden="true">
          Akrab
        </span>
        {signedIn && (
          <nav aria-label={t('app.nav')} className="tabs">
            <button
              type="button"
              className="tab"
              aria-current={
                screen.name !== 'register' &&
                screen.name !== 'dedupReview' &&
                screen.name !== 'reports' &&
                screen.name !== 'audit' &&
                screen.name !== 'careSettings' &&
                screen.name !== 'staff' &&
                screen.name !== 'account' &&
                screen.name !== 'campaigns' &&
                screen.name !== 'loyaltySettings' &&
                screen.name !== 'pipeline'
                  ? 'page'
                  : undefined
              }
              onClick={() => go({ name: 'lookup' })}
            >
              {t('app.lookup')} <kbd>F2</kbd>
            </button>
            <button
              type="button"
              className="tab"
              aria-current={screen.name === 'register' ? 'page' : undefined}
              onClick={() => go({ name: 'register' })}
            >
              {t('app.register')} <kbd>F3</kbd>
            </button>
            {isManager && (
              <button
                type="button"
                className="tab"
                aria-current={screen.name === 'dedupReview' ? 'page' : undefined}
                onClick={() => go({ name: 'dedupReview' })}
              >
                {t('dedupReview.tab')}
              </button>
            )}
            {isManager && <ReportsNavButton current={screen.name === 'reports'} onClick={() => go({ name: 'reports' })} />}
            {isManager && <CampaignsNavButton current={screen.name === 'campaigns'} onClick={() => go({ name: 'campaigns' })} />}
            {mayBoard && <PipelineNavButton current={screen.name === 'pipeline'} onClick={() => go({ name: 'pipeline' })} />}
            {isManager && (
              // The set-up screens a manager opens now and then, in one place: ten tabs do not fit one line at 1366 px.
              <NavGroup
                label={t('app.settings')}
                current={['careSettings', 'loyaltySettings', 'staff', 'audit'].includes(screen.name)}
              >
                <LoyaltyNavButton current={screen.name === 'loyaltySettings'} onClick={() => go({ name: 'loyaltySettings' })} />
                <CareSettingsNavButton current={screen.name === 'careSettings'} onClick={() => go({ name: 'careSettings' })} />
                <StaffNavButton current={screen.name === 'staff'} onClick={() => go({ name: 'staff' })} />
                <button
                  type="button"
                  className="tab"
                  aria-current={screen.name === 'audit' ? 'page' : undefined}
                  onClick={() => go({ name: 'audit' })}
                >
                  {t('audit.tab')}
                </button>
              </NavGroup>
            )}
          </nav>
        )}
        <label className="language">
          <span>{t('app.language')}</span>
          <select value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
            <option value="id">Bahasa Indonesia</option>
            <option value="en">English</option>
          </select>
        </label>
      </header>
      <main id="main" className="content" tabIndex={-1}>
        {!signedIn && <AuthScreens />}
        {signedIn && screen.name === 'lookup' && <LookupScreen />}
        {signedIn && screen.name === 'customer' && <CustomerPage key={screen.customerId} customerId={screen.customerId} />}
        {signedIn && screen.name === 'register' && <RegistrationScreen prefill={screen.prefill} />}
        {signedIn && screen.name === 'dedupReview' && (
          <PasswordGate>
            <DedupReviewScreen />
          </PasswordGate>
        )}
        {signedIn && screen.name === 'reports' && (
          <PasswordGate>
            <ReportsScreen />
          </PasswordGate>
        )}
        {signedIn && screen.name === 'audit' && (
          <PasswordGate>
            <AuditLogScreen />
          </PasswordGate>
        )}
        {signedIn && screen.name === 'careSettings' && (
          <PasswordGate>
            <CareSettingsScreen />
          </PasswordGate>
        )}
        {signedIn && screen.name === 'staff' && (
          <PasswordGate>
            <StaffScreen />
          </PasswordGate>
        )}
        {signedIn && screen.name === 'account' && <ChangeOwnSecretScreen />}
        {signedIn && screen.name === 'campaigns' && (
          <PasswordGate>
            <CampaignsScreen />
          </PasswordGate>
        )}
        {signedIn && screen.name === 'loyaltySettings' && (
          <PasswordGate>
            <LoyaltySettingsScreen initial={screen.section} />
          </PasswordGate>
        )}
        {signedIn && screen.name === 'pipeline' && <PipelineScreen />}
      </main>
      <StatusBar />
    </div>
  );
}
