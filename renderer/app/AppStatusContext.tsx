import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { AppStatus } from '../../shared/types';
import { useApi } from '../api/ApiContext';
import { errorShapeOf } from '../api/errors';

interface AppStatusValue {
  status: AppStatus | null;
  refresh: () => Promise<void>;
}

const StatusContext = createContext<AppStatusValue>({ status: null, refresh: async () => {} });

/** `app.status`, fetched on start, after writes (callers refresh) and every few seconds for the pending-changes count. */
export function AppStatusProvider({ children, pollMs = 10_000 }: { children: ReactNode; pollMs?: number }) {
  const api = useApi();
  const [status, setStatus] = useState<AppStatus | null>(null);
  const alive = useRef(true);
  const refresh = useCallback(async () => {
    try {
      const next = await api['app.status']({});
      if (alive.current) setStatus(next);
    } catch (error) {
      errorShapeOf(error);
    }
  }, [api]);
  useEffect(() => {
    alive.current = true;
    void refresh();
    const timer = pollMs > 0 ? setInterval(() => void refresh(), pollMs) : undefined;
    return () => {
      alive.current = false;
      clearInterval(timer);
    };
  }, [refresh, pollMs]);
  return <StatusContext.Provider value={{ status, refresh }}>{children}</StatusContext.Provider>;
}

export function useAppStatus(): AppStatusValue {
  return useContext(StatusContext);
}
