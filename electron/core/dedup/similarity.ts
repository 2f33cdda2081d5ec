import { COMMON_NAME_WORDS } from './commonNameWords';
import { parseAddress, type AddressParts } from './normalizeAddress';
import { phoneticKey } from './phoneticKey';
import { generation, PairMemo, textId } from './similarityMemo';

// Scratch buffers reused across calls: these functions run millions of times in a dedup pass, and
// allocating per call would make the garbage collector the bottleneck. Single-threaded JS makes this safe.
let matchedA = new Uint8Array(64);
let matchedB = new Uint8Array(64);
let pairScores = new Float64Array(64);

/**
 * Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, prefix up to 4, boost only above Jaro 0.7, as
 * Winkler defined it). 0 when either string is empty: an empty field is no evidence.
 */
export function stringSimilarity(a: string, b: string): number {
  const la = a.length;
  const lb = b.length;
  if (la === 0 || lb === 0) return 0;
  if (a === b) return 1;
  if (la > matchedA.length) matchedA = new Uint8Array(la * 2);
  if (lb > matchedB.length) matchedB = new Uint8Array(lb * 2);
  matchedA.fill(0, 0, la);
  matchedB.fill(0, 0, lb);
  const window = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const c = a.charCodeAt(i);
    const hi = Math.min(lb - 1, i + window);
    for (let j = Math.max(0, i - window); j <= hi; j++) {
      if (matchedB[j] === 0 && b.charCodeAt(j) === c) {
        matchedA[i] = 1;
        matchedB[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (matches === 0) return 0;
  let halfTranspositions = 0;
  for (let i = 0, j = 0; i < la; i++) {
    if (matchedA[i] === 0) continue;
    while (matchedB[j] === 0) j++;
    if (a.charCodeAt(i) !== b.charCodeAt(j)) halfTranspositions++;
    j++;
  }
  const jaro = (matches / la + matches / lb + (matches - halfTranspositions / 2) / matches) / 3;
  if (jaro <= 0.7) return jaro;
  const maxPrefix = Math.min(4, la, lb);
  let prefix = 0;
  while (prefix < maxPrefix && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/**
 * Sum of the best one-to-one pairing of two word lists, chosen greedily (highest pair first). With the
 * few words a name has, greedy equals the optimal assignment in practice and costs far less.
 * `score(i, j)` is the weighted contribution of pairing word i of A with word j of B.
 */
function alignedSum(n: number, m: number, score: (i: number, j: number) => number): number {
  const size = n * m;
  if (size > pairScores.length) pairScores = new Float64Array(size * 2);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) pairScores[i * m + j] = score(i, j);
  let usedRows = 0;
  let usedCols = 0;
  let total = 0;
  for (let round = Math.min(n, m); round > 0; round--) {
    let best = 0;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < n; i++) {
      if (usedRows & (1 << i)) continue;
      for (let j = 0; j < m; j++) {
        if (usedCols & (1 << j)) continue;
        const v = pairScores[i * m + j]!;
        if (v > best) {
          best = v;
          bi = i;
          bj = j;
        }
      }
    }
    if (bi < 0) break;
    total += best;
    usedRows |= 1 << bi;
    usedCols |= 1 << bj;
  }
  return total;
}

/** Word lists are cut to this length so the bit masks in alignedSum stay within 31 bits. */
const MAX_WORDS = 30;

// ---- names ------------------------------------------------------------------------------------------

/** A normalised name made ready for many comparisons: split, phonetic keys and weights computed once. */
export interface PreparedName {
  readonly words: readonly string[];
  readonly codes: readonly string[];
  readonly weights: readonly number[];
  readonly totalWeight: number;
  /** The words run together, for "Nur Aini" vs "Nuraini". */
  readonly joined: string;
  /** similarityMemo ids of the words and of joined, and the generation they belong to. */
  readonly ids: readonly number[];
  readonly joinedId: number;
  readonly generation: number;
}

/** A common word (Siti, Wayan, Muhammad) agreeing says less than a rare one. */
const COMMON_WORD_WEIGHT = 0.5;
/** By sound too, so that Andy weighs like Andi. */
const COMMON_CODES: ReadonlySet<string> = new Set([...COMMON_NAME_WORDS].map(phoneticKey));
/** "S" against "Santoso": consistent, not proof. */
const INITIAL_SCORE = 0.85;
/** Spelled differently, sounds the same (Fitri/Pitri, Yusuf/Jusuf). */
const PHONETIC_SCORE = 0.95;
/** Below these Jaro-Winkler values two words are different words (Adi/Ani = 0.80, Eko/Eka = 0.82). */
const SHORT_WORD_THRESHOLD = 0.84;
const WORD_THRESHOLD = 0.8;
/** How far the run-together comparison may stand in for the word comparison. */
const JOINED_THRESHOLD = 0.93;
const JOINED_PENALTY = 0.02;
const JOINED_MAX_LENGTH_GAP = 2;

// Name words follow a steep frequency curve, so a small memo answers most phonetic lookups. Cleared
// when full rather than evicted one by one: simpler, and the common words come straight back.
const phoneticMemo = new Map<string, string>();
const PHONETIC_MEMO_LIMIT = 50_000;

function memoPhoneticKey(word: string): string {
  let code = phoneticMemo.get(word);
  if (code === undefined) {
    if (phoneticMemo.size >= PHONETIC_MEMO_LIMIT) phoneticMemo.clear();
    code = phoneticKey(word);
    phoneticMemo.set(word, code);
  }
  return code;
}

/** Prepares a normalised name (normalizeName output) for preparedNameSimilarity. */
export function prepareName(normalized: string): PreparedName {
  const words = normalized
    .split(' ')
    .filter((w) => w.length > 0)
    .slice(0, MAX_WORDS);
  const codes = words.map(memoPhoneticKey);
  const weights = codes.map((c, i) => (COMMON_NAME_WORDS.has(words[i]!) || COMMON_CODES.has(c) ? COMMON_WORD_WEIGHT : 1));
  const joined = words.join('');
  let ids: number[];
  let joinedId: number;
  let current: number;
  do {
    current = generation();
    ids = words.map(textId);
    joinedId = textId(joined);
  } while (current !== generation());
  return {
    words,
    codes,
    weights,
    totalWeight: weights.reduce((s, w) => s + w, 0),
    joined,
    ids,
    joinedId,
    generation: current,
  };
}

/** wordSimilarity by word ids, and stringSimilarity of joined names by their ids. */
const wordMemo = new PairMemo();
const joinedMemo = new PairMemo(15);

function wordSimilarity(x: string, cx: string, y: string, cy: string): number {
  if (x === y) return 1;
  if (x.length === 1 || y.length === 1) return x.charCodeAt(0) === y.charCodeAt(0) ? INITIAL_SCORE : 0;
  const s = stringSimilarity(x, y);
  if (cx === cy) return s > PHONETIC_SCORE ? s : PHONETIC_SCORE;
  return s >= (x.length <= 4 && y.length <= 4 ? SHORT_WORD_THRESHOLD : WORD_THRESHOLD) ? s : 0;
}

/**
 * Similarity of two prepared names in [0, 1]. Words are paired regardless of order; the score blends
 * Dice (agreement over both names) with containment (agreement over the shorter name), so a missing word
 * ("Budi" vs "Budi Santoso") costs less than a different word ("Budi Santoso" vs "Agus Santoso").
 */
export function preparedNameSimilarity(a: PreparedName, b: PreparedName): number {
  const n = a.words.length;
  const m = b.words.length;
  if (n === 0 || m === 0) return 0;
  if (a.joined === b.joined && n === m) return 1;
  const { words: wa, codes: ca, weights: ga, ids: ia } = a;
  const { words: wb, codes: cb, weights: gb, ids: ib } = b;
  const memo = a.generation === b.generation && a.generation === generation();
  const sum = alignedSum(n, m, (i, j) => {
    let s: number;
    if (!memo) s = wordSimilarity(wa[i]!, ca[i]!, wb[j]!, cb[j]!);
    else if (ia[i] === ib[j]) s = 1;
    else {
      s = wordMemo.get(ia[i]!, ib[j]!);
      if (Number.isNaN(s)) wordMemo.set(ia[i]!, ib[j]!, (s = wordSimilarity(wa[i]!, ca[i]!, wb[j]!, cb[j]!)));
    }
    // The lighter weight of the two, so the sum never exceeds either name's total weight.
    return s === 0 ? 0 : s * Math.min(ga[i]!, gb[j]!);
  });
  const dice = (2 * sum) / (a.totalWeight + b.totalWeight);
  const containment = sum / Math.min(a.totalWeight, b.totalWeight);
  let score = (dice + containment) / 2;
  // Only for a space put in or left out ("Nur Aini"/"Nuraini"), not for a whole word added.
  if (n !== m && Math.abs(a.joined.length - b.joined.length) <= JOINED_MAX_LENGTH_GAP) {
    let joined = memo ? joinedMemo.get(a.joinedId, b.joinedId) : NaN;
    if (Number.isNaN(joined)) {
      joined = stringSimilarity(a.joined, b.joined);
      if (memo) joinedMemo.set(a.joinedId, b.joinedId, joined);
    }
    if (joined >= JOINED_THRESHOLD && joined - JOINED_PENALTY > score) score = joined - JOINED_PENALTY;
  }
  return score;
}

/**
 * Similarity in [0, 1] of two names already normalised with normalizeName (raw input still works, but
 * titles and spelling variants then count as differences). For many comparisons against one name,
 * prepare it once and use preparedNameSimilarity.
 */
export function nameSimilarity(a: string, b: string): number {
  if (a === b) return a.length > 0 ? 1 : 0;
  return preparedNameSimilarity(prepareName(a), prepareName(b));
}

// ---- addresses --------------------------------------------------------------------------------------

/**
 * How much one disagreeing number lowers the score when both addresses give it: a different house
 * number on the same street is a different household; a different RT/RW is likelier a typo.
 */
const MISMATCH_FACTOR = { number: 0.5, blok: 0.6, rt: 0.75, rw: 0.85, postcode: 0.8 } as const;
/** Addresses are often typed partly (no kelurahan, no city), so containment weighs more than for names. */
const ADDRESS_CONTAINMENT_WEIGHT = 0.7;

function wordsSimilarity(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, MAX_WORDS);
  const m = Math.min(b.length, MAX_WORDS);
  if (n === 0 || m === 0) return 0;
  const sum = alignedSum(n, m, (i, j) => {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) return 1;
    const s = stringSimilarity(x, y);
    return s >= WORD_THRESHOLD ? s : 0;
  });
  const dice = (2 * sum) / (n + m);
  const containment = sum / Math.min(n, m);
  return ADDRESS_CONTAINMENT_WEIGHT * containment + (1 - ADDRESS_CONTAINMENT_WEIGHT) * dice;
}

/** wordsSimilarity by word list ids (a list's id is its words' text: equal lists share it). */
const wordListMemo = new PairMemo(15);
// Keyed by the list itself: parseAddress gives equal lists one array, so this holds one entry per distinct list.
const wordListIds = new Map<readonly string[], { id: number; generation: number }>();
const WORD_LIST_IDS_LIMIT = 50_000;

function wordListId(words: readonly string[]): number {
  const known = wordListIds.get(words);
  if (known && known.generation === generation()) return known.id;
  const id = textId(words.join(' '));
  if (wordListIds.size >= WORD_LIST_IDS_LIMIT) wordListIds.clear();
  wordListIds.set(words, { id, generation: generation() });
  return id;
}

/**
 * Similarity in [0, 1] of two addresses, raw or normalised: place-name words compared like name words,
 * then lowered for each of house number, blok, RT, RW, postcode that both give and that differ.
 */
export function addressSimilarity(a: string, b: string): number {
  return addressPartsSimilarity(parseAddress(a), parseAddress(b));
}

/** addressSimilarity for addresses parsed once (parseAddress), for many comparisons. */
export function addressPartsSimilarity(pa: AddressParts, pb: AddressParts): number {
  const current = generation();
  const la = wordListId(pa.words);
  const lb = wordListId(pb.words);
  let score: number;
  if (current !== generation()) score = wordsSimilarity(pa.words, pb.words);
  else {
    score = wordListMemo.get(la, lb);
    if (Number.isNaN(score)) wordListMemo.set(la, lb, (score = wordsSimilarity(pa.words, pb.words)));
  }
  for (const field of ['number', 'blok', 'rt', 'rw', 'postcode'] as const satisfies readonly (keyof AddressParts)[]) {
    const x = pa[field];
    const y = pb[field];
    if (x !== null && y !== null && x !== y) score *= MISMATCH_FACTOR[field];
  }
  return score;
}

/** Two strings of one length differing in at most one position (a mistyped digit of a number or NIK). */
export function oneDigitApart(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diffs = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && ++diffs > 1) return false;
  return true;
}
