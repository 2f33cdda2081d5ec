import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HybridClock, MAX_DRIFT_MS, formatStamp, parseStamp } from '../../electron/core/clock/hybridClock';

describe('HybridClock', () => {
  it('stamps sort in the order they were made, even when the wall clock stands still or goes back', () => {
    let wall = 1_700_000_000_000;
    const clock = new HybridClock('aaaa', undefined, () => wall);
    const a = clock.tick();
    const b = clock.tick();
    wall -= 5000;
    const c = clock.tick();
    expect([a, b, c]).toEqual([...[a, b, c]].sort());
    expect(new Set([a, b, c]).size).toBe(3);
  });

  it('after receiving a remote stamp, the next local stamp sorts after it', () => {
    const wall = 1_700_000_000_000;
    const local = new HybridClock('aaaa', undefined, () => wall);
    const remote = new HybridClock('bbbb', undefined, () => wall + 60_000);
    const theirs = remote.tick();
    local.receive(theirs);
    expect(local.tick() > theirs).toBe(true);
  });

  it('the node id breaks ties between equal times and counters', () => {
    const wall = () => 1_700_000_000_000;
    expect(new HybridClock('aaaa', undefined, wall).tick() < new HybridClock('bbbb', undefined, wall).tick()).toBe(true);
  });

  it('refuses a remote stamp too far in the future', () => {
    const wall = 1_700_000_000_000;
    const far = new HybridClock('bbbb', undefined, () => wall + MAX_DRIFT_MS + 1000).tick();
    expect(() => new HybridClock('aaaa', undefined, () => wall).receive(far)).toThrow(/drift/);
  });

  it('moves to the next millisecond when one millisecond runs out of counter, never failing', () => {
    const wall = 1_700_000_000_000;
    // The property test's counterexample: a stored stamp near the top of its counter, in our millisecond.
    const clock = new HybridClock('mmmm', undefined, () => wall);
    const stored = formatStamp(wall, 65_533, '0000');
    const stamps = [clock.tickAbove(stored)];
    for (let k = 0; k < 70_000; k++) stamps.push(clock.tick());
    expect(stamps[0]! > stored).toBe(true);
    for (let k = 1; k < stamps.length; k++) expect(stamps[k]! > stamps[k - 1]!).toBe(true);
    expect(parseStamp(stamps[stamps.length - 1]!).millis).toBe(wall + 2);
  });

  it('round-trips its string form', () => {
    const stamp = new HybridClock('abcd', { millis: 0, counter: 0 }, () => 1_700_000_000_123).tick();
    expect(parseStamp(stamp)).toEqual({ millis: 1_700_000_000_123, counter: 0, node: 'abcd' });
  });

  it('a local write stamps above any stored stamp, however wrong the clocks, and one far-ahead stamp does not drag the clock', () => {
    const wall = 1_700_000_000_000;
    fc.assert(
      fc.property(
        fc.integer({ min: -400 * 86_400_000, max: 400 * 86_400_000 }), // our clock's error
        fc.integer({ min: -400 * 86_400_000, max: 8_000 * 86_400_000 }), // where the stored stamp's writer thought it was
        fc.integer({ min: 0, max: 0xffff }),
        fc.constantFrom('0000', 'ffff', 'abcd', 'zz-node'),
        (ourError, theirOffset, counter, node) => {
          const clock = new HybridClock('mmmm', undefined, () => wall + ourError);
          const stored = formatStamp(wall + theirOffset, counter, node);
          const mine = clock.tickAbove(stored);
          expect(mine > stored).toBe(true);
          expect(parseStamp(mine).node).toBe('mmmm');
          // The clock itself never runs further ahead of our wall than the drift allowance.
          expect(clock.snapshot().millis - (wall + ourError)).toBeLessThanOrEqual(MAX_DRIFT_MS);
          // Stamps stay unique and increasing for the writes that follow.
          const next = clock.tick();
          expect(next).not.toBe(mine);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
