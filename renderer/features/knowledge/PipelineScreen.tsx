import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { openStages, type OpenStage, type Opportunity, type OpportunityStage } from '../../../shared/knowledge';
import type { PipelineColumn } from '../../../shared/knowledgeViews';
import { useApi } from '../../api/ApiContext';
import { formatRupiah } from '../../i18n/format';
import { useCan } from '../../stores/session';
import { useNavigation } from '../../stores/navigation';
import { ForecastPanel } from './ForecastPanel';
import { OfferSettingsForm } from './OfferSettingsForm';
import { OpportunitySummary } from './OpportunityCard';
import { StageControls, type Closing } from './StageControls';
import { NoticeLine, useNotice } from './useNotice';
import './knowledge.css';

export function PipelineNavButton({ current, onClick }: { current: boolean; onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="tab" aria-current={current ? 'page' : undefined} onClick={onClick}>
      {t('pipeline.nav')}
    </button>
  );
}

/** Cards per page of a column. */
const PAGE = 50;

/** The open stage beside `stage` in board order, if the core allows that move. */
function neighbour(o: Opportunity, step: -1 | 1): OpenStage | null {
  const i = (openStages as readonly string[]).indexOf(o.stage);
  if (i < 0) return null;
  const target = openStages[i + step];
  return target && o.next.includes(target) ? target : null;
}

/**
 * The outlet's pipeline board (issue 19 point 2): a column per stage with its rupiah total; each card moves with
 * its buttons or, focused, with ← → (stage), W/B (won) and L/G (lost). The manager also sees the forecast.
 */
export function PipelineScreen() {
  const { t } = useTranslation();
  const api = useApi();
  const go = useNavigation((s) => s.go);
  const isManager = useCan('manager');
  const [columns, setColumns] = useState<PipelineColumn[] | null>(null);
  const [closing, setClosing] = useState<Record<string, Closing>>({});
  const [focusId, setFocusId] = useState<string | null>(null);
  const { notice, fail, ok } = useNotice();
  const board = useRef<HTMLDivElement>(null);
  // Cards shown per column; "show more" adds a page, so every card of a long column can be reached.
  const [limits, setLimits] = useState<Partial<Record<OpportunityStage, number>>>({});

  const reload = useCallback(async () => {
    try {
      setColumns(await api['opportunities.board']({ limitPerColumn: PAGE, limits }));
    } catch (error) {
      fail(error);
    }
  }, [api, fail, limits]);
  useEffect(() => {
    void reload();
  }, [reload]);

  // The card keeps the focus across a move: it is found again in its new column.
  useEffect(() => {
    if (!focusId) return;
    board.current?.querySelector<HTMLElement>(`[data-opportunity="${focusId}"]`)?.focus();
  }, [columns, focusId]);

  const changed = (o: Opportunity) => {
    ok(t('opportunity.moved', { product: o.product, stage: t(`opportunity.stage.${o.stage}`) }));
    setFocusId(o.id);
    void reload();
  };

  const move = async (o: Opportunity, stage: OpenStage) => {
    try {
      changed(await api['opportunities.update']({ opportunityId: o.id, stage }));
    } catch (error) {
      fail(error);
    }
  };

  const onCardKey = (o: Opportunity) => (event: React.KeyboardEvent<HTMLElement>) => {
    if (event.target !== event.currentTarget) return;
    const key = event.key.toLowerCase();
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step) {
      const target = neighbour(o, step);
      if (target) {
        event.preventDefault();
        void move(o, target);
      }
    } else if (key === t('pipeline.keyWon') || key === 'w') {
      event.preventDefault();
      setClosing((c) => ({ ...c, [o.id]: 'won' }));
    } else if (key === t('pipeline.keyLost') || key === 'l') {
      event.preventDefault();
      setClosing((c) => ({ ...c, [o.id]: 'lost' }));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      go({ name: 'customer', customerId: o.customerId });
    }
  };

  return (
    <section className="pipeline" aria-labelledby="pipeline-h">
      <div className="panel-head">
        <h1 id="pipeline-h">{t('pipeline.title')}</h1>
        <span className="muted small">{t('pipeline.outlet')}</span>
      </div>
      <p className="hint">{t('pipeline.keys')}</p>
      <NoticeLine notice={notice} testId="pipeline-notice" />
      {!columns ? (
        <p className="muted">{t('pipeline.loading')}</p>
      ) : (
        <div className="board" ref={board} data-testid="pipeline-board">
          {columns.map((c) => (
            <section key={c.stage} className={`board-column stage-${c.stage}`} aria-labelledby={`col-${c.stage}`} data-stage={c.stage}>
              <h2 id={`col-${c.stage}`} className="board-head">
                <span>{t(`opportunity.stage.${c.stage}`)}</span>
                <span className="board-total">
                  <span className="board-count">{c.count}</span> · <span className="mono">{formatRupiah(c.total)}</span>
                </span>
              </h2>
              {c.opportunities.length === 0 && <p className="muted small">{t('pipeline.empty')}</p>}
              <ul className="plain board-cards">
                {c.opportunities.map((o) => (
                  <li
                    key={o.id}
                    className="board-card"
                    tabIndex={0}
                    data-opportunity={o.id}
                    aria-label={`${o.customerName}: ${o.product}, ${formatRupiah(o.budget)}`}
                    onKeyDown={onCardKey(o)}
                  >
                    <OpportunitySummary opportunity={o} onOpenCustomer={() => go({ name: 'customer', customerId: o.customerId })} />
                    <StageControls
                      compact
                      opportunity={o}
                      closing={closing[o.id] ?? null}
                      setClosing={(next) => setClosing((all) => ({ ...all, [o.id]: next }))}
                      onChanged={changed}
                    />
                  </li>
                ))}
              </ul>
              {c.count > c.opportunities.length && (
                <button
                  type="button"
                  className="button small board-more"
                  onClick={() => setLimits((l) => ({ ...l, [c.stage]: c.opportunities.length + PAGE }))}
                >
                  {t('pipeline.showMore', { next: Math.min(PAGE, c.count - c.opportunities.length), count: c.count - c.opportunities.length })}
                </button>
              )}
            </section>
          ))}
        </div>
      )}
      {isManager && <ForecastPanel />}
      {isManager && <OfferSettingsForm />}
    </section>
  );
}
