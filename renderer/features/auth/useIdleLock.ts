import { useEffect } from 'react';
import { useApi } from '../../api/ApiContext';
import { errorShapeOf } from '../../api/errors';
import { useSession } from '../../stores/session';

const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;
const HEARTBEAT_MS = 60_000;

/**
 * Locks the screen after the device's idle time without a key press or pointer move, and while the staff
 * member is busy tells the core so (at most once a minute), because the core locks idle sessions by itself.
 */
export function useIdleLock(): void {
  const api = useApi();
  const signedIn = useSession((s) => s.phase === 'signedIn');
  const minutes = useSession((s) => s.autoLockMinutes);
  useEffect(() => {
    if (!signedIn) return;
    const idleMs = minutes * 60_000;
    let last = Date.now();
    let beat = last;
    const onActivity = () => {
      last = Date.now();
      if (last - beat < HEARTBEAT_MS) return;
      beat = last;
      api['auth.session']({}).then((auth) => !auth.session && useSession.getState().signedOut(), errorShapeOf);
    };
    const timer = setInterval(
      () => {
        if (Date.now() - last < idleMs) return;
        clearInterval(timer);
        api['auth.lock']({ reason: 'idle' }).then(
          () => useSession.getState().signedOut('idle'),
          (error: unknown) => (errorShapeOf(error), useSession.getState().signedOut('idle')),
        );
      },
      Math.min(10_000, idleMs / 4),
    );
    for (const event of ACTIVITY) window.addEventListener(event, onActivity, { passive: true });
    return () => {
      clearInterval(timer);
      for (const event of ACTIVITY) window.removeEventListener(event, onActivity);
    };
  }, [api, signedIn, minutes]);
}
