import { useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { TimelineEntry } from '../../../shared/care';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { formatDate, formatRupiah } from '../../i18n/format';

const ROW_HEIGHT = 44;
const PAGE = 200;
const icons: Record<TimelineEntry['kind'], string> = { purchase: '◆', interaction: '●', complaint: '⚠' };

/** Purchases, contacts and complaints in one list, newest first; only the visible rows are in the DOM. */
export function Timeline({ customerId, version, onOpenComplaint }: { customerId: string; version: number; onOpenComplaint: (id: string) => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [entries, setEntries] = useState<TimelineEntry[]>([]);
  const [nextBefore, setNextBefore] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const scroller = useRef<HTMLDivElement>(null);

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

  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    initialRect: { width: 900, height: 320 },
  });
  const lang = i18n.language;

  return (
    <section className="panel" aria-labelledby="timeline-h">
      <h2 id="timeline-h">{t('care.timeline.title')}</h2>
      {loaded && entries.length === 0 ? (
        <p className="muted">{t('care.timeline.empty')}</p>
      ) : (
        <div ref={scroller} className="timeline-scroll" tabIndex={0} role="list" aria-label={t('care.timeline.title')}>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((row) => {
              const e = entries[row.index]!;
              return (
                <div
                  key={`${e.kind}-${e.id}`}
                  role="listitem"
                  className={`timeline-row timeline-${e.kind}`}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${row.start}px)` }}
                >
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
      {nextBefore && (
        <button type="button" className="button small" onClick={() => void loadOlder()}>
          {t('care.timeline.older')}
        </button>
      )}
    </section>
  );
}
