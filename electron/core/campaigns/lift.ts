/** 95% two-sided normal quantile. */
const Z = 1.959963984540054;

/** Wilson score interval of a proportion x/n. */
export function wilson(x: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const p = x / n;
  const denominator = 1 + (Z * Z) / n;
  const centre = (p + (Z * Z) / (2 * n)) / denominator;
  const half = (Z * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n))) / denominator;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export interface Lift {
  /** Conversion of the contact group minus the control group's (a difference of proportions). */
  difference: number;
  low: number;
  high: number;
  /** Contact group's rate over the control's, minus 1; null when the control converted nobody. */
  relative: number | null;
  method: 'newcombe-wilson-95';
}

/**
 * The difference of two proportions with Newcombe's hybrid score interval (method 10 of Newcombe 1998, built from
 * each group's Wilson interval): unlike the textbook Wald interval it stays inside [-1, 1] and keeps its coverage
 * with small groups and rates near 0, which is what a campaign's control group gives.
 */
export function liftOf(treatedBuyers: number, treated: number, controlBuyers: number, control: number): Lift | null {
  if (treated === 0 || control === 0) return null;
  const p1 = treatedBuyers / treated;
  const p2 = controlBuyers / control;
  const [l1, u1] = wilson(treatedBuyers, treated);
  const [l2, u2] = wilson(controlBuyers, control);
  const d = p1 - p2;
  return {
    difference: d,
    low: d - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2),
    high: d + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2),
    relative: p2 > 0 ? p1 / p2 - 1 : null,
    method: 'newcombe-wilson-95',
  };
}
