import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { useAppStatus } from '../../app/AppStatusContext';
import { ProgressBar } from '../../app/ProgressBar';

/** First start with no data: one button fills a demo store so a newcomer sees real screens at once. */
export function EmptyStorePanel() {
  const { t } = useTranslation();
  const api = useApi();
  const { refresh } = useAppStatus();
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'busy' } | { kind: 'error'; key: string }>({ kind: 'idle' });
  const seed = async () => {
    setState({ kind: 'busy' });
    try {
      await api['app.seedDemo']({});
      await refresh();
      document.getElementById('lookup-input')?.focus();
    } catch (error) {
      setState({ kind: 'error', key: errorShapeOf(error).messageKey });
    }
  };
  return (
    <section className="panel empty-store" aria-labelledby="empty-title">
      <h2 id="empty-title">{t('lookup.empty.title')}</h2>
      <p>{t('lookup.empty.body')}</p>
      {state.kind === 'busy' ? (
        <ProgressBar label={t('lookup.empty.seeding')} />
      ) : (
        <button type="button" className="button primary" onClick={() => void seed()}>
          {t('lookup.empty.seed')}
        </button>
      )}
      {state.kind === 'error' && (
        <p role="alert" className="error">
          {t(state.key)}
        </p>
      )}
    </section>
  );
}
