import { parentPort, workerData } from 'node:worker_threads';
import { useNativeBinding } from '../../../db/connection';
import { lastCheckpointDone } from '../store/checkpointOffThread';
import type { OneAnswer } from '../store/readingThread';
import { closeStore, openStore, type Store } from '../store/store';
import { runLoyaltyDailyPass, type DailyPassThreadAnswer, type DailyPassThreadInput } from './dailyPass';

/**
 * The loyalty daily pass on a thread of its own (runLoyaltyDailyPassOffThread starts it): the expiry pass and the
 * tier recompute write through a connection of this thread, as the device, with the device's clock (savedClock.ts
 * keeps its stamps after the app's thread's). A store that cannot be opened here is the starting side's to pass on
 * its own thread; a pass that fails is the answer, as it would fail the same way there.
 */
const input = workerData as DailyPassThreadInput;
useNativeBinding(input.nativeBinding);

async function answer(): Promise<OneAnswer<DailyPassThreadAnswer>> {
  let store: Store;
  try {
    store = openStore(input.file, { further: true, now: () => new Date(Date.now() + input.clockOffsetMs) });
    store.staff = null;
    store.outletId = input.outletId;
  } catch (error) {
    return { failed: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  try {
    return { result: { report: runLoyaltyDailyPass(store) } };
  } catch (error) {
    return { result: { passFailed: error instanceof Error ? (error.stack ?? error.message) : String(error) } };
  } finally {
    // The pass's log is copied into the file before this connection goes.
    await lastCheckpointDone();
    closeStore(store);
  }
}

void answer().then((message) => parentPort!.postMessage(message));
