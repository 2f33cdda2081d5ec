import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LoyaltySummary, StatementLineView } from '../../../shared/loyalty';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { formatDate, formatNumber, formatRupiah } from '../../i18n/format';
import { StatementList } from './StatementList';
import './loyalty.css';

const PAGE = 200;

/** The customer's points (issue 17 point 9): balance, tier and the way to the next, expiring soon, statement, redeem. */
export function LoyaltyPanel({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [summary, setSummary] = useState<LoyaltySummary | null>(null);
  const [lines, setLines] = useState<StatementLineView[]>([]);
  const [complete, setComplete] = useState(false);
  const [points, setPoints] = useState('');
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const lang = i18n.language;

  const reload = useCallback(async () => {
    try {
      setSummary(await api['loyalty.summary']({ customerId }));
      const first = await api['loyalty.statement']({ customerId, offset: 0, limit: PAGE });
      setLines(first);
      setComplete(first.length < PAGE);
    } catch (error) {
      const shape = errorShapeOf(error);
      setMessage({ kind: 'error', text: t(shape.messageKey, shape.params) });
    }
  }, [api, customerId, t]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const loadMore = useCallback(async () => {
    if (complete) return;
    const next = await api['loyalty.statement']({ customerId, offset: lines.length, limit: PAGE });
    setLines((l) => [...l, ...next]);
    if (next.length < PAGE) setComplete(true);
  }, [api, complete, customerId, lines.length]);

  const redeem = async (event: React.FormEvent) => {
    event.preventDefault();
    setMessage(null);
    try {
      const line = await api['loyalty.redeem']({ customerId, points: points.trim() === '' ? 0 : Number(points.trim().replace(',', '.')) });
      const judged = line.checkedWithServer ? t('loyalty.checkedWithServer') : t('loyalty.provisionalOffline');
      setMessage({ kind: 'ok', text: `${t('loyalty.redeemed', { points: -line.points, balance: line.balanceAfter })} ${judged}` });
      setPoints('');
      await reload();
    } catch (error) {
      const shape = errorShapeOf(error);
      setMessage({ kind: 'error', text: t(shape.messageKey, shape.params) });
    }
  };

  if (!summary) return null;
  const tier = summary.tier;
  const progress = tier.next ? Math.min(100, Math.round((summary.tier.spend12m / tier.next.level.minSpend) * 100)) : 100;
  return (
    <section className="panel loyalty" aria-labelledby="loyalty-h" data-testid="loyalty-panel">
      <div className="panel-head">
        <h2 id="loyalty-h">{t('loyalty.title')}</h2>
        <span className={`badge tier tier-${tier.tier?.code ?? 'none'}`} data-testid="tier-badge">
          {tier.tier ? tier.tier.name : t('loyalty.noTier')}
        </span>
      </div>
      <dl className="loyalty-figures">
        <div>
          <dt>{t('loyalty.balance')}</dt>
          <dd data-testid="points-balance" className={summary.flagged ? 'negative' : undefined}>
            <b>{formatNumber(summary.balance, lang)}</b> {t('loyalty.points')}
            {summary.flagged && <span className="pill pill-blocked">{t('loyalty.flagged')}</span>}
          </dd>
        </div>
        <div>
          <dt>{t('loyalty.available')}</dt>
          <dd>{formatNumber(summary.available, lang)}</dd>
        </div>
        <div>
          <dt>{t('loyalty.expiringSoon')}</dt>
          <dd data-testid="points-expiring">{formatNumber(summary.expiringSoon, lang)}</dd>
        </div>
        {tier.tier && (
          <div>
            <dt>{t('loyalty.benefits')}</dt>
            <dd>
              {t('loyalty.discount', { percent: tier.tier.discountPercent })}
              {tier.tier.birthdayGift ? ` · ${t('loyalty.birthdayGift', { gift: tier.tier.birthdayGift })}` : ''}
            </dd>
          </div>
        )}
      </dl>
      {tier.next ? (
        <div className="tier-progress">
          <progress max={100} value={progress} aria-label={t('loyalty.toNext', { tier: tier.next.level.name })} />
          <span className="muted small">
            {t('loyalty.toNextMissing', { tier: tier.next.level.name, amount: formatRupiah(tier.next.missing) })}
          </span>
        </div>
      ) : null}
      {tier.inGrace && <p className="muted small">{t('loyalty.inGrace')}</p>}
      <form className="redeem-form" onSubmit={redeem}>
        <label>
          {t('loyalty.redeemPoints')}
          <input inputMode="numeric" value={points} onChange={(e) => setPoints(e.target.value)} data-testid="redeem-points" />
        </label>
        <button type="submit" className="button">
          {t('loyalty.redeem')}
        </button>
      </form>
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'error' : 'ok'}>
          {message.text}
        </p>
      )}
      <h3>{t('loyalty.statement')}</h3>
      <StatementList
        label={t('loyalty.statement')}
        lines={lines}
        onNearEnd={() => void loadMore()}
        render={(l) => (
          <>
            <span>{formatDate(l.occurredAt, lang)}</span>
            <span>
              {t(`loyalty.kind.${l.kind}`)}
              {l.provisional ? ` · ${t('loyalty.provisional')}` : ''}
              {l.invoiceNo ? ` · ${l.invoiceNo}` : ''}
            </span>
            <span className={`mono num ${l.points < 0 ? 'negative' : ''}`}>{l.points > 0 ? `+${l.points}` : l.points}</span>
            <span className="mono num">{l.balanceAfter}</span>
          </>
        )}
      />
    </section>
  );
}
