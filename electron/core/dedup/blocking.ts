import type { PreparedRecord } from './record';

/**
 * Blocking: records are compared only when they share a key. Keys are hashed to 28 bits plus a 4-bit
 * kind and radix-sorted as (key, record) pairs of uint32, so a million records with ~19 keys each
 * need no Map of strings. A hash collision only adds a few pairs to score; it never loses one.
 */
export const BLOCK_KINDS = {
  phone: { id: 0, cap: 60 },
  nik: { id: 1, cap: 30 },
  email: { id: 2, cap: 30 },
  name: { id: 3, cap: 16 },
  namePartial: { id: 4, cap: 12 },
  nameDob: { id: 5, cap: 50 },
  nameAddress: { id: 6, cap: 50 },
  /** The dwelling (street, number, RT/RW, city): households and card farmers. */
  dwelling: { id: 7, cap: 40 },
  nameWord: { id: 8, cap: 40 },
  dobPostcode: { id: 9, cap: 40 },
  nikPrefix: { id: 10, cap: 30 },
  /** The phone with one of its last eight digits blanked: a number one digit off meets its original. */
  nearPhone: { id: 11, cap: 60 },
  /**
   * The street, blok and number without RT/RW: one home written once with its RT/RW and once without still
   * meets itself. Only a source of pairs: the comparison tells a different RT/RW apart, so it ties nobody, and
   * the model is not learnt from the pairs it alone brings (`learnFrom`).
   */
  street: { id: 12, cap: 40 },
} as const;
export type BlockKind = keyof typeof BLOCK_KINDS;

const CAP_BY_ID: number[] = [];
for (const { id, cap } of Object.values(BLOCK_KINDS)) CAP_BY_ID[id] = cap;

/** Kinds whose blocks say "these records share a contact" (for households and farming). */
export const CONTACT_KINDS: ReadonlySet<number> = new Set([BLOCK_KINDS.phone.id, BLOCK_KINDS.dwelling.id]);

/** Blocks bigger than this are junk values (a shop's phone typed for everyone) even for contact grouping. */
export const MAX_CONTACT_BLOCK = 60;

/** Kinds whose blocks tie two cards for the visit comparison: a number or one digit off, a dwelling, an email. */
const TIE_KINDS: ReadonlySet<number> = new Set([BLOCK_KINDS.phone.id, BLOCK_KINDS.nearPhone.id, BLOCK_KINDS.dwelling.id, BLOCK_KINDS.email.id]);
/** A contact on more cards than this ties nobody. */
export const MAX_TIE_BLOCK = 40;

// FNV-1a, 32-bit, folded to 28 bits, fed piece by piece: a key made of several parts ("word|birth date") hashes as
// the text of the parts run together would, without building that text (tens of strings per record).
const FNV_OFFSET = 0x811c9dc5;

function fnv(h: number, s: string, from = 0, to = s.length): number {
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

const fold28 = (h: number) => (h >>> 4) ^ (h & 0xf);
const BAR = '|';
const DIGITS = Array.from({ length: 32 }, (_, i) => String(i));

/** The dwelling key of a record: full address key (with RT/RW when given) and the city (record.ts computes it once). */
export function dwellingKey(r: PreparedRecord): string {
  return r.dwelling;
}

/**
 * Every blocking key of one record, as (kind, 28-bit hash of the key's text). The texts, for reference: phone
 * (E.164); nearPhone `${i}${phone without digit i}` for the last eight digits; nik; nikPrefix `h${first half}`,
 * `t${second half}`; email; name (sorted phonetic key); namePartial; nameWord (phonetic word key); nameDob
 * `${word}|${dob}` and `${sorted}|${dob}`; nameAddress `${word}|${address key without RT/RW}`; dwelling; street
 * `${address key without RT/RW}|${city}`; dobPostcode `${dob}|${postcode}`.
 */
export function blockingKeyHashes(r: PreparedRecord, emit: (kind: number, hash: number) => void): void {
  const K = BLOCK_KINDS;
  for (const p of r.phones) {
    emit(K.phone.id, fold28(fnv(FNV_OFFSET, p)));
    for (let i = Math.max(1, p.length - 8); i < p.length; i++)
      emit(K.nearPhone.id, fold28(fnv(fnv(fnv(FNV_OFFSET, DIGITS[i] ?? String(i)), p, 0, i), p, i + 1)));
  }
  const nik = r.nik;
  if (nik.length >= 6) {
    emit(K.nik.id, fold28(fnv(FNV_OFFSET, nik)));
    // A one-digit typo in the tail still meets its original on the head, and the reverse.
    const half = Math.ceil(nik.length / 2);
    emit(K.nikPrefix.id, fold28(fnv(fnv(FNV_OFFSET, 'h'), nik, 0, half)));
    emit(K.nikPrefix.id, fold28(fnv(fnv(FNV_OFFSET, 't'), nik, half)));
  }
  if (r.email) emit(K.email.id, fold28(fnv(FNV_OFFSET, r.email)));
  if (r.nameSortedKey) emit(K.name.id, fold28(fnv(FNV_OFFSET, r.nameSortedKey)));
  for (const k of r.namePartialKeys) emit(K.namePartial.id, fold28(fnv(FNV_OFFSET, k)));
  const looseAddress = r.addressKeys[r.addressKeys.length - 1] ?? '';
  for (const t of r.nameTokenKeys) {
    const word = fnv(FNV_OFFSET, t);
    emit(K.nameWord.id, fold28(word));
    if (r.dob) emit(K.nameDob.id, fold28(fnv(fnv(word, BAR), r.dob)));
    if (looseAddress) emit(K.nameAddress.id, fold28(fnv(fnv(word, BAR), looseAddress)));
  }
  if (r.dob && r.nameSortedKey) emit(K.nameDob.id, fold28(fnv(fnv(fnv(FNV_OFFSET, r.nameSortedKey), BAR), r.dob)));
  if (r.dwelling) emit(K.dwelling.id, fold28(fnv(FNV_OFFSET, r.dwelling)));
  if (looseAddress) emit(K.street.id, fold28(fnv(fnv(fnv(FNV_OFFSET, looseAddress), BAR), r.city)));
  if (r.dob && r.postcode) emit(K.dobPostcode.id, fold28(fnv(fnv(fnv(FNV_OFFSET, r.dob), BAR), r.postcode)));
}

export interface BlockingResult {
  /** Candidate pairs as i * 2^21 + j with i < j, sorted and unique. */
  pairs: Float64Array;
  pairCount: number;
  /**
   * Per pair, 0 when only the street block brought it. The model learns from the others: at 1,000,000 synthetic
   * cards the street block more than doubled the candidate pairs (4.0M → 8.9M), nearly all of different people
   * on one street, and EM fitted over them settled on a model where a third of all pairs were one person — one
   * component of 941,962 cards. Scored with the model the other pairs teach, they still link one home written
   * with and without its RT/RW.
   */
  learnFrom: Uint8Array;
  /** Blocks left out for being over their kind's cap. */
  skippedBlocks: number;
  /** Contact blocks (shared phone or dwelling), as lists of record indexes. */
  contactBlocks: { kind: number; members: number[] }[];
  /** Blocks of records sharing a number (or one digit off), a dwelling or an email, up to MAX_TIE_BLOCK each. */
  tieBlocks: TieBlocks;
}

/** Blocks as one list of record indexes: block b is members[offsets[b]] up to members[offsets[b + 1]]. */
export interface TieBlocks {
  offsets: Int32Array;
  members: Int32Array;
}

const RECORD_BITS = 2 ** 21;
export const MAX_RECORDS = RECORD_BITS - 1;

/**
 * Two growing columns of uint32, pushed together: (hash, record) entries and (record, record) pairs. Sized ahead
 * where the count is known or estimated: at a million records, growing them by doubling allocated ~1 GB of typed
 * arrays, and V8 answers each 64 MB of new array memory with a full collection of the heap (~1 s at that size).
 */
class Uint32Pairs {
  hi: Uint32Array<ArrayBuffer>;
  lo: Uint32Array<ArrayBuffer>;
  length = 0;
  constructor(capacity = 1 << 16) {
    this.hi = new Uint32Array(Math.max(1, capacity));
    this.lo = new Uint32Array(Math.max(1, capacity));
  }
  reserve(capacity: number): void {
    if (capacity <= this.hi.length) return;
    const h = new Uint32Array(capacity);
    const l = new Uint32Array(capacity);
    h.set(this.hi.subarray(0, this.length));
    l.set(this.lo.subarray(0, this.length));
    this.hi = h;
    this.lo = l;
  }
  push(hi: number, lo: number): void {
    if (this.length === this.hi.length) this.reserve(this.length * 2);
    this.hi[this.length] = hi;
    this.lo[this.length++] = lo;
  }
}

/** Records, spread over the scan, whose keys are counted to size the entries' columns. */
const KEY_SAMPLE = 4096;

/**
 * The scan's key count, estimated from KEY_SAMPLE records taken evenly from all of them (not the first ones: an
 * export can hold its oldest, fullest registrations first), with a tenth more; a short estimate only means growing.
 */
function expectedKeys(records: readonly PreparedRecord[]): number {
  if (records.length <= 2 * KEY_SAMPLE) return 1 << 16;
  const step = records.length / KEY_SAMPLE;
  let keys = 0;
  for (let k = 0; k < KEY_SAMPLE; k++) blockingKeyHashes(records[Math.floor(k * step)]!, () => keys++);
  return Math.ceil((keys / KEY_SAMPLE) * records.length * 1.1);
}

const DIGIT_BITS = 11;
const DIGIT_MASK = (1 << DIGIT_BITS) - 1;

/**
 * Sorts the pushed pairs by hi, then lo: a stable least-significant-digit radix sort (11-bit digits) over lo's low
 * `loBits` bits, then hi's low `hiBits` bits. With loBits 0, pairs of equal hi keep the order they were pushed in.
 * Several times faster than sorting the same pairs packed in a Float64Array.
 */
function radixSort(pairs: Uint32Pairs, hiBits: number, loBits: number): { hi: Uint32Array; lo: Uint32Array } {
  const n = pairs.length;
  let hi = pairs.hi.subarray(0, n);
  let lo = pairs.lo.subarray(0, n);
  let toHi = new Uint32Array(n);
  let toLo = new Uint32Array(n);
  const count = new Int32Array(DIGIT_MASK + 2);
  const passes: [boolean, number][] = [];
  for (let shift = 0; shift < loBits; shift += DIGIT_BITS) passes.push([false, shift]);
  for (let shift = 0; shift < hiBits; shift += DIGIT_BITS) passes.push([true, shift]);
  for (const [byHi, shift] of passes) {
    const key = byHi ? hi : lo;
    count.fill(0);
    for (let i = 0; i < n; i++) count[((key[i]! >>> shift) & DIGIT_MASK) + 1]!++;
    let single = false;
    for (let d = 1; d <= DIGIT_MASK + 1; d++) if (count[d] === n) single = true;
    if (single) continue; // every pair has this digit: the order stays
    for (let d = 0; d <= DIGIT_MASK; d++) count[d + 1]! += count[d]!;
    for (let i = 0; i < n; i++) {
      const at = count[(key[i]! >>> shift) & DIGIT_MASK]!++;
      toHi[at] = hi[i]!;
      toLo[at] = lo[i]!;
    }
    [hi, toHi] = [toHi, hi];
    [lo, toLo] = [toLo, lo];
  }
  return { hi, lo };
}

export function buildCandidatePairs(records: readonly PreparedRecord[]): BlockingResult {
  if (records.length > MAX_RECORDS) throw new Error(`dedup handles at most ${MAX_RECORDS} records per scan`);
  // Entries (kind and key hash, record): records come in index order, so entries of one key are pushed in
  // record order and sorting by the key alone sorts by (key, record).
  const entries = new Uint32Pairs(expectedKeys(records));
  let inOrder = true;
  let last = -1;
  for (const r of records) {
    const index = r.index;
    if (index <= last) inOrder = false;
    last = index;
    blockingKeyHashes(r, (kind, hash) => entries.push((kind << 28) | hash, index));
  }
  const sorted = radixSort(entries, 32, inOrder ? 0 : 21);
  // Twice over the blocks: first counting the pairs and tie members, so the second writes into arrays of their size.
  let mainCount = 0;
  let streetCount = 0;
  let tieCount = 0;
  let tieMembers = 0;
  let skippedBlocks = 0;
  forEachBlock(sorted.hi, sorted.lo, entries.length, (kind, members) => {
    if (TIE_KINDS.has(kind) && members.length <= MAX_TIE_BLOCK) {
      tieCount++;
      tieMembers += members.length;
    }
    if (members.length > CAP_BY_ID[kind]!) skippedBlocks++;
    else if (kind === BLOCK_KINDS.street.id) streetCount += (members.length * (members.length - 1)) / 2;
    else mainCount += (members.length * (members.length - 1)) / 2;
  });
  const pairs = new Uint32Pairs(mainCount);
  const streetPairs = new Uint32Pairs(streetCount);
  const contactBlocks: BlockingResult['contactBlocks'] = [];
  const tieBlocks: TieBlocks = { offsets: new Int32Array(tieCount + 1), members: new Int32Array(tieMembers) };
  let tie = 0;
  forEachBlock(sorted.hi, sorted.lo, entries.length, (kind, members) => {
    if (CONTACT_KINDS.has(kind) && members.length <= MAX_CONTACT_BLOCK) contactBlocks.push({ kind, members: [...members] });
    if (TIE_KINDS.has(kind) && members.length <= MAX_TIE_BLOCK) {
      const at = tieBlocks.offsets[tie]!;
      for (let k = 0; k < members.length; k++) tieBlocks.members[at + k] = members[k]!;
      tieBlocks.offsets[++tie] = at + members.length;
    }
    if (members.length > CAP_BY_ID[kind]!) return;
    const into = kind === BLOCK_KINDS.street.id ? streetPairs : pairs;
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) into.push(members[x]!, members[y]!);
    }
  });
  const main = uniquePairs(pairs);
  const street = uniquePairs(streetPairs);
  // Both sorted: merged into one sorted list, the street's own pairs marked.
  const all = new Float64Array(main.length + street.length);
  const learnFrom = new Uint8Array(all.length);
  let count = 0;
  let s = 0;
  for (let m = 0; m <= main.length; m++) {
    const next = m < main.length ? main[m]! : Infinity;
    while (s < street.length && street[s]! < next) all[count++] = street[s++]!;
    if (s < street.length && street[s] === next) s++;
    if (m < main.length) {
      learnFrom[count] = 1;
      all[count++] = next;
    }
  }
  return { pairs: all.subarray(0, count), pairCount: count, learnFrom: learnFrom.subarray(0, count), skippedBlocks, contactBlocks, tieBlocks };
}

/** Calls `block` with the kind and distinct records of every key that two or more records share. */
function forEachBlock(keys: Uint32Array, holders: Uint32Array, length: number, block: (kind: number, members: readonly number[]) => void): void {
  const members: number[] = [];
  for (let start = 0; start < length; ) {
    const key = keys[start]!;
    let end = start + 1;
    while (end < length && keys[end] === key) end++;
    if (end - start > 1) {
      members.length = 0;
      for (let k = start; k < end; k++) {
        const index = holders[k]!;
        // One record can emit the same key twice (two name words with one phonetic key).
        if (members[members.length - 1] !== index) members.push(index);
      }
      if (members.length > 1) block(key >>> 28, members);
    }
    start = end;
  }
}

/** Pairs sorted and without repeats, as i * 2^21 + j. */
function uniquePairs(pairs: Uint32Pairs): Float64Array {
  const byPair = radixSort(pairs, 21, 21);
  const all = new Float64Array(pairs.length);
  let unique = 0;
  for (let k = 0; k < pairs.length; k++) {
    const a = byPair.hi[k]!;
    const b = byPair.lo[k]!;
    if (k > 0 && a === byPair.hi[k - 1] && b === byPair.lo[k - 1]) continue;
    all[unique++] = a * RECORD_BITS + b;
  }
  return all.subarray(0, unique);
}

export function pairIndexes(code: number): [number, number] {
  const i = Math.floor(code / RECORD_BITS);
  return [i, code - i * RECORD_BITS];
}
