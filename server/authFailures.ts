/**
 * Failed authentications per client address: after `max` within `windowMs`, the address's failures are answered
 * 429 until the window ends (server/app.ts). Credentials are still checked, so a device with a valid token — or
 * a valid enrolment code — at the same address (outlets behind one mall's NAT) is never slowed or refused by this.
 * @fastify/rate-limit counts requests, not failures, and cannot look without counting. Per process: each
 * stateless server process keeps its own counts.
 */
export class AuthFailures {
  private readonly byAddress = new Map<string, { count: number; until: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  blocked(address: string): boolean {
    const entry = this.byAddress.get(address);
    if (!entry) return false;
    if (entry.until <= this.now()) {
      this.byAddress.delete(address);
      return false;
    }
    return entry.count >= this.max;
  }

  record(address: string): void {
    const now = this.now();
    const entry = this.byAddress.get(address);
    if (!entry || entry.until <= now) this.byAddress.set(address, { count: 1, until: now + this.windowMs });
    else entry.count++;
    // Bounded memory under a flood of addresses: expired entries go first, then the oldest.
    if (this.byAddress.size > 100_000) {
      for (const [key, value] of this.byAddress) if (value.until <= now) this.byAddress.delete(key);
      while (this.byAddress.size > 100_000) this.byAddress.delete(this.byAddress.keys().next().value!);
    }
  }
}
