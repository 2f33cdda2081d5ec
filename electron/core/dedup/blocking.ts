import type { PreparedRecord } from './record';

/**
 * Blocking: records are compared only when they share a key. Keys are hashed to 28 bits plus a 4-bit
 * kind and sorted as (key, record) numbers in a Float64Array, so a million records with ~10 keys each
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
   * meets itself. Only a source of pairs: the comparison tells a different RT/RW apart, so it ties nobody.
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

function hash28(s: string): number {
  // FNV-1a, 32-bit, folded to 28.
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 4) ^ (h & 0xf);
}

/** The dwelling key of a record: full address key (with RT/RW when given) and the city. */
export function dwellingKey(r: PreparedRecord): string {
  const key = r.addressKeys[0];
  return key ? `${key}|${r.city}` : '';
}

/** Every blocking key of one record as (kind, text). */
export function blockingKeys(r: PreparedRecord, emit: (kind: number, key: string) => void): void {
  const K = BLOCK_KINDS;
  for (const p of r.phones) {
    emit(K.phone.id, p);
    for (let i = Math.max(1, p.length - 8); i < p.length; i++) emit(K.nearPhone.id, `${i}${p.slice(0, i)}${p.slice(i + 1)}`);
  }
  if (r.nik.length >= 6) {
    emit(K.nik.id, r.nik);
    // A one-digit typo in the tail still meets its original on the head, and the reverse.
    emit(K.nikPrefix.id, `h${r.nik.slice(0, Math.ceil(r.nik.length / 2))}`);
    emit(K.nikPrefix.id, `t${r.nik.slice(Math.ceil(r.nik.length / 2))}`);
  }
  if (r.email) emit(K.email.id, r.email);
  if (r.nameSortedKey) emit(K.name.id, r.nameSortedKey);
  for (const k of r.namePartialKeys) emit(K.namePartial.id, k);
  const looseAddress = r.addressKeys[r.addressKeys.length - 1] ?? '';
  for (const t of r.nameTokenKeys) {
    emit(K.nameWord.id, t);
    if (r.dob) emit(K.nameDob.id, `${t}|${r.dob}`);
    if (looseAddress) emit(K.nameAddress.id, `${t}|${looseAddress}`);
  }
  if (r.dob && r.nameSortedKey) emit(K.nameDob.id, `${r.nameSortedKey}|${r.dob}`);
  const dwelling = dwellingKey(r);
  if (dwelling) emit(K.dwelling.id, dwelling);
  if (looseAddress) emit(K.street.id, `${looseAddress}|${r.city}`);
  if (r.dob && r.postcode) emit(K.dobPostcode.id, `${r.dob}|${r.postcode}`);
}

export interface BlockingResult {
  /** Candidate pairs as i * 2^21 + j with i < j, sorted and unique. */
  pairs: Float64Array;
  pairCount: number;
  /** Blocks left out for being over their kind's cap. */
  skippedBlocks: number;
  /** Contact blocks (shared phone or dwelling), as lists of record indexes. */
  contactBlocks: { kind: number; members: number[] }[];
  /** Blocks of records sharing a number (or one digit off), a dwelling or an email, up to MAX_TIE_BLOCK each. */
  tieBlocks: number[][];
}

const RECORD_BITS = 2 ** 21;
const KIND_BITS = 2 ** 28;
export const MAX_RECORDS = RECORD_BITS - 1;

class GrowableF64 {
  data = new Float64Array(1 << 16);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  sorted(): Float64Array {
    return this.data.subarray(0, this.length).sort();
  }
}

export function buildCandidatePairs(records: readonly PreparedRecord[]): BlockingResult {
  if (records.length > MAX_RECORDS) throw new Error(`dedup handles at most ${MAX_RECORDS} records per scan`);
  const entries = new GrowableF64();
  for (const r of records) {
    blockingKeys(r, (kind, key) => entries.push((kind * KIND_BITS + hash28(key)) * RECORD_BITS + r.index));
  }
  const sorted = entries.sorted();
  const pairs = new GrowableF64();
  const contactBlocks: BlockingResult['contactBlocks'] = [];
  const tieBlocks: number[][] = [];
  let skippedBlocks = 0;
  const members: number[] = [];
  for (let start = 0; start < sorted.length;) {
    const key = Math.floor(sorted[start]! / RECORD_BITS);
    let end = start + 1;
    while (end < sorted.length && Math.floor(sorted[end]! / RECORD_BITS) === key) end++;
    if (end - start > 1) {
      const kind = Math.floor(key / KIND_BITS);
      members.length = 0;
      for (let k = start; k < end; k++) {
        const index = sorted[k]! - key * RECORD_BITS;
        // One record can emit the same key twice (two name words with one phonetic key).
        if (members[members.length - 1] !== index) members.push(index);
      }
      if (members.length > 1) {
        if (CONTACT_KINDS.has(kind) && members.length <= MAX_CONTACT_BLOCK) contactBlocks.push({ kind, members: [...members] });
        if (TIE_KINDS.has(kind) && members.length <= MAX_TIE_BLOCK) tieBlocks.push([...members]);
        if (members.length > CAP_BY_ID[kind]!) skippedBlocks++;
        else {
          for (let x = 0; x < members.length; x++) {
            for (let y = x + 1; y < members.length; y++) pairs.push(members[x]! * RECORD_BITS + members[y]!);
          }
        }
      }
    }
    start = end;
  }
  const all = pairs.sorted();
  let unique = 0;
  for (let k = 0; k < all.length; k++) if (k === 0 || all[k] !== all[k - 1]) all[unique++] = all[k]!;
  return { pairs: all.subarray(0, unique), pairCount: unique, skippedBlocks, contactBlocks, tieBlocks };
}

export function pairIndexes(code: number): [number, number] {
  const i = Math.floor(code / RECORD_BITS);
  return [i, code - i * RECORD_BITS];
}
