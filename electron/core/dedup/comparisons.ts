import type { PreparedRecord } from './record';
import { addressPartsSimilarity, preparedNameSimilarity, stringSimilarity } from './similarity';
import { generation, PairMemo } from './similarityMemo';

/**
 * The comparison vector of a record pair: for each comparison, the level the pair falls in. Level 0 is
 * always "no data". The levels are the only thing the learned model (latentClassEm.ts) sees; what each
 * level is worth is estimated from the data, not set here.
 *
 * Missing data is a level of its own for birth date and NIK (blank on one side versus both), because on a
 * retailer's data a blank there is evidence: cards registered under borrowed names usually carry none.
 */
export interface Comparison {
  name: string;
  levels: readonly string[];
}

export const COMPARISONS = [
  { name: 'nik', levels: ['blank', 'one blank', 'same', 'typo', 'different'] },
  { name: 'phone', levels: ['blank', 'same, on 2 cards', 'same, on 3–4 cards', 'same, on 5 or more cards', 'one digit off', 'different'] },
  { name: 'email', levels: ['blank', 'same', 'different'] },
  { name: 'name', levels: ['blank', 'same', 'similar', 'partial', 'weak', 'different'] },
  { name: 'birth_date', levels: ['blank', 'one blank', 'same', 'typo', 'different'] },
  { name: 'gender', levels: ['blank', 'same', 'different'] },
  { name: 'address', levels: ['blank', 'same, 2 cards there', 'same, 3–4 cards there', 'same, 5 or more cards there', 'similar', 'weak', 'different'] },
  { name: 'postcode', levels: ['blank', 'same', 'different'] },
  { name: 'city', levels: ['blank', 'same', 'different'] },
  { name: 'registration', levels: ['unknown', 'within 2 hours', 'same day', 'within 2 weeks', 'within 90 days', 'further apart'] },
  { name: 'outlet', levels: ['unknown', 'same', 'different'] },
  { name: 'visit', levels: ['unknown', 'both came with cards tied to the other', 'one did', 'neither did'] },
  { name: 'season', levels: ['unknown', 'both registered near cards tied to the other', 'one was', 'neither was'] },
] as const satisfies readonly Comparison[];

export const C = {
  nik: 0,
  phone: 1,
  email: 2,
  name: 3,
  dob: 4,
  gender: 5,
  address: 6,
  postcode: 7,
  city: 8,
  registration: 9,
  outlet: 10,
  visit: 11,
  season: 12,
} as const;

/**
 * Comparisons whose level 0 means "not known here" rather than evidence: the model leaves them out of a
 * pair's likelihood (missing at random) instead of learning what their absence is worth.
 */
export const MISSING_AT_ZERO: readonly number[] = [C.visit, C.season];

export const COMPARISON_COUNT = COMPARISONS.length;
const RADIX = COMPARISONS.map((c) => c.levels.length);
const PLACE: number[] = [];
for (let k = 0, p = 1; k < COMPARISON_COUNT; k++, p *= RADIX[k - 1]!) PLACE[k] = p;

/** Packs a comparison vector into one integer (mixed radix; under 2^28). */
export function packLevels(levels: ArrayLike<number>): number {
  let code = 0;
  for (let k = 0; k < COMPARISON_COUNT; k++) code += levels[k]! * PLACE[k]!;
  return code;
}

export function levelOf(code: number, k: number): number {
  return Math.floor(code / PLACE[k]!) % RADIX[k]!;
}

/** Same length, at most one position differing, or two adjacent positions swapped. */
export function oneEditApart(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let first = -1;
  let diffs = 0;
  for (let i = 0; i < a.length; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) {
      if (diffs === 0) first = i;
      diffs++;
      if (diffs > 2) return false;
    }
  }
  if (diffs <= 1) return true;
  return a[first] === b[first + 1] && a[first + 1] === b[first];
}

/**
 * The birth-date level from the YYYYMMDD numbers (-1: unknown): 0 both blank, 1 one blank, 2 same, 3 a typo (one digit,
 * two adjacent digits swapped, the year off by one, day and month swapped), 4 different. Read digit by digit.
 */
export function dobLevel(a: number, b: number): number {
  if (a < 0 && b < 0) return 0;
  if (a < 0 || b < 0) return 1;
  if (a === b) return 2;
  if (oneDigitEditApart(a, b)) return 3;
  // Same day and month, year off by one; or day and month swapped.
  if (a % 10_000 === b % 10_000 && Math.abs(Math.floor(a / 10_000) - Math.floor(b / 10_000)) === 1) return 3;
  if (Math.floor(a / 10_000) === Math.floor(b / 10_000) && Math.floor(a / 100) % 100 === b % 100 && a % 100 === Math.floor(b / 100) % 100) return 3;
  return 4;
}

/** oneEditApart of two 8-digit dates as numbers: one digit differs, or two adjacent digits are swapped. */
function oneDigitEditApart(a: number, b: number): boolean {
  let diffs = 0;
  let at = -1;
  let x = a;
  let y = b;
  let swapped = false;
  for (let p = 0; p < 8; p++, x = Math.floor(x / 10), y = Math.floor(y / 10)) {
    if (x % 10 === y % 10) continue;
    if (++diffs > 2) return false;
    if (diffs === 1) at = p;
    // The second difference must be the next digit up, holding the first's digits the other way round.
    else swapped = p === at + 1 && x % 10 === Math.floor(b / 10 ** at) % 10 && y % 10 === Math.floor(a / 10 ** at) % 10;
  }
  return diffs === 1 || swapped;
}

/**
 * Same number, split by how many cards of the scan carry it: two cards on one number are as often a couple
 * as one person, ten cards under ten names are one buyer's. What each level is worth is learned.
 */
function phoneLevel(a: PreparedRecord, b: PreparedRecord): number {
  if (a.phones.length === 0 || b.phones.length === 0) return 0;
  if (a.phones.length === 1 && b.phones.length === 1 && a.phoneShape !== 0 && a.phoneShape === b.phoneShape) {
    if (a.phoneHigh === b.phoneHigh && a.phoneLow === b.phoneLow) {
      const shared = Math.max(0, a.phoneShares[0] ?? 2);
      if (shared > 0) return shared <= 2 ? 1 : shared <= 4 ? 2 : 3;
      return 5;
    }
    return oneDigitApart(a.phoneLow, b.phoneLow) + oneDigitApart(a.phoneHigh, b.phoneHigh) === 1 ? 4 : 5;
  }
  let near = false;
  let shared = 0;
  for (let i = 0; i < a.phones.length; i++) {
    const x = a.phones[i]!;
    for (const y of b.phones) {
      if (x === y) shared = Math.max(shared, a.phoneShares[i] ?? 2);
      else if (!near && x.length === y.length && hamming1(x, y)) near = true;
    }
  }
  if (shared > 0) return shared <= 2 ? 1 : shared <= 4 ? 2 : 3;
  return near ? 4 : 5;
}

/** How many decimal digits of two non-negative integers differ, counted up to 2 (aligned from the last digit). */
function oneDigitApart(x: number, y: number): number {
  let diffs = 0;
  for (; x !== y; x = Math.floor(x / 10), y = Math.floor(y / 10)) if (x % 10 !== y % 10 && ++diffs > 1) return 2;
  return diffs;
}

/**
 * Whether the pair shares a way to reach its holder: a phone (or one digit off), a dwelling, an email.
 * Cards a buyer registered under borrowed names, and members of one household, are tied by exactly this;
 * without it a pair can only be the same person registering again, or strangers.
 */
export function sharesContact(code: number): boolean {
  return sharesExactContact(code) || levelOf(code, C.phone) === 4 || levelOf(code, C.address) === 4;
}

/** Whether the pair shares the very same phone, dwelling or email (not one digit off, not a similar address). */
export function sharesExactContact(code: number): boolean {
  const phone = levelOf(code, C.phone);
  const address = levelOf(code, C.address);
  return (phone >= 1 && phone <= 3) || (address >= 1 && address <= 3) || levelOf(code, C.email) === 1;
}

function hamming1(a: string, b: string): boolean {
  let diffs = 0;
  for (let i = 0; i < a.length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i) && ++diffs > 1) return false;
  return diffs === 1;
}

const HOUR = 60;
const DAY = 24 * HOUR;

function registrationLevel(a: PreparedRecord, b: PreparedRecord): number {
  if (Number.isNaN(a.minute) || Number.isNaN(b.minute)) return 0;
  const gap = Math.abs(a.minute - b.minute);
  if (gap <= 2 * HOUR) return 1;
  if (a.day === b.day) return 2;
  if (gap <= 14 * DAY) return 3;
  if (gap <= 90 * DAY) return 4;
  return 5;
}

/** Minutes around a registration that count as one visit to the outlet. */
export const VISIT_MINUTES = 2 * HOUR;
/** Days between two of a buyer's visits that still count as one run of visits (the registration level's 90 days). */
export const SEASON_DAYS = 90;
const SEASON_MINUTES = SEASON_DAYS * DAY;
/** Bits of tiesNear. */
const CAME_WITH = 1;
const NEAR = 2;
const ANY = 4;

/**
 * Whether `a` was registered near a further card sharing a contact with `b`: in one visit with it (same outlet,
 * within VISIT_MINUTES; the same day when only days are known: CAME_WITH), and within SEASON_DAYS of it at any outlet
 * (NEAR). A buyer's cards come in visits of several cards on his number or at his home, each visit weeks after the
 * one before, so two of his cards from different visits each came with cards tied to the other, and each of his cards,
 * even one he registered alone, lies near others tied to the other; his wife, registered on her own occasion any day
 * of the years the data span, did not come with any and mostly lies near none, though his cards lie near cards tied
 * to her. One pass for both (it is most of the cost of comparing pairs that share a contact).
 */
function tiesNear(a: PreparedRecord, b: PreparedRecord): number {
  const { keys, byRecord, offsets, holders, records } = b.contacts!;
  let found = 0;
  for (let k = byRecord[b.index]!, end = byRecord[b.index + 1]!; k < end; k++) {
    for (let j = offsets[keys[k]!]!, to = offsets[keys[k]! + 1]!; j < to; j++) {
      const c = records[holders[j]!]!;
      if (c === a || c === b) continue;
      found |= ANY;
      const gap = Math.abs(c.minute - a.minute);
      if (!(gap <= SEASON_MINUTES)) continue;
      found |= NEAR;
      // Near always holds where came-with does, so finding came-with ends the search.
      if (gap <= VISIT_MINUTES && a.outletKey !== -1 && sameOutlet(c, a)) return CAME_WITH | NEAR | ANY;
    }
  }
  return found;
}

/** Both, one or neither of the two holds `bit`. */
function bothOneNeither(ab: number, ba: number, bit: number): number {
  return ab & ba & bit ? 1 : (ab | ba) & bit ? 2 : 3;
}

/**
 * Fills the visit and season levels, compared only between cards sharing a contact (the only pairs a buyer's extra
 * card or a household can be); 0 where unknown. The visit level needs both outlets.
 */
function visitAndSeason(a: PreparedRecord, b: PreparedRecord, contact: boolean, out: Uint8Array): void {
  out[C.visit] = 0;
  out[C.season] = 0;
  if (!contact || !a.contacts || !b.contacts || Number.isNaN(a.minute) || Number.isNaN(b.minute)) return;
  const ab = tiesNear(a, b);
  const ba = tiesNear(b, a);
  if (a.outletKey !== -1 && b.outletKey !== -1) out[C.visit] = bothOneNeither(ab, ba, CAME_WITH);
  // Where one of the two has no further card tied to the other (a buyer with two cards in all, a couple), whether
  // it lies near one is not a question: the season is not known rather than "neither".
  if (ab & ba & ANY) out[C.season] = bothOneNeither(ab, ba, NEAR);
}

function sameOutlet(a: PreparedRecord, b: PreparedRecord): boolean {
  return a.textGeneration === b.textGeneration ? a.outletKey === b.outletKey : a.outletId === b.outletId;
}

const citySimilarity = new PairMemo(12);

/** The same city, or one spelled within Jaro-Winkler 0.9 of it; cities are few, so their similarity is looked up. */
export function sameCity(a: PreparedRecord, b: PreparedRecord): boolean {
  const ids = a.textGeneration === b.textGeneration;
  if (ids ? a.cityId === b.cityId : a.city === b.city) return true;
  const memo = ids && a.textGeneration === generation();
  let s = memo ? citySimilarity.get(a.cityId, b.cityId) : NaN;
  if (Number.isNaN(s)) {
    s = stringSimilarity(a.city, b.city);
    if (memo) citySimilarity.set(a.cityId, b.cityId, s);
  }
  return s >= 0.9;
}

/** Graded similarities behind the name and address levels (for explaining a pair). */
export interface PairSimilarities {
  name: number;
  address: number;
}

/** Name similarity thresholds of the levels same / similar / partial / weak. */
const NAME_CUTS = [0.97, 0.88, 0.78, 0.45];
const ADDRESS_CUTS = [0.92, 0.78, 0.55];

/** Level 1 for the first cut reached, 2 for the second…, the last level when none is. */
function levelByCuts(similarity: number, cuts: readonly number[]): number {
  for (let k = 0; k < cuts.length; k++) if (similarity >= cuts[k]!) return k + 1;
  return cuts.length + 1;
}

/** Fills `out` with the level of each comparison; returns the packed code. */
export function compareRecords(a: PreparedRecord, b: PreparedRecord, out: Uint8Array, sims?: PairSimilarities): number {
  out[C.nik] = !a.nik && !b.nik ? 0 : !a.nik || !b.nik ? 1 : a.nik === b.nik ? 2 : oneEditApart(a.nik, b.nik) ? 3 : 4;
  out[C.phone] = phoneLevel(a, b);
  out[C.email] = !a.email || !b.email ? 0 : a.email === b.email ? 1 : 2;
  if (!a.normName || !b.normName) out[C.name] = 0;
  else {
    const s = a.normName === b.normName ? 1 : preparedNameSimilarity(a.name, b.name);
    if (sims) sims.name = s;
    out[C.name] = levelByCuts(s, NAME_CUTS);
  }
  out[C.dob] = dobLevel(a.dobNumber, b.dobNumber);
  out[C.gender] = !a.gender || !b.gender ? 0 : a.gender === b.gender ? 1 : 2;
  if (a.address === null || b.address === null || a.address.words.length + b.address.words.length === 0) out[C.address] = 0;
  else {
    const s = addressPartsSimilarity(a.address, b.address);
    if (sims) sims.address = s;
    const level = levelByCuts(s, ADDRESS_CUTS);
    // Like a phone, a dwelling on many cards under many names is a buyer's, not a family's.
    const there = Math.min(a.dwellingShares, b.dwellingShares);
    out[C.address] = level === 1 ? (there <= 2 ? 1 : there <= 4 ? 2 : 3) : level + 2;
  }
  out[C.postcode] = !a.postcode || !b.postcode ? 0 : a.postcode === b.postcode ? 1 : 2;
  out[C.city] = a.cityId === -1 || b.cityId === -1 ? 0 : sameCity(a, b) ? 1 : 2;
  out[C.registration] = registrationLevel(a, b);
  out[C.outlet] = a.outletKey === -1 || b.outletKey === -1 ? 0 : sameOutlet(a, b) ? 1 : 2;
  out[C.visit] = 0;
  out[C.season] = 0;
  const withoutVisit = packLevels(out);
  visitAndSeason(a, b, sharesContact(withoutVisit), out);
  return withoutVisit + out[C.visit]! * PLACE[C.visit]! + out[C.season]! * PLACE[C.season]!;
}
