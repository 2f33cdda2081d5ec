import { memo, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { maskPhone } from '../../../shared/phone';
import type { SearchHit } from '../../../shared/types';
import { formatDate, formatNumber } from '../../i18n/format';
import '../loyalty/loyalty.css';

interface Props {
  hit: SearchHit;
  index: number;
  active: boolean;
  /** Absent when the staff member may not open a profile: the row is then information only. */
  onOpen?: (customerId: string) => void;
  onHover: (index: number) => void;
}

export const ResultItem = memo(function ResultItem({ hit, index, active, onOpen, onHover }: Props) {
  const { t, i18n } = useTranslation();
  const row = onOpen
    ? {
        role: 'option',
        'aria-selected': active,
        className: active ? 'hit active' : 'hit',
        onMouseDown: (e: MouseEvent) => e.preventDefault(),
        onClick: () => onOpen(hit.customerId),
        onMouseMove: () => !active && onHover(index),
      }
    : { className: 'hit static' };
  return (
    <li id={`hit-${index}`} {...row}>
      <span className="hit-name">{hit.fullName}</span>
      <span className="hit-phone">{hit.phones.map(maskPhone).join(', ')}</span>
      <span className="hit-cards">{hit.cardNos.join(', ')}</span>
      <span className="hit-city">{hit.city ?? ''}</span>
      <span className="hit-visit">
        {hit.lastVisit ? `${t('lookup.lastVisit')}: ${formatDate(hit.lastVisit, i18n.language)}` : t('lookup.neverVisited')}
      </span>
      <span className="hit-loyalty" data-testid="hit-loyalty">
        {hit.loyalty && (
          <>
            <span className={`badge tier tier-${hit.loyalty.tierCode ?? 'none'}`}>{hit.loyalty.tierName ?? t('loyalty.noTier')}</span>{' '}
            <span className={hit.loyalty.flagged ? 'hit-points negative' : 'hit-points'}>
              {t('loyalty.lookup.points', { points: formatNumber(hit.loyalty.points, i18n.language) })}
            </span>
          </>
        )}
      </span>
      <span className={hit.scannedCard ? 'hit-reason hit-card-blocked' : 'hit-reason'}>
        {hit.scannedCard ? t(`loyalty.lookup.cardStatus.${hit.scannedCard.status}`) : t(`lookup.reason.${hit.reason}`)}
      </span>
    </li>
  );
});
