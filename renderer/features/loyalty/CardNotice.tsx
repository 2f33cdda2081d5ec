import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardState } from '../../../shared/cardLife';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { formatDate } from '../../i18n/format';
import './loyalty.css';

/**
 * A lost or blocked card typed or scanned at the counter (issue 17 point 6): why it no longer counts, since when,
 * the card that replaced it, and the customer it belongs to now.
 */
export function CardNotice({ cardNo, onOpen }: { cardNo: string; onOpen?: (customerId: string) => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [state, setState] = useState<CardState | null>(null);
  useEffect(() => {
    let alive = true;
    api['loyalty.cardStatus']({ cardNo }).then(
      (s) => alive && setState(s),
      (e) => {
        errorShapeOf(e);
        if (alive) setState(null);
      },
    );
    return () => {
      alive = false;
    };
  }, [api, cardNo]);
  if (!state || state.status === 'active') return null;
  const reason = state.reason ?? t('loyalty.cardNotice.noReason');
  const since = state.since ? formatDate(state.since, i18n.language) : '';
  return (
    <div className="card-notice" role="alert" data-testid="card-notice" data-status={state.status}>
      <h2>{t(`loyalty.cardNotice.title.${state.status}`, { cardNo: state.cardNo })}</h2>
      <p>
        {state.status === 'lost'
          ? t('loyalty.cardNotice.replaced', { reason, since, replacedBy: state.replacedBy ?? '—' })
          : t('loyalty.cardNotice.blocked', { reason, since })}
      </p>
      <p>
        {t('loyalty.cardNotice.belongsTo', { name: state.customerName })}{' '}
        {state.status === 'lost' && state.replacedBy ? t('loyalty.cardNotice.useNew', { replacedBy: state.replacedBy }) : t('loyalty.cardNotice.noPoints')}
      </p>
      {onOpen && (
        <button type="button" className="button" onClick={() => onOpen(state.customerId)}>
          {t('loyalty.cardNotice.open', { name: state.customerName })}
        </button>
      )}
    </div>
  );
}
