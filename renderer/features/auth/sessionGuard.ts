import type { AkrabApi } from '../../../shared/contract';
import { CallError } from '../../api/client';
import { useSession } from '../../stores/session';

/**
 * Wraps the contract client so that any call the core refuses with "sign in first" (the idle lock in the core,
 * a sign-out elsewhere, an account deactivated through sync) brings up the sign-in screen at once.
 */
export function withSessionGuard(api: AkrabApi): AkrabApi {
  const guarded: Record<string, (input: unknown) => Promise<unknown>> = {};
  for (const [name, call] of Object.entries(api) as [string, (input: unknown) => Promise<unknown>][]) {
    guarded[name] = async (input) => {
      try {
        return await call(input);
      } catch (error) {
        if (error instanceof CallError && error.error.messageKey === 'error.sign_in_required' && useSession.getState().phase === 'signedIn')
          useSession.getState().signedOut();
        throw error;
      }
    };
  }
  return guarded as AkrabApi;
}
