import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { normalizeCardNo, isValidCardNo } from '../../../shared/card';
import { normalizePhone } from '../../../shared/phone';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { useLookup } from '../../stores/lookup';
import { useNavigation } from '../../stores/navigation';
import { ResultItem } from './ResultItem';
import { useSearch } from './useSearch';
import { EmptyStorePanel } from './EmptyStorePanel';
import { useAppStatus } from '../../app/AppStatusContext';
import { MyDayPanel } from '../care/MyDayPanel';
import { CampaignContactsPanel } from '../campaigns/CampaignContactsPanel';
import { useMayCall } from '../../stores/session';
import { CardNotice } from '../loyalty/CardNotice';

/** The home screen: one box for card numbers, phones (any format, or their last digits) and names. */
export function LookupScreen() {
  const { t } = useTranslation();
  const api = useApi();
  const { query, activeIndex, setQuery, setActiveIndex, clear } = useLookup();
  const go = useNavigation((s) => s.go);
  const { status } = useAppStatus();
  const { hits, forQuery } = useSearch(query);
  const input = useRef<HTMLInputElement>(null);
  const [notFound, setNotFound] = useState<string | null>(null);
  // A lost or blocked card scanned (Enter): the counter says why instead of opening the profile.
  const [scannedCard, setScannedCard] = useState<string | null>(null);
  // Booth staff look customers up to see whether they are registered; the profile is for the counter's staff.
  const canOpen = useMayCall('customers.get');
  const canSeeMyDay = useMayCall('care.myDay');

  useEffect(() => {
    input.current?.focus();
    // Coming back from a customer page: the next scan replaces the old text instead of appending to it.
    input.current?.select();
  }, []);

  const open = useCallback((customerId: string) => go({ name: 'customer', customerId }), [go]);

  const onEnter = async () => {
    const text = query.trim();
    if (!text) return;
    if (!canOpen) {
      if (forQuery === query && hits.length === 0) setNotFound(text);
      return;
    }
    const chosen = activeIndex >= 0 ? hits[activeIndex] : undefined;
    if (chosen) return open(chosen.customerId);
    if (/^[A-Za-z0-9\s-]+$/.test(text) && /\d/.test(text)) {
      try {
        const card = await api['loyalty.cardStatus']({ cardNo: text });
        if (card.status !== 'active') return setScannedCard(card.cardNo);
      } catch (error) {
        errorShapeOf(error); // not a known card: a phone, or nobody
      }
    }
    // A scanner types the whole card and presses Enter before any list is read: look the exact card (or phone) up.
    try {
      const exact = await api['customers.lookup']({ query: text });
      if (exact) return open(exact.id);
    } catch (error) {
      errorShapeOf(error);
    }
    const current = forQuery === query ? hits : [];
    if (current.length === 1 && current[0]) return open(current[0].customerId);
    if (current.length > 1) return setActiveIndex(0);
    setNotFound(text);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && canOpen) {
      event.preventDefault();
      if (hits.length) setActiveIndex(Math.min(hits.length - 1, activeIndex + 1));
    } else if (event.key === 'ArrowUp' && canOpen) {
      event.preventDefault();
      if (hits.length) setActiveIndex(Math.max(0, activeIndex - 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      void onEnter();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      clear();
      setNotFound(null);
      setScannedCard(null);
    }
  };

  const registerInstead = () => {
    const text = notFound ?? query.trim();
    const card = normalizeCardNo(text);
    // Card numbers can parse as (landline) phones; people write phones with their 0, +62 or 62.
    const prefill = /^\s*(\+|\(?0|62)/.test(text) && normalizePhone(text) ? { phone: text } : /\d/.test(text) && isValidCardNo(card) ? { cardNo: card } : { fullName: text };
    go({ name: 'register', prefill });
  };

  const showEmptyStore = status?.customerCount === 0 && !query;
  const settled = forQuery === query;
  const noResults = query.trim() !== '' && settled && hits.length === 0;
  const noticeCard = scannedCard ?? (settled ? hits.find((h) => h.scannedCard)?.scannedCard?.cardNo : undefined);

  return (
    <section className="lookup" aria-labelledby="lookup-label">
      <div className="searchbox">
        <label id="lookup-label" htmlFor="lookup-input" className="searchbox-label">
          {t('lookup.label')}
        </label>
        <input
          id="lookup-input"
          ref={input}
          className="search-input"
          type="search"
          role="combobox"
          aria-expanded={hits.length > 0}
          aria-controls="lookup-results"
          aria-autocomplete="list"
          aria-activedescendant={canOpen && activeIndex >= 0 && hits[activeIndex] ? `hit-${activeIndex}` : undefined}
          aria-describedby="lookup-hint"
          autoComplete="off"
          spellCheck={false}
          placeholder={t('lookup.placeholder')}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setNotFound(null);
            setScannedCard(null);
          }}
          onKeyDown={onKeyDown}
        />
        <p id="lookup-hint" className="hint">
          {t(canOpen ? 'lookup.hint' : 'lookup.hintCheckOnly')}
        </p>
      </div>
      <p className="sr-only" aria-live="polite">
        {query.trim() && settled ? t('lookup.resultCount', { count: hits.length }) : ''}
      </p>
      {noticeCard && <CardNotice key={noticeCard} cardNo={noticeCard} onOpen={canOpen ? open : undefined} />}
      {!canOpen && hits.length > 0 && <p className="muted small check-only">{t('lookup.checkOnly')}</p>}
      <ul id="lookup-results" role={canOpen ? 'listbox' : 'list'} aria-label={t('lookup.results')} className="results" data-query={forQuery} data-count={hits.length}>
        {hits.map((hit, index) => (
          <ResultItem key={hit.customerId} hit={hit} index={index} active={canOpen && index === activeIndex} onOpen={canOpen ? open : undefined} onHover={setActiveIndex} />
        ))}
      </ul>
      {(noResults || notFound) && (
        <div className="notice" role="status">
          <p>{t('lookup.noResults', { query: notFound ?? query.trim() })}</p>
          <button type="button" className="button" onClick={registerInstead}>
            {t('lookup.registerInstead')} <kbd>F3</kbd>
          </button>
        </div>
      )}
      {showEmptyStore && <EmptyStorePanel />}
      {!query.trim() && !showEmptyStore && canSeeMyDay && <MyDayPanel onOpen={open} />}
      {!query.trim() && !showEmptyStore && canSeeMyDay && <CampaignContactsPanel />}
    </section>
  );
}
