import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import { maskPhone } from '../../../shared/phone';
import type { DuplicateCandidate } from '../../../shared/types';

interface Props {
  candidates: DuplicateCandidate[];
  canAddCard: boolean;
  busy: boolean;
  onSamePerson: (candidate: DuplicateCandidate) => void;
  onDifferentPerson: () => void;
}

/** Existing customers who may be the person at the counter, with the two choices the clerk must make. */
export const DuplicatePrompt = forwardRef<HTMLHeadingElement, Props>(function DuplicatePrompt({ candidates, canAddCard, busy, onSamePerson, onDifferentPerson }, ref) {
  const { t } = useTranslation();
  return (
    <section className="panel dup-prompt" aria-labelledby="dup-title" data-testid="duplicate-prompt">
      <h2 id="dup-title" ref={ref} tabIndex={-1}>
        ⚠ {t('registration.dup.title', { count: candidates.length })}
      </h2>
      <p className="muted small">{t('registration.dup.explain')}</p>
      <ul className="plain dup-candidates">
        {candidates.map((c) => (
          <li key={c.customerId} className="dup-candidate">
            <div>
              <b>{c.fullName}</b> <span className="muted">{c.city ?? ''}</span>
            </div>
            <div className="mono small">
              {c.phones.map(maskPhone).join(', ')} · {c.cardNos.join(', ')}
            </div>
            <div className="chips">
              {c.evidence.map((e) => (
                <span key={e} className="chip">
                  {t(`registration.dup.evidence.${e}`)}
                </span>
              ))}
            </div>
            <button type="button" className="button small" disabled={busy || !canAddCard} onClick={() => onSamePerson(c)} aria-describedby={canAddCard ? undefined : 'dup-needs-card'}>
              {t('registration.dup.same')}
            </button>
          </li>
        ))}
      </ul>
      {!canAddCard && (
        <p id="dup-needs-card" className="muted small">
          {t('registration.dup.sameNeedsCard')}
        </p>
      )}
      <button type="button" className="button" disabled={busy} onClick={onDifferentPerson}>
        {t('registration.dup.different')}
      </button>
    </section>
  );
});
