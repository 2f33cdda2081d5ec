import { describe, expect, it } from 'vitest';
import { formatStamp } from '../../electron/core/clock/hybridClock';
import { readSavedClock, saveClock } from '../../electron/core/clock/savedClock';
import { registerCustomer } from '../../electron/core/customers/registerCustomer';
import { closeStore, openStore } from '../../electron/core/store/store';
import { aCustomer } from '../support/builders';
import { tempStore } from '../support/tempStore';

/**
 * One device, two connections to its store (the app's thread and the daily pass's thread, or a CLI command): the
 * device's change stamps must keep increasing whichever connection wrote, or a later write of a row would lose to
 * an earlier one everywhere it syncs.
 */
describe("a device's clock across its connections", () => {
  it('a connection opened earlier stamps after what another connection wrote since', () => {
    const app = tempStore();
    const other = openStore(app.file);
    try {
      // The app's clock moved ahead of the wall clock (a sync brought a stamp from a device a minute ahead) and wrote.
      app.clock.receive(formatStamp(Date.now() + 60_000, 5, 'aaaaaaaaaaaaaaaa'));
      registerCustomer(app, aCustomer().build());
      registerCustomer(other, aCustomer().build());
      const stamps = app.sqlite.prepare(`SELECT hlc FROM changes WHERE device_id = ? ORDER BY seq`).pluck().all(app.deviceId) as string[];
      expect(stamps.length).toBeGreaterThan(2);
      expect(stamps).toEqual([...stamps].sort());
      expect(new Set(stamps).size).toBe(stamps.length);
    } finally {
      closeStore(other);
    }
  });

  it('a save from a connection whose clock is behind leaves the newer saved state', () => {
    const app = tempStore();
    const behind = app.clock.snapshot();
    app.clock.receive(formatStamp(Date.now() + 60_000, 5, 'aaaaaaaaaaaaaaaa'));
    registerCustomer(app, aCustomer().build());
    const saved = readSavedClock(app.sqlite);
    saveClock(app.sqlite, behind);
    expect(readSavedClock(app.sqlite)).toEqual(saved);
    saveClock(app.sqlite, { millis: saved.millis, counter: saved.counter + 1 });
    expect(readSavedClock(app.sqlite)).toEqual({ millis: saved.millis, counter: saved.counter + 1 });
  });
});
