import { useEffect, useRef, useState } from 'react';
import type { SearchHit } from '../../../shared/types';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';

export interface SearchState {
  hits: SearchHit[];
  /** The query these hits answer; differs from the box while a newer answer is on its way. */
  forQuery: string;
}

/**
 * Search as you type. Every keystroke asks the core (local SQLite, a few milliseconds); answers that arrive
 * after a newer question are dropped, and the previous list stays up meanwhile, so nothing flickers or spins.
 */
export function useSearch(query: string, limit = 20): SearchState {
  const api = useApi();
  const [state, setState] = useState<SearchState>({ hits: [], forQuery: '' });
  const latest = useRef(0);
  useEffect(() => {
    const seq = ++latest.current;
    const text = query.trim();
    if (!text) {
      setState({ hits: [], forQuery: query });
      return;
    }
    api['customers.search']({ text, limit }).then(
      (hits) => {
        if (seq === latest.current) setState({ hits, forQuery: query });
      },
      (error) => {
        errorShapeOf(error);
        if (seq === latest.current) setState({ hits: [], forQuery: query });
      },
    );
  }, [api, query, limit]);
  return state;
}
