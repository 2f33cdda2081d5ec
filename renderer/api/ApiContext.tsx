import { createContext, useContext, type ReactNode } from 'react';
import type { AkrabApi } from '../../shared/contract';

const ApiContext = createContext<AkrabApi | null>(null);

/** Provides the contract client; tests hand in one whose transport runs the real core on a temp store. */
export function ApiProvider({ api, children }: { api: AkrabApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

export function useApi(): AkrabApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside <ApiProvider>');
  return api;
}
