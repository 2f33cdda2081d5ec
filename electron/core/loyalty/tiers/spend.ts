/** Calendar arithmetic on YYYY-MM-DD days (UTC), and the rolling 12-month spend a tier is decided by. */

export function addDays(day: string, days: number): string {
  const t = Date.parse(`${day}T00:00:00.000Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** The same day N months earlier, clamped to the month's last day. */
export function monthsBefore(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) - months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${year}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** The purchases of one customer, oldest first. */
export interface DaySpend {
  day: string;
  amount: number;
}

/** Rupiah spent in the 12 months ending on `day`: purchases after the same day a year earlier, up to it. */
export function spendOn(purchases: readonly DaySpend[], day: string): number {
  const from = monthsBefore(day, 12);
  let sum = 0;
  for (const p of purchases) if (p.day > from && p.day <= day) sum += p.amount;
  return sum;
}

/**
 * The highest rolling 12-month spend on any day from `from` to `to`: a tier reached on any day of the grace
 * window is kept. The spend only rises on a purchase's day, so the peak is on `from` or on one of those days.
 * `purchases` are sorted by day.
 */
export function peakSpend(purchases: readonly DaySpend[], from: string, to: string): number {
  const candidates = [from];
  for (const p of purchases) if (p.day > from && p.day <= to && p.day !== candidates[candidates.length - 1]) candidates.push(p.day);
  let peak = 0;
  let lo = 0;
  let hi = 0;
  let sum = 0;
  for (const day of candidates) {
    const start = monthsBefore(day, 12);
    while (hi < purchases.length && purchases[hi]!.day <= day) sum += purchases[hi++]!.amount;
    while (lo < hi && purchases[lo]!.day <= start) sum -= purchases[lo++]!.amount;
    if (sum > peak) peak = sum;
  }
  return peak;
}
