/** Pairwise quality of a clustering against the truth: every pair of records put together is a predicted match. */
export interface PairwiseQuality {
  precision: number;
  recall: number;
  f1: number;
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
  truePeople: number;
  estimatedPeople: number;
  /** (estimated - true) / true */
  peopleError: number;
}

const pairsIn = (n: number) => (n * (n - 1)) / 2;

/** `truth[i]` is the person of record i; `predicted[i]` its cluster (any label; singletons unique). */
export function pairwiseQuality(truth: readonly string[], predicted: readonly (string | number)[]): PairwiseQuality {
  const count = <T>(labels: readonly T[]) => {
    const m = new Map<T, number>();
    for (const l of labels) m.set(l, (m.get(l) ?? 0) + 1);
    return m;
  };
  const truthCounts = count(truth);
  const predCounts = count(predicted);
  const joint = count(truth.map((t, i) => `${t}\u0000${String(predicted[i])}`));
  let truePairs = 0;
  for (const c of truthCounts.values()) truePairs += pairsIn(c);
  let predictedPairs = 0;
  for (const c of predCounts.values()) predictedPairs += pairsIn(c);
  let correctPairs = 0;
  for (const c of joint.values()) correctPairs += pairsIn(c);
  const precision = predictedPairs ? correctPairs / predictedPairs : 1;
  const recall = truePairs ? correctPairs / truePairs : 1;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return {
    precision,
    recall,
    f1,
    truePairs,
    predictedPairs,
    correctPairs,
    truePeople: truthCounts.size,
    estimatedPeople: predCounts.size,
    peopleError: (predCounts.size - truthCounts.size) / truthCounts.size,
  };
}
