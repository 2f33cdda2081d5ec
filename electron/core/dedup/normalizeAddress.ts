import { foldText } from './foldText';
import { modernizeSpelling } from './oldSpelling';
import { phoneticKey } from './phoneticKey';

/** Abbreviations and spellings of the address words that carry structure, to one form each. */
const ADDRESS_WORDS: ReadonlyMap<string, string> = new Map([
  ...['jl', 'jln', 'jalan', 'jaln'].map((v) => [v, 'jl'] as const),
  ...['gg', 'gang'].map((v) => [v, 'gg'] as const),
  ...['no', 'nomor', 'nmr', 'nomer'].map((v) => [v, 'no'] as const),
  ...['blok', 'blk', 'block'].map((v) => [v, 'blok'] as const),
  ...['perum', 'perumahan', 'prm'].map((v) => [v, 'perum'] as const),
  ...['komp', 'kompl', 'komplek', 'kompleks'].map((v) => [v, 'komp'] as const),
  ...['kel', 'kelurahan', 'kelr'].map((v) => [v, 'kel'] as const),
  ...['kec', 'kecamatan', 'kcm'].map((v) => [v, 'kec'] as const),
  ...['kab', 'kabupaten'].map((v) => [v, 'kab'] as const),
  ...['kota', 'kodya'].map((v) => [v, 'kota'] as const),
  ...['ds', 'desa'].map((v) => [v, 'desa'] as const),
  ...['dsn', 'dusun'].map((v) => [v, 'dusun'] as const),
  ...['kp', 'kmp', 'kamp', 'kampung'].map((v) => [v, 'kp'] as const),
  ...['apt', 'apartemen', 'apartement', 'apartment'].map((v) => [v, 'apt'] as const),
  ...['lt', 'lantai'].map((v) => [v, 'lt'] as const),
  ...['prov', 'provinsi', 'propinsi'].map((v) => [v, 'prov'] as const),
  ...['kav', 'kavling'].map((v) => [v, 'kav'] as const),
  ...['jend', 'jen', 'jendral', 'jenderal'].map((v) => [v, 'jend'] as const),
]);

/** Structure words: they end a street name and are not words of a place name. */
const MARKERS: ReadonlySet<string> = new Set(`jl gg no rt rw blok perum komp kel kec kab kota desa dusun kp apt lt prov kav`.split(/\s+/));

/** Titles inside street names that people write or leave out (Jl. Jend. Sudirman, Jl. K.H. Agus Salim). */
const STREET_TITLES: ReadonlySet<string> = new Set(
  `jend mayjen letjen brigjen kol kolonel laks marsekal kh k h hj dr ir prof drs raden r`.split(/\s+/),
);

const SEGMENT_BREAK = ',';

// Address words repeat (a street, a kelurahan, jl, rt): their canonical form is looked up, not recomputed.
const canonicalMemo = new Map<string, string>();
const CANONICAL_MEMO_LIMIT = 100_000;

function canonicalWord(word: string): string {
  let canonical = canonicalMemo.get(word);
  if (canonical === undefined) {
    canonical = /^\d/.test(word) ? word.replace(/^0+(?=\d)/, '') : (ADDRESS_WORDS.get(word) ?? modernizeSpelling(word));
    if (canonicalMemo.size >= CANONICAL_MEMO_LIMIT) canonicalMemo.clear();
    canonicalMemo.set(word, canonical);
  }
  return canonical;
}

/** The words of an address with ',' kept as segment breaks (a comma ends a street name). */
function addressTokens(raw: string): string[] {
  // Each rewrite is skipped when the text lacks a character its pattern needs (most addresses have no '/').
  let s = foldText(raw);
  const slash = s.includes('/');
  const digit = /\d/.test(s);
  if (slash && digit) s = s.replace(/\brt\s*[.:]?\s*\/\s*rw\s*[.:]?\s*(\d+)\s*\/\s*(\d+)/g, ' rt $1 rw $2 ');
  if (digit) s = s.replace(/\b(rt|rw)\s*[.:]?\s*(\d+)/g, ' $1 $2 ');
  // "RT 003/005": the number after the slash is the RW.
  if (slash && digit) s = s.replace(/ rt (\d+) \s*\/\s*(\d+)/g, ' rt $1 rw $2 ');
  if (digit) s = s.replace(/\b(no|nomor|nmr|gg|jl|jln|blok|blk|kav|lt)\.?(?=\d)/g, '$1 ');
  if (s.includes(',')) s = s.replace(/,/g, ` ${SEGMENT_BREAK} `);
  s = s.replace(/[^\p{L}\p{N},]+/gu, ' ');
  return s
    .split(' ')
    .filter((w) => w.length > 0)
    .map(canonicalWord);
}

/**
 * An address in one canonical form: lower case, punctuation gone, "Jl."/"Jln."/"Jalan" → "jl", "Gg." →
 * "gg", "No."/"Nomor" → "no", "RT 003/RW 005" and its variants → "rt 3 rw 5", leading zeros dropped.
 */
export function normalizeAddress(raw: string): string {
  return addressTokens(raw)
    .filter((w) => w !== SEGMENT_BREAK)
    .join(' ');
}

/** What an address says about one dwelling; fields absent from the text are null. */
export interface AddressParts {
  /** Words of the street (the gang when there is one, else the jalan, else the estate, else the first words). */
  street: string[];
  number: string | null;
  blok: string | null;
  rt: string | null;
  rw: string | null;
  postcode: string | null;
  /** Whether the street came after jl/gg/perum/komp/apt rather than being guessed from the first words. */
  streetMarked: boolean;
  /** Every place-name word of the address (street, estate, kelurahan, city…), structure words left out; shared between equal lists: read only. */
  words: string[];
}

function isNumberLike(word: string | undefined): word is string {
  return word !== undefined && /\d/.test(word);
}

export function parseAddress(raw: string): AddressParts {
  const tokens = addressTokens(raw);
  const parts: AddressParts = {
    street: [],
    streetMarked: false,
    number: null,
    blok: null,
    rt: null,
    rw: null,
    postcode: null,
    words: [],
  };
  const streets: Record<'jl' | 'gg' | 'estate' | 'first', string[]> = { jl: [], gg: [], estate: [], first: [] };
  let reading: keyof typeof streets | null = 'first';
  for (let i = 0; i < tokens.length; i++) {
    const w = tokens[i]!;
    const next = tokens[i + 1];
    if (w === SEGMENT_BREAK) {
      reading = null;
      continue;
    }
    if (MARKERS.has(w)) {
      reading = null;
      if (w === 'jl' || w === 'gg') reading = w;
      else if (w === 'perum' || w === 'komp' || w === 'apt') reading = 'estate';
      if ((w === 'no' || w === 'kav') && isNumberLike(next)) {
        parts.number ??= next;
        i++;
      } else if (w === 'rt' && isNumberLike(next)) {
        parts.rt ??= next;
        i++;
      } else if (w === 'rw' && isNumberLike(next)) {
        parts.rw ??= next;
        i++;
      } else if (w === 'blok' && next !== undefined && next !== SEGMENT_BREAK && !MARKERS.has(next)) {
        parts.blok ??= next;
        i++;
      }
      continue;
    }
    if (/^\d/.test(w)) {
      if (/^[1-9]\d{4}$/.test(w)) parts.postcode = w;
      // A bare number right after a street name is its house number ("Jl. Merdeka 12").
      else if (reading !== null && parts.number === null) parts.number = w;
      reading = null;
      continue;
    }
    parts.words.push(w);
    if (reading !== null) streets[reading].push(w);
  }
  parts.street = [streets.gg, streets.jl, streets.estate, streets.first].find((s) => s.length > 0) ?? [];
  parts.streetMarked = parts.street.length > 0 && parts.street !== streets.first;
  parts.words = sharedWordList(parts.words);
  return parts;
}

// Equal place-word lists share one array, to be read only: a scan keeps tens of thousands of addresses made of a few
// hundred distinct lists, and similarity.ts caches the similarity of two lists by list.
const wordLists = new Map<string, string[]>();
const WORD_LISTS_LIMIT = 100_000;

function sharedWordList(words: string[]): string[] {
  const text = words.join(' ');
  const shared = wordLists.get(text);
  if (shared) return shared;
  if (wordLists.size >= WORD_LISTS_LIMIT) wordLists.clear();
  wordLists.set(text, words);
  return words;
}

/**
 * A blocking key for the dwelling: street (phonetic, titles left out) + blok + house number + RT/RW when
 * present, e.g. "merdeka|no 12|rt 3 rw 5". '' when the address names neither a street nor a number.
 */
export function addressKey(raw: string): string {
  return keyOf(parseAddress(raw), true);
}

/**
 * Keys for a block index: the full addressKey and, when RT/RW are present, the key without them, so an
 * address typed without RT/RW still meets the one typed with them.
 */
export function addressBlockingKeys(raw: string): string[] {
  return addressBlockingKeysOfParts(parseAddress(raw));
}

/** addressBlockingKeys of an address already parsed. */
export function addressBlockingKeysOfParts(parts: AddressParts): string[] {
  const keys = new Set([keyOf(parts, true), keyOf(parts, false)]);
  keys.delete('');
  return [...keys];
}

function keyOf(parts: AddressParts, withRtRw: boolean): string {
  const street = parts.street
    .filter((w) => !STREET_TITLES.has(w))
    .map(phoneticKey)
    .join(' ');
  // Words before any street marker with no number after them are likelier a city than a street.
  if (parts.number === null && (!street || !parts.streetMarked)) return '';
  const key = [street];
  if (parts.blok !== null) key.push(`blok ${parts.blok}`);
  if (parts.number !== null) key.push(`no ${parts.number}`);
  if (withRtRw && (parts.rt !== null || parts.rw !== null)) {
    key.push([parts.rt === null ? '' : `rt ${parts.rt}`, parts.rw === null ? '' : `rw ${parts.rw}`].filter(Boolean).join(' '));
  }
  return key.join('|');
}
