import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { lostReasons, openStages, type LostReason, type Opportunity, type OpportunityStage } from '../../../shared/knowledge';
import { useApi } from '../../api/ApiContext';
import { NoticeLine, useNotice } from './useNotice';

export type Closing = 'won' | 'lost' | null;

/** Moves one potential sale: to the open stages the core allows next, or closes it as won (invoice) or lost (reason). */
export function StageControls({
  opportunity,
  onChanged,
  closing,
  setClosing,
  compact = false,
}: {
  opportunity: Opportunity;
  onChanged: (o: Opportunity) => void;
  closing: Closing;
  setClosing: (c: Closing) => void;
  /** On the board: one row, the neighbouring stages as arrows (named for screen readers). */
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const { notice, fail } = useNotice();
  const [invoiceNo, setInvoiceNo] = useState('');
  const [lostReason, setLostReason] = useState<LostReason>(opportunity.reasonNotBought ?? 'price');
  const [lostNote, setLostNote] = useState('');
  if (opportunity.stage === 'won' || opportunity.stage === 'lost') return null;

  const update = async (input: Parameters<(typeof api)['opportunities.update']>[0]) => {
    try {
      onChanged(await api['opportunities.update'](input));
      setClosing(null);
    } catch (error) {
      fail(error);
    }
  };
  const stageName = (s: OpportunityStage) => t(`opportunity.stage.${s}`);
  const moves = opportunity.next.filter((s): s is (typeof openStages)[number] => (openStages as readonly string[]).includes(s));
  const position = (s: OpportunityStage) => (openStages as readonly string[]).indexOf(s);
  const here = position(opportunity.stage);
  // Compact: only the neighbouring stages, as arrows; a skip (interested → negotiating) stays on the customer page.
  const shown = compact ? moves.filter((s) => Math.abs(position(s) - here) === 1) : moves;
  return (
    <div className="stage-controls">
      <div className="stage-buttons">
        {shown.map((s) => (
          <button
            key={s}
            type="button"
            className="button small"
            aria-label={compact ? t('opportunity.moveTo', { stage: stageName(s) }) : undefined}
            title={compact ? t('opportunity.moveTo', { stage: stageName(s) }) : undefined}
            onClick={() => void update({ opportunityId: opportunity.id, stage: s })}
          >
            {compact ? (position(s) < here ? '◀' : '▶') : t('opportunity.moveTo', { stage: stageName(s) })}
          </button>
        ))}
        <button type="button" className="button small won" aria-expanded={closing === 'won'} onClick={() => setClosing(closing === 'won' ? null : 'won')}>
          {t('opportunity.markWon')}
        </button>
        <button type="button" className="button small lost" aria-expanded={closing === 'lost'} onClick={() => setClosing(closing === 'lost' ? null : 'lost')}>
          {t('opportunity.markLost')}
        </button>
      </div>
      {closing === 'won' && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void update({ opportunityId: opportunity.id, stage: 'won', invoiceNo: invoiceNo.trim() });
          }}
        >
          <label>
            {t('opportunity.invoice')} <input value={invoiceNo} onChange={(e) => setInvoiceNo(e.target.value)} maxLength={60} autoFocus data-testid="won-invoice" />
          </label>
          <button type="submit" className="button small">
            {t('opportunity.confirmWon')}
          </button>
        </form>
      )}
      {closing === 'lost' && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void update({ opportunityId: opportunity.id, stage: 'lost', lostReason, lostNote: lostNote.trim() || null });
          }}
        >
          <label>
            {t('opportunity.lostReason')}{' '}
            <select value={lostReason} onChange={(e) => setLostReason(e.target.value as LostReason)} autoFocus>
              {lostReasons.map((r) => (
                <option key={r} value={r}>
                  {t(`opportunity.reasons.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('opportunity.lostNote')} <input value={lostNote} onChange={(e) => setLostNote(e.target.value)} maxLength={500} />
          </label>
          <button type="submit" className="button small">
            {t('opportunity.confirmLost')}
          </button>
        </form>
      )}
      <NoticeLine notice={notice} />
    </div>
  );
}
