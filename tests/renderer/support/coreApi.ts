import type { AkrabApi } from '../../../shared/contract';
import { createApi, type Transport } from '../../../renderer/api/client';
import { createCore, type Core } from '../../../electron/core/api/core';
import { dispatchCall } from '../../../electron/core/api/dispatch';
import type { Store } from '../../../electron/core/store/store';
import type { Role } from '../../../electron/core/auth/roles';
import { signedInCore } from '../../support/signedIn';

/** Who the client is signed in as: an admin by default (with the password), or nobody (`signedOut`). */
export interface CoreApiOptions {
  as?: Role | 'signedOut';
  method?: 'pin' | 'password';
  /** The staff member's name (an account is created for it). */
  name?: string;
}

/**
 * The renderer's client wired to the real core on a real SQLite store: every call goes through the contract's
 * validation and a JSON round trip, exactly as it does over IPC or HTTP. No mocks.
 */
export function coreTransport(store: Store, options: CoreApiOptions = {}): Transport {
  return transportFor(options.as === 'signedOut' ? createCore(store) : signedInCore(store, options.as ?? 'admin', { method: options.method, name: options.name }));
}

export function transportFor(core: Core): Transport {
  return async (name, input) => {
    await Promise.resolve();
    const result = await dispatchCall(core, name, JSON.parse(JSON.stringify(input ?? {})));
    return JSON.parse(JSON.stringify(result)) as Awaited<ReturnType<Transport>>;
  };
}

export function coreApi(store: Store, options: CoreApiOptions = {}): AkrabApi {
  return createApi(coreTransport(store, options));
}
