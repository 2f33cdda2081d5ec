import type { DedupEvidence, DedupEvidenceKind } from '../../../shared/types';
import type { PreparedRecord } from './record';
import { dobLevel, oneEditApart, sameCity } from './comparisons';
import { addressPartsSimilarity, preparedNameSimilarity } from './similarity';

/**
 * Pairwise scoring as a Fellegi–Sunter evidence model: each field compared gives an agreement level, each
 * level a weight log2(m/u) — how much likelier that outcome is between two records of one person (m) than
 * between two records of different people (u). Weights add; a missing field adds nothing. The weights
 * below are set from the m/u reasoning in the comments and checked on Febrl datasets 1–2 (see
 * tests/bench/dedupBench.ts, which reports Febrl 3 and the Indonesian set too).
 *
 * Indonesian knowledge lives in the normalisers (names: titles, old spelling, Muhammad variants, phonetic
 * key; addresses: Jl./Gg./RT/RW) and not in the model, so the same model serves Australian Febrl data.
 */

export type EvidenceKind = DedupEvidenceKind;
export type EvidenceLevel = DedupEvidence['level'];

export interface Evidence {
  kind: EvidenceKind;
  level: EvidenceLevel;
  /** The log2 likelihood-ratio contribution. */
  weight: number;
  /** Similarity in [0, 1] when the comparison is graded (names, addresses). */
  similarity?: number;
}

export interface PairScore {
  /** Sum of the weights: > 0 means likelier the same person than not. */
  total: number;
  evidence: Evidence[];
}

/** At and above this total two records are taken as one person. */
export const MATCH_THRESHOLD = 11;

export const WEIGHTS: Record<string, number> = {
  // NIK / national id: a random agreement is near impossible; one-digit slips are typos.
  nikSame: 13,
  nikTypo: 4,
  nikDifferent: -3,
  // Households share phones and buyers reuse theirs, so agreement is evidence, not proof.
  phoneShared: 5,
  phoneDifferent: -1.5,
  emailSame: 8,
  emailDifferent: -1.5,
  // Names: the agreement weight shrinks for frequent names (see nameAgreeWeight).
  nameSimilarDrop: 2,
  namePartial: 1.5,
  nameWeak: -2,
  nameDifferent: -9,
  dobSame: 7.5,
  dobTypo: 3,
  dobDifferent: -4,
  addressSame: 5,
  addressSimilar: 3,
  addressWeak: 0,
  addressDifferent: -2.5,
  postcodeSame: 2.5,
  postcodeDifferent: -1.5,
  citySame: 1,
  cityDifferent: -1,
  genderSame: 0.3,
  genderDifferent: -3,
};

/** Agreement weight of a name by how common it is: log2(m/u) with u its frequency, bounded. */
export function nameAgreeWeight(frequency: number, total: number): number {
  const u = Math.max(frequency / Math.max(total, 1), 1e-4);
  return Math.min(9, Math.max(4, Math.log2(0.9 / u) - 1));
}

/** How often each order-free name key occurs: the u of the name comparison. */
export type NameFrequency = (record: PreparedRecord) => number;

/** comparisons.ts dobLevel's levels 2–4 (both dates known) as evidence. */
const DOB_EVIDENCE: readonly EvidenceLevel[] = ['different', 'different', 'same', 'similar', 'different'];

function sharesPhone(a: readonly string[], b: readonly string[]): boolean {
  for (const x of a) for (const y of b) if (x === y) return true;
  return false;
}

const NO_EVIDENCE: Evidence[] = [];
let acc = 0;
let sink: Evidence[] | null = null;

function add(kind: EvidenceKind, level: EvidenceLevel, weight: number, similarity?: number): void {
  acc += weight;
  if (sink)
    sink.push(
      similarity === undefined ? { kind, level, weight } : { kind, level, weight, similarity: Math.round(similarity * 1000) / 1000 },
    );
}

/**
 * Scores one pair; `nameWeight` is the agreement weight for these two names (rarer names weigh more).
 * With `rejectBelow`, scoring stops as soon as the total can no longer reach it (the returned total is
 * then only an upper bound below `rejectBelow`): the batch scan discards most candidates that way before
 * the costly name and address comparisons.
 */
export function scorePair(
  a: PreparedRecord,
  b: PreparedRecord,
  nameWeight: number,
  withEvidence = true,
  rejectBelow = -Infinity,
): PairScore {
  // No inner closure here: this runs millions of times per scan, and a closure per call (plus the
  // name-keeping helper the TypeScript loader wraps it in) shows up as a tenth of the scan.
  acc = 0;
  sink = withEvidence ? [] : null;
  const evidence = sink ?? NO_EVIDENCE;
  if (a.nik && b.nik) {
    if (a.nik === b.nik) add('nik', 'same', WEIGHTS.nikSame!);
    else if (oneEditApart(a.nik, b.nik)) add('nik', 'similar', WEIGHTS.nikTypo!);
    else add('nik', 'different', WEIGHTS.nikDifferent!);
  }
  if (a.phones.length > 0 && b.phones.length > 0) {
    if (sharesPhone(a.phones, b.phones)) add('phone', 'same', WEIGHTS.phoneShared!);
    else add('phone', 'different', WEIGHTS.phoneDifferent!);
  }
  if (a.email && b.email) {
    if (a.email === b.email) add('email', 'same', WEIGHTS.emailSame!);
    else add('email', 'different', WEIGHTS.emailDifferent!);
  }
  if (a.dob && b.dob) {
    const level = DOB_EVIDENCE[dobLevel(a.dobNumber, b.dobNumber)]!;
    add('birth_date', level, level === 'same' ? WEIGHTS.dobSame! : level === 'similar' ? WEIGHTS.dobTypo! : WEIGHTS.dobDifferent!);
  }
  if (a.gender && b.gender)
    add('gender', a.gender === b.gender ? 'same' : 'different', a.gender === b.gender ? WEIGHTS.genderSame! : WEIGHTS.genderDifferent!);
  if (a.postcode && b.postcode)
    add(
      'postcode',
      a.postcode === b.postcode ? 'same' : 'different',
      a.postcode === b.postcode ? WEIGHTS.postcodeSame! : WEIGHTS.postcodeDifferent!,
    );
  if (a.city && b.city) {
    const same = sameCity(a, b);
    add('city', same ? 'same' : 'different', same ? WEIGHTS.citySame! : WEIGHTS.cityDifferent!);
  }
  const hasAddress = a.address !== null && b.address !== null && a.address.words.length + b.address.words.length > 0;
  const addressMax = hasAddress ? WEIGHTS.addressSame! : 0;
  if (a.normName && b.normName) {
    if (acc + Math.max(nameWeight, 0) + addressMax < rejectBelow) return { total: acc, evidence };
    const s = a.normName === b.normName ? 1 : preparedNameSimilarity(a.name, b.name);
    if (s >= 0.97) add('name', 'same', nameWeight, s);
    else if (s >= 0.88) add('name', 'similar', nameWeight - WEIGHTS.nameSimilarDrop!, s);
    else if (s >= 0.78) add('name', 'similar', WEIGHTS.namePartial!, s);
    else if (s >= 0.45) add('name', 'different', WEIGHTS.nameWeak!, s);
    else add('name', 'different', WEIGHTS.nameDifferent!, s);
  }
  if (hasAddress) {
    if (acc + addressMax < rejectBelow) return { total: acc, evidence };
    const s = addressPartsSimilarity(a.address!, b.address!);
    if (s >= 0.92) add('address', 'same', WEIGHTS.addressSame!, s);
    else if (s >= 0.78) add('address', 'similar', WEIGHTS.addressSimilar!, s);
    else if (s >= 0.55) add('address', 'similar', WEIGHTS.addressWeak!, s);
    else add('address', 'different', WEIGHTS.addressDifferent!, s);
  }
  return { total: Math.round(acc * 100) / 100, evidence };
}

/** A score mapped to a probability-like confidence in [0, 1] (logistic around the match threshold). */
export function confidenceOf(total: number): number {
  return Math.round((1 / (1 + Math.pow(2, -(total - MATCH_THRESHOLD + 4) / 2))) * 1000) / 1000;
}
