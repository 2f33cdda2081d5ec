/**
 * Hybrid logical clock: wall-clock milliseconds, a counter for events in the same millisecond
 * (or while the wall clock lags a remote one), and the node id as the final tie-break.
 * Its string form sorts in causal order: `2026-11-23T03:15:43.123Z-0000-<node>`.
 */
export interface ClockState {
  millis: number;
  counter: number;
}

const MAX_COUNTER = 0xffff;
/** A remote stamp this far ahead of our wall clock is refused rather than dragging every later stamp forward. */
export const MAX_DRIFT_MS = 5 * 60 * 1000;

export class HybridClock {
  private state: ClockState;

  constructor(
    readonly node: string,
    initial: ClockState = { millis: 0, counter: 0 },
    private readonly wallClock: () => number = Date.now,
  ) {
    this.state = { ...initial };
  }

  /** A new stamp for a local event. */
  tick(): string {
    const wall = this.wallClock();
    this.state = wall > this.state.millis ? { millis: wall, counter: 0 } : after(this.state.millis, this.state.counter);
    return formatStamp(this.state.millis, this.state.counter, this.node);
  }

  /**
   * A new stamp that sorts after `stamp` (the newest write of the row about to be written). Within the drift
   * allowance the clock moves past it as on receive; beyond it (a clock far ahead wrote that row) this one stamp
   * follows it directly and the clock stays where it is, so one bad stamp does not carry every later write
   * into the future, yet this write still wins over it everywhere.
   */
  tickAbove(stamp: string): string {
    const next = this.tick();
    if (next > stamp) return next;
    const remote = parseStamp(stamp);
    if (remote.millis - this.wallClock() <= MAX_DRIFT_MS) {
      this.receive(stamp);
      return this.tick();
    }
    return remote.counter < MAX_COUNTER
      ? formatStamp(remote.millis, remote.counter + 1, this.node)
      : formatStamp(remote.millis + 1, 0, this.node);
  }

  /** Advances past a stamp received from another node, so our next stamp sorts after it. */
  receive(stamp: string): void {
    const remote = parseStamp(stamp);
    const wall = this.wallClock();
    if (remote.millis - wall > MAX_DRIFT_MS) throw new Error(`clock drift too large: ${stamp}`);
    const millis = Math.max(wall, this.state.millis, remote.millis);
    if (millis === this.state.millis && millis === remote.millis) this.state = after(millis, Math.max(this.state.counter, remote.counter));
    else if (millis === this.state.millis) this.state = after(millis, this.state.counter);
    else if (millis === remote.millis) this.state = after(millis, remote.counter);
    else this.state = { millis, counter: 0 };
  }

  /**
   * Moves up to a state this node saved elsewhere (another connection of the same device, such as the daily pass's
   * thread), so the next stamp sorts after every stamp that state covers; an older state changes nothing.
   */
  catchUp(saved: ClockState): void {
    if (saved.millis > this.state.millis || (saved.millis === this.state.millis && saved.counter > this.state.counter)) this.state = { ...saved };
  }

  snapshot(): ClockState {
    return { ...this.state };
  }
}

/**
 * The state right after (millis, counter). A millisecond holds 65,536 stamps; past that (a bulk import, or a
 * remote stamp near the top of its counter) logical time moves on to the next millisecond, as an HLC's may.
 */
function after(millis: number, counter: number): ClockState {
  return counter < MAX_COUNTER ? { millis, counter: counter + 1 } : { millis: millis + 1, counter: 0 };
}

// A bulk write stamps thousands of changes in one millisecond: the time part is formatted once for them.
let lastTime = { millis: Number.NaN, iso: '' };

export function formatStamp(millis: number, counter: number, node: string): string {
  if (millis !== lastTime.millis) lastTime = { millis, iso: new Date(millis).toISOString() };
  return `${lastTime.iso}-${counter.toString(16).padStart(4, '0')}-${node}`;
}

export function parseStamp(stamp: string): ClockState & { node: string } {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)-([0-9a-f]{4})-(.+)$/.exec(stamp);
  if (!match) throw new Error(`not a clock stamp: ${stamp}`);
  return { millis: Date.parse(match[1]!), counter: parseInt(match[2]!, 16), node: match[3]! };
}
