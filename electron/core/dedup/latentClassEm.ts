import { COMPARISONS, COMPARISON_COUNT, levelOf, MISSING_AT_ZERO, sharesContact } from './comparisons';

const missingAtZero = COMPARISONS.map((_, k) => MISSING_AT_ZERO.includes(k));

/**
 * Unsupervised Fellegi–Sunter: the probability of each comparison level in each class of pair, learned
 * by expectation–maximisation over the blocked candidate pairs, with no labels (as Splink and fastLink
 * do; like fastLink, EM runs over the counts of distinct comparison patterns, so its cost does not grow
 * with the number of pairs).
 *
 * Two classes (match m / non-match u) cannot describe a retailer's cards: the records of one buyer look
 * one way when he registered again honestly (same name, same birth date) and another when he collected
 * cards under borrowed names (different names, blank birth dates, his phone, registrations close in
 * time); and non-matches sharing a phone and an address (a household) look nothing like strangers who
 * only share a name word. A single m or u averaged over such mixtures makes the independence assumption
 * of Fellegi–Sunter badly wrong, so the model has four latent classes, two of them "same person":
 *
 * - `same`      an honest duplicate (same person, registered again)
 * - `farmed`    a card of the same buyer under a borrowed name
 * - `household` different people sharing contact details
 * - `unrelated` different people, met through blocking only
 *
 * Registration context (time gap, outlet) is tied across same/household/unrelated: only farming is
 * assumed to be clustered in time; people register again, or live together, on unrelated occasions.
 * That tie is what makes `farmed` and `household` identifiable from each other.
 *
 * `farmed` and `household` are defined by a shared contact (comparisons.ts sharesContact): a pair sharing
 * no phone, dwelling or email is never put in them. Without that bound the farmed class, whose names,
 * birth dates and phones all differ by nature, would also take strangers who happen to meet in a block.
 */

export const CLASSES = ['same', 'farmed', 'household', 'unrelated'] as const;
export type PairClass = (typeof CLASSES)[number];
export const CLASS_COUNT = CLASSES.length;
/** Classes that are one person. */
export const MATCH_CLASSES: readonly number[] = [0, 1];
/** Classes that exist only between records sharing a contact. */
const CONTACT_CLASSES: readonly number[] = [1, 2];
const inContactClass = Array.from({ length: 4 }, (_, c) => CONTACT_CLASSES.includes(c));

export interface LatentClassModel {
  /** Prior share of each class among the candidate pairs. */
  lambda: number[];
  /** theta[class][comparison][level] */
  theta: number[][][];
  iterations: number;
  converged: boolean;
  pairs: number;
  patterns: number;
}

type Init = Record<PairClass, number[]>;

/** Starting values: a sketch of what each class looks like; EM replaces them with what the data say. */
const INITIAL: Record<(typeof COMPARISONS)[number]['name'], Init> = {
  nik: {
    same: [0.4, 0.3, 0.27, 0.02, 0.01],
    farmed: [0.55, 0.43, 0.005, 0.005, 0.01],
    household: [0.35, 0.45, 0.001, 0.001, 0.2],
    unrelated: [0.35, 0.45, 0.001, 0.001, 0.2],
  },
  phone: {
    same: [0.01, 0.45, 0.1, 0.05, 0.02, 0.37],
    farmed: [0.01, 0.2, 0.3, 0.3, 0.06, 0.13],
    household: [0.01, 0.35, 0.2, 0.05, 0.01, 0.38],
    unrelated: [0.01, 0.0006, 0.0003, 0.0001, 0.001, 0.988],
  },
  email: {
    same: [0.85, 0.1, 0.05],
    farmed: [0.95, 0.01, 0.04],
    household: [0.9, 0.001, 0.099],
    unrelated: [0.9, 0.0001, 0.0999],
  },
  name: {
    same: [0.01, 0.5, 0.3, 0.12, 0.05, 0.02],
    farmed: [0.01, 0.03, 0.02, 0.05, 0.3, 0.59],
    household: [0.01, 0.01, 0.01, 0.05, 0.4, 0.52],
    unrelated: [0.01, 0.05, 0.05, 0.1, 0.5, 0.29],
  },
  birth_date: {
    same: [0.01, 0.15, 0.72, 0.1, 0.02],
    farmed: [0.3, 0.4, 0.01, 0.01, 0.28],
    household: [0.01, 0.05, 0.005, 0.01, 0.925],
    unrelated: [0.01, 0.05, 0.01, 0.01, 0.92],
  },
  gender: {
    same: [0.15, 0.84, 0.01],
    farmed: [0.5, 0.25, 0.25],
    household: [0.05, 0.45, 0.5],
    unrelated: [0.05, 0.5, 0.45],
  },
  address: {
    same: [0.1, 0.45, 0.1, 0.05, 0.15, 0.05, 0.1],
    farmed: [0.3, 0.15, 0.15, 0.2, 0.05, 0.05, 0.1],
    household: [0.05, 0.5, 0.3, 0.05, 0.05, 0.02, 0.03],
    unrelated: [0.05, 0.006, 0.003, 0.001, 0.02, 0.07, 0.85],
  },
  postcode: {
    same: [0.9, 0.08, 0.02],
    farmed: [0.9, 0.07, 0.03],
    household: [0.9, 0.09, 0.01],
    unrelated: [0.9, 0.02, 0.08],
  },
  city: {
    same: [0.05, 0.85, 0.1],
    farmed: [0.1, 0.7, 0.2],
    household: [0.05, 0.93, 0.02],
    unrelated: [0.05, 0.1, 0.85],
  },
  registration: {
    same: [0.2, 0.001, 0.002, 0.02, 0.1, 0.677],
    farmed: [0.2, 0.5, 0.05, 0.05, 0.15, 0.05],
    household: [0.2, 0.001, 0.002, 0.02, 0.1, 0.677],
    unrelated: [0.2, 0.001, 0.002, 0.02, 0.1, 0.677],
  },
  outlet: {
    same: [0.1, 0.2, 0.7],
    farmed: [0.1, 0.7, 0.2],
    household: [0.1, 0.2, 0.7],
    unrelated: [0.1, 0.2, 0.7],
  },
  visit: {
    same: [0.1, 0.05, 0.15, 0.7],
    farmed: [0.1, 0.5, 0.25, 0.15],
    household: [0.1, 0.05, 0.25, 0.6],
    unrelated: [0.1, 0.01, 0.1, 0.79],
  },
  season: {
    same: [0.1, 0.1, 0.2, 0.6],
    farmed: [0.1, 0.7, 0.15, 0.05],
    household: [0.1, 0.1, 0.3, 0.5],
    unrelated: [0.1, 0.05, 0.15, 0.7],
  },
};

/** Comparisons whose levels are shared by these classes (one distribution, pooled counts). */
const TIED: Partial<Record<(typeof COMPARISONS)[number]['name'], readonly number[]>> = {
  registration: [0, 2, 3],
  outlet: [0, 2, 3],
};

const INITIAL_LAMBDA = [0.05, 0.02, 0.03, 0.9];
/** Weight, in pairs, of the starting values as a Dirichlet prior: keeps empty levels off zero. */
export const PRIOR_PAIRS = 20;

/**
 * Fewer learned pairs than this, and the scan says its model is not yet the store's own. The "one person" classes are
 * a few percent of the pairs, so each class's PRIOR_PAIRS of starting values outweigh what a small store shows of
 * them. Measured by tests/bench/dedupSmallStore.ts on the synthetic generator, eight stores a size: up to 250 cards
 * (at most 1,305 pairs) some store still had a "one person" class's m 93% starting values (the median store's was
 * 19% data at 50 cards, 69% at 250), and the level weights moved 0.9–1 bit from one store to the next of the same
 * shape (50–250 cards); from 300 cards (1,416–1,667 pairs) every store's m was at least half data (three quarters at
 * 400 cards), and the spread fell to 0.7 bits, 0.5 at 500 cards, 0.2 at 5,000. Under ~30 cards the spread looks
 * small only because nearly nothing is learned. The scan's F1 on that generator hardly moves with size: its data
 * look like the starting values; a real store unlike them is what the warning is for.
 */
export const MIN_LEARNED_PAIRS = 1_500;

export function initialModel(): LatentClassModel {
  return {
    lambda: [...INITIAL_LAMBDA],
    theta: CLASSES.map((c) => COMPARISONS.map((k) => normalise([...INITIAL[k.name][c]]))),
    iterations: 0,
    converged: false,
    pairs: 0,
    patterns: 0,
  };
}

function normalise(v: number[]): number[] {
  const s = v.reduce((a, b) => a + b, 0);
  return v.map((x) => x / s);
}

/** Fits the model to pattern counts (`patterns[i]` seen `counts[i]` times). */
export function fitLatentClasses(
  patterns: ArrayLike<number>,
  counts: ArrayLike<number>,
  options: { maxIterations?: number; tolerance?: number; start?: LatentClassModel } = {},
): LatentClassModel {
  const start = options.start ?? initialModel();
  const prior = initialModel();
  const model: LatentClassModel = structuredClone(start);
  const P = patterns.length;
  const K = COMPARISON_COUNT;
  // Levels of every pattern, unpacked once, as slots of one flat array of all comparisons' levels (comparison k's
  // level l at offset[k] + l); a level left out of the likelihood (missing at zero) has no slot. Per pattern, its
  // slots in comparison order, so sums run in the same order as over the nested arrays.
  const offset: number[] = [];
  let L = 0;
  for (const c of COMPARISONS) {
    offset.push(L);
    L += c.levels.length;
  }
  const slots = new Int32Array(P * K);
  const slotCount = new Uint8Array(P);
  const contact = new Uint8Array(P);
  let total = 0;
  for (let i = 0; i < P; i++) {
    let n = 0;
    for (let k = 0; k < K; k++) {
      const level = levelOf(patterns[i]!, k);
      if (level !== 0 || !missingAtZero[k]) slots[i * K + n++] = offset[k]! + level;
    }
    slotCount[i] = n;
    contact[i] = sharesContact(patterns[i]!) ? 1 : 0;
    total += counts[i]!;
  }
  model.pairs = total;
  model.patterns = P;
  const maxIterations = options.maxIterations ?? 300;
  const tolerance = options.tolerance ?? 1e-6;
  const resp = new Float64Array(CLASS_COUNT);
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    // E step: expected class counts per level.
    const lambdaCount = new Float64Array(CLASS_COUNT);
    // levelCount[c][offset[k] + l]: expected pairs of class c at level l of comparison k.
    const levelCount = CLASSES.map(() => new Float64Array(L));
    // Logs once per iteration, not once per pattern.
    const logLambda = model.lambda.map(Math.log);
    const logTheta = model.theta.map((byComparison) => {
      const flat = new Float64Array(L);
      byComparison.forEach((p, k) => p.forEach((x, l) => (flat[offset[k]! + l] = Math.log(x))));
      return flat;
    });
    for (let i = 0; i < P; i++) {
      const from = i * K;
      const to = from + slotCount[i]!;
      let max = -Infinity;
      for (let c = 0; c < CLASS_COUNT; c++) {
        if (!contact[i] && inContactClass[c]) {
          resp[c] = -Infinity;
          continue;
        }
        let ll = logLambda[c]!;
        const th = logTheta[c]!;
        for (let j = from; j < to; j++) ll += th[slots[j]!]!;
        resp[c] = ll;
        if (ll > max) max = ll;
      }
      let sum = 0;
      for (let c = 0; c < CLASS_COUNT; c++) sum += resp[c] = Math.exp(resp[c]! - max);
      const n = counts[i]!;
      for (let c = 0; c < CLASS_COUNT; c++) {
        const w = (resp[c]! / sum) * n;
        lambdaCount[c]! += w;
        const lc = levelCount[c]!;
        for (let j = from; j < to; j++) lc[slots[j]!]! += w;
      }
    }
    // M step, with the starting values as a weak prior; tied classes pool their counts.
    let change = 0;
    const lambda = normalise([...lambdaCount].map((x, c) => x + PRIOR_PAIRS * prior.lambda[c]!));
    for (let c = 0; c < CLASS_COUNT; c++) change = Math.max(change, Math.abs(lambda[c]! - model.lambda[c]!));
    model.lambda = lambda;
    COMPARISONS.forEach((comparison, k) => {
      const tied = TIED[comparison.name];
      for (let c = 0; c < CLASS_COUNT; c++) {
        const group = tied?.includes(c) ? tied : [c];
        const next = comparison.levels.map((_, l) => {
          let x = 0;
          for (const g of group) x += levelCount[g]![offset[k]! + l]! + PRIOR_PAIRS * prior.theta[g]![k]![l]!;
          return x;
        });
        const p = normalise(next);
        for (let l = 0; l < p.length; l++) change = Math.max(change, Math.abs(p[l]! - model.theta[c]![k]![l]!));
        model.theta[c]![k] = p;
      }
    });
    model.iterations = iteration;
    if (change < tolerance) {
      model.converged = true;
      break;
    }
  }
  return model;
}

/** Log-likelihood of a comparison vector under each class (plus log prior), into `out`. */
export function classLogLikelihoods(model: LatentClassModel, code: number, out: Float64Array): void {
  const contact = sharesContact(code);
  for (let c = 0; c < CLASS_COUNT; c++) {
    if (!contact && CONTACT_CLASSES.includes(c)) {
      out[c] = -Infinity;
      continue;
    }
    let ll = Math.log(model.lambda[c]!);
    const th = model.theta[c]!;
    for (let k = 0; k < COMPARISON_COUNT; k++) {
      const level = levelOf(code, k);
      if (level !== 0 || !missingAtZero[k]) ll += Math.log(th[k]![level]!);
    }
    out[c] = ll;
  }
}

/**
 * Log2 odds that a pair is one person, and the share of that belief owed to farming, from its class
 * log-likelihoods. `nameShift` (natural log) is added to the two "different people" classes when the
 * names agree: a rare name says more than a common one (Splink's term-frequency adjustment).
 */
export function oddsOfClasses(ll: Float64Array, nameShift = 0): { odds: number; farmed: number } {
  const h = ll[0]!;
  const f = ll[1]!;
  const k = ll[2]! + nameShift;
  const u = ll[3]! + nameShift;
  const max = Math.max(h, f, k, u);
  const eh = Math.exp(h - max);
  const ef = Math.exp(f - max);
  const same = eh + ef;
  const other = Math.exp(k - max) + Math.exp(u - max);
  return { odds: Math.log2(same / other), farmed: same > 0 ? ef / same : 0 };
}

/**
 * The m and u of each level as a two-class reading of the model, for explaining a pair: m mixes the
 * "one person" classes, u the others, each by its prior share. log2(m/u) is the level's weight.
 */
export function levelWeights(model: LatentClassModel): number[][] {
  const [h, f, k, u] = model.lambda as [number, number, number, number];
  return COMPARISONS.map((comparison, c) =>
    comparison.levels.map((_, l) => {
      const m = (h * model.theta[0]![c]![l]! + f * model.theta[1]![c]![l]!) / (h + f);
      const v = (k * model.theta[2]![c]![l]! + u * model.theta[3]![c]![l]!) / (k + u);
      return Math.round(Math.log2(m / v) * 100) / 100;
    }),
  );
}
