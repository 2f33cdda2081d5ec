import { FOLD_STEP, materialiseAll } from './syncStorage';
import { pruneChanges } from './retention';
import type { ServerDrizzle } from './database';

/**
 * Folds the log into row_fields after pushes (and prunes it by the retention rule), off the request: each step is one bounded transaction, and a push
 * during a run asks for one more run. Snapshots then find the log folded and fold at most one step themselves.
 */
export function backgroundFolder(db: ServerDrizzle, step = FOLD_STEP) {
  let running: Promise<void> | null = null;
  let again = false;
  const run = async () => {
    do {
      again = false;
      await materialiseAll(db, step);
      // With a retention rule, what is folded, old enough and pulled by every active device leaves the log.
      await pruneChanges(db);
    } while (again);
  };
  return {
    kick(): void {
      if (running) {
        again = true;
        return;
      }
      running = run()
        .catch((error: unknown) => console.warn('[akrab server] folding the log failed; the next push or snapshot folds on', error))
        .finally(() => (running = null));
    },
    /** Resolves when no fold is running (the server waits for it before closing its database). */
    idle: (): Promise<void> => running ?? Promise.resolve(),
  };
}
