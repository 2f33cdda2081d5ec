import { useEffect } from 'react';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { useAppStatus } from '../../app/AppStatusContext';
import { useSession } from '../../stores/session';
import { FirstStartScreen } from './FirstStartScreen';
import { SignInScreen } from './SignInScreen';
import { useIdleLock } from './useIdleLock';

/** Asks the core who is signed in when the app starts, and keeps the idle lock running while someone is. */
export function useSessionBootstrap(): void {
  const api = useApi();
  const setAuth = useSession((s) => s.setAuth);
  useEffect(() => {
    api['auth.session']({}).then(setAuth, (error: unknown) => {
      errorShapeOf(error);
      useSession.getState().signedOut();
    });
  }, [api, setAuth]);
  // The status bar names the staff member at the keyboard: ask again whenever that changes.
  const { refresh } = useAppStatus();
  const staffId = useSession((s) => s.session?.staffId ?? null);
  useEffect(() => {
    void refresh();
  }, [staffId, refresh]);
  useIdleLock();
}

/** What a signed-out device shows: the first start (no staff yet) or the sign-in screen. */
export function AuthScreens() {
  const phase = useSession((s) => s.phase);
  const hasStaff = useSession((s) => s.hasStaff);
  const lockedByIdle = useSession((s) => s.lockedByIdle);
  if (phase === 'loading') return null;
  return hasStaff ? <SignInScreen lockedNotice={lockedByIdle} /> : <FirstStartScreen />;
}
