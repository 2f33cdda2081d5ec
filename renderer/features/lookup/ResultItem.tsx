import { memo, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { maskPhone } from '../../../shared/phone';
import type { SearchHit } from '../../../shared/types';
import { formatDate } from '../../i18n/format';

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
      <span className="hit-reason">{t(`lookup.reason.${hit.reason}`)}</span>
    </li>
  );
});
