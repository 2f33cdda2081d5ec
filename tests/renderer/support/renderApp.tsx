import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { cleanup, configure, render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../../renderer/app/App';
import { useLookup } from '../../../renderer/stores/lookup';
import { useNavigation, type Screen } from '../../../renderer/stores/navigation';
import { useSettings } from '../../../renderer/stores/settings';
import type { Store } from '../../../electron/core/store/store';
import { createApi } from '../../../renderer/api/client';
import { useSession } from '../../../renderer/stores/session';
import { createCore, type Core } from '../../../electron/core/api/core';
import { authState } from '../../../electron/core/auth/sessionInfo';
import { signedInCore } from '../../support/signedIn';
import { transportFor, type CoreApiOptions } from './coreApi';

// The screens answer in milliseconds, but a loaded 2-core machine can hold a render past the default 1 s wait.
configure({ asyncUtilTimeout: 5000 });

// Registered after tempStore's hook, so (hooks run as a stack) the UI unmounts before its store closes.
afterEach(() => {
  cleanup();
  localStorage.clear();
});

/**
 * Renders the whole app against the real core on `store`, starting at `screen`, in `language`, signed in as an
 * admin (with the password) unless `as` says otherwise. The UI's session store starts as the core's session, as
 * it would a moment after start, so screens are there on the first render.
 */
export function renderApp(store: Store, options: { screen?: Screen; language?: 'id' | 'en'; core?: Core } & CoreApiOptions = {}) {
  useNavigation.setState({ screen: options.screen ?? { name: 'lookup' } });
  useLookup.setState({ query: '', activeIndex: -1 });
  useSettings.setState({ language: options.language ?? 'id' });
  const user = userEvent.setup();
  const core = options.core ?? (options.as === 'signedOut' ? createCore(store) : signedInCore(store, options.as ?? 'admin', { method: options.method, name: options.name }));
  const api = createApi(transportFor(core));
  const auth = authState(store, core.session);
  useSession.setState({ phase: auth.session ? 'signedIn' : 'loading', session: auth.session, hasStaff: auth.hasStaff, autoLockMinutes: auth.autoLockMinutes, lastStaffId: null, lockedByIdle: false });
  const view = render(<App api={api} statusPollMs={0} />);
  return { user, api, core, ...view };
}
