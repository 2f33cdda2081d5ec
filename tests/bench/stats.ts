/** Percentiles of a list of durations in milliseconds. */
export function percentiles(samples: number[]): { p50: number; p95: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] ?? NaN };
}

export function time(work: () => unknown): number {
  const start = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export const round = (n: number, digits = 3) => Number(n.toFixed(digits));

/**
 * Wall-clock and CPU time of one call, in milliseconds. On a machine shared with other work the wall clock includes
 * waiting for a core; the process's CPU time is what the call itself costs.
 */
export function timeWithCpu(work: () => unknown): { wall: number; cpu: number } {
  const cpuStart = process.cpuUsage();
  const wall = time(work);
  const used = process.cpuUsage(cpuStart);
  return { wall, cpu: (used.user + used.system) / 1000 };
}
