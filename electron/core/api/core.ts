import { DeviceSession } from '../auth/deviceSession';
import type { Store } from '../store/store';
import { createHandlers, type Handlers } from './handlers';

/**
 * The core as one transport connection sees it: the store, who is signed in on that connection, and the
 * handler map. Electron makes one for its window, the web harness one per run (its token), tests one per client.
 * Several cores may share a store; the store's staff name (stamped on writes) is set from the calling core's
 * session at every call, which is exact because calls run one at a time on the main thread.
 */
export interface Core {
  store: Store;
  session: DeviceSession;
  handlers: Handlers;
}

export function createCore(store: Store): Core {
  const session = new DeviceSession(store);
  return { store, session, handlers: createHandlers(store, session) };
}
