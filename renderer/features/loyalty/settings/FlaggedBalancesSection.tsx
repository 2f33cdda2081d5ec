import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlaggedBalanceView } from '../../../../shared/loyalty';
import { useApi } from '../../../api/ApiContext';
import { errorShapeOf, type Message } from '../../../api/errors';
import { formatDate, formatNumber } from '../../../i18n/format';
import { useNavigation } from '../../../stores/navigation';

/**
 * Balances below zero (issue 17 point 4): two outlets redeemed the same points while apart, or points moved
 * away after they were spent. The manager sees who, by how much, what was redeemed offline and where.
 */
export function FlaggedBalancesSection() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const go = useNavigation((s) => s.go);
  const [rows, setRows] = useState<FlaggedBalanceView[] | null>(null);
  const [error, setError] = useState<Message | null>(null);
  useEffect(() => {
    let alive = true;
    api['loyalty.flagged']({}).then(
      (r) => alive && setRows(r),
      (e) => {
        const shape = errorShapeOf(e);
        if (alive) setError({ key: shape.messageKey, params: shape.params });
      },
    );
    return () => {
      alive = false;
    };
  }, [api]);
  const lang = i18n.language;
  return (
    <section className="panel settings-section" aria-labelledby="flagged-h">
      <h2 id="flagged-h">{t('loyalty.settings.flagged.title')}</h2>
      <p className="muted small">{t('loyalty.settings.flagged.intro')}</p>
      {error && <p role="alert" className="field-error">{t(error.key, error.params)}</p>}
      {rows && rows.length === 0 && <p data-testid="flagged-empty">{t('loyalty.settings.flagged.none')}</p>}
      {rows && rows.length > 0 && (
        <table className="table flagged-table" data-testid="flagged-table">
          <thead>
            <tr>
              <th scope="col">{t('loyalty.settings.flagged.customer')}</th>
              <th scope="col">{t('loyalty.settings.flagged.cards')}</th>
              <th scope="col" className="num">{t('loyalty.settings.flagged.balance')}</th>
              <th scope="col" className="num">{t('loyalty.settings.flagged.provisional')}</th>
              <th scope="col">{t('loyalty.settings.flagged.outlets')}</th>
              <th scope="col">{t('loyalty.settings.flagged.last')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.customerId}>
                <th scope="row">
                  <button type="button" className="link-button" onClick={() => go({ name: 'customer', customerId: r.customerId })}>
                    {r.fullName}
                  </button>
                </th>
                <td className="mono">{r.cardNos.join(', ')}</td>
                <td className="num negative">{formatNumber(r.balance, lang)}</td>
                <td className="num">{formatNumber(r.provisionalPoints, lang)}</td>
                <td>{r.outlets.join(', ')}</td>
                <td>{formatDate(r.lastEventAt, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
