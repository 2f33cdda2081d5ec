import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineEntry } from '../../../shared/care';
import type { PurchaseSummary } from '../../../shared/types';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { formatDate, formatNumber, formatRupiah } from '../../i18n/format';

const PAGE = 200;
/** Rows on the page at first and per "show more": the page scrolls, the list has no scroll box of its own. */
export const TIMELINE_STEP = 20;
const icons: Record<TimelineEntry['kind'], string> = { purchase: '◆', interaction: '●', complaint: '⚠' };

/**
 * Purchases, contacts and complaints in one list, newest first: the customer's only list of purchases. It grows
 * in the page a step at a time ("show more", which fetches older entries when needed) instead of scrolling in a
 * small box of its own.
 */
export function Timeline({ customerId, version, onOpenComplaint, purchaseSummary }: { customerId: string; version: number; onOpenComplaint: (id: string) => void; purchaseSummary?: PurchaseSummary }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [entries, setEntries] = useState<TimelineEntry[]>([]);
  const [nextBefore, setNextBefore] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [shown, setShown] = useState(TIMELINE_STEP);

  useEffect(() => {
    let alive = true;
    api['care.timeline']({ customerId, limit: PAGE }).then(
      (page) => {
        if (!alive) return;
        setEntries(page.entries);
        setNextBefore(page.nextBefore);
        setLoaded(true);
      },
      (e) => {
        errorShapeOf(e);
        if (alive) setLoaded(true);
      },
    );
    return () => {
      alive = false;
    };
  }, [api, customerId, version]);

  const loadOlder = async () => {
    if (!nextBefore) return;
    try {
      const page = await api['care.timeline']({ customerId, before: nextBefore, limit: PAGE });
      setEntries((old) => [...old, ...page.entries]);
      setNextBefore(page.nextBefore);
    } catch (e) {
      errorShapeOf(e);
    }
  };

  const showMore = () => {
    setShown((n) => n + TIMELINE_STEP);
    if (shown + TIMELINE_STEP > entries.length) void loadOlder();
  };
  const visible = entries.slice(0, shown);
  const hidden = entries.length - visible.length;
  const lang = i18n.language;

  return (
    <section className="panel" aria-labelledby="timeline-h">
      <h2 id="timeline-h">
        {t('care.timeline.title')}{' '}
        {purchaseSummary && (
          <span className="muted small">
            {t('customer.purchaseCount')}: {formatNumber(purchaseSummary.count, lang)} · {t('customer.totalSpent')}:{' '}
            <span data-testid="purchase-total">{formatRupiah(purchaseSummary.total)}</span>
          </span>
        )}
      </h2>
      {loaded && entries.length === 0 ? (
        <p className="muted">{t('care.timeline.empty')}</p>
      ) : (
        <div className="timeline-list" role="list" aria-label={t('care.timeline.title')}>
          <div>
            {visible.map((e) => {
              return (
                <div key={`${e.kind}-${e.id}`} role="listitem" className={`timeline-row timeline-${e.kind}`}>
                  <span className="timeline-icon" aria-hidden="true">
                    {icons[e.kind]}
                  </span>
                  <span className="timeline-kind">{e.kind === 'interaction' ? t(`care.channel.${e.channel}`) : t(`care.timeline.kind.${e.kind}`)}</span>
                  <span className="timeline-date">{formatDate(e.at, lang)}</span>
                  <span className="timeline-who">{e.kind === 'interaction' ? (e.staff ?? e.outletCode ?? '') : (e.outletCode ?? '')}</span>
                  <span className="timeline-text">
                    {e.kind === 'purchase' && [e.invoiceNo, e.mainProduct].filter(Boolean).join(' · ')}
                    {e.kind === 'interaction' && [e.outcome ? t(`care.outcome.${e.outcome}`) : null, e.note].filter(Boolean).join(' · ')}
                    {e.kind === 'complaint' && (
                      <button type="button" className="link-button" onClick={() => onOpenComplaint(e.id)}>
                        {t(`care.category.${e.category}`)} · {e.description}
                      </button>
                    )}
                  </span>
                  <span className="num">
                    {e.kind === 'purchase' && formatRupiah(e.amount)}
                    {e.kind === 'complaint' && <span className={`pill pill-complaint-${e.status}`}>{t(`care.status.${e.status}`)}</span>}
                  </span>
                </div>
              );
            })}
          </div>
        </div>
      )}
      {(hidden > 0 || nextBefore) && (
        <button type="button" className="button small" onClick={showMore}>
          {t('care.timeline.showMore', { count: TIMELINE_STEP, shown: visible.length })}
        </button>
      )}
    </section>
  );
}
