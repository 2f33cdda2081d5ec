import { foldText } from './foldText';
import { nameKeysOfTokens } from './nameKeys';
import { nameTokens } from './normalizeName';
import { addressBlockingKeysOfParts, parseAddress, type AddressParts } from './normalizeAddress';
import { prepareName, type PreparedName } from './similarity';
import { generation, textId } from './similarityMemo';

/**
 * What identity resolution reads about one customer record (one registration). Everything but id and
 * fullName is optional: imported data (Febrl, legacy exports) often lacks phones, outlets or times.
 */
export interface DedupRecord {
  id: string;
  fullName: string;
  nik?: string | null;
  email?: string | null;
  /** E.164, already normalised. */
  phones?: readonly string[];
  /** YYYY-MM-DD */
  birthDate?: string | null;
  gender?: 'M' | 'F' | null;
  address?: string | null;
  city?: string | null;
  postcode?: string | null;
  outletId?: string | null;
  /** ISO instant of the registration. */
  registeredAt?: string | null;
  cardNos?: readonly string[];
}

/**
 * The scan's contacts: for each tie block, the records in it (holders[offsets[b]] up to holders[offsets[b + 1]]),
 * and for record i the blocks it is in (keys[byRecord[i]] up to keys[byRecord[i + 1]]). A record finds its blocks
 * by its `index`, which must be its position in `records` (runDedup prepares them so).
 */
export interface ContactIndex {
  readonly keys: Int32Array;
  readonly byRecord: Int32Array;
  readonly offsets: Int32Array;
  readonly holders: Int32Array;
  readonly records: readonly PreparedRecord[];
}

/** A record with everything comparisons need computed once. */
export interface PreparedRecord {
  readonly index: number;
  readonly id: string;
  readonly name: PreparedName;
  /** Normalised name words joined ('' when none). */
  readonly normName: string;
  /** Phonetic keys of the distinctive name words. */
  readonly nameTokenKeys: readonly string[];
  /** Order-free phonetic key of the whole name ('' when unusable). */
  readonly nameSortedKey: string;
  readonly namePartialKeys: readonly string[];
  readonly nik: string;
  readonly email: string;
  readonly phones: readonly string[];
  /**
   * How many records of the scan carry each of `phones` (same order), filled in by the scan; empty when
   * unknown. A number on many cards under different names is what a card farmer leaves behind.
   */
  phoneShares: number[];
  /** How many records of the scan share this record's dwelling (blocking.ts dwellingKey); 0 when unknown. */
  dwellingShares: number;
  /**
   * Which records of the scan share a number (or one digit off), a dwelling or an email with this one
   * (pipeline.ts indexContacts, from the blocking's tie blocks); null when not computed (a record checked at entry).
   */
  contacts: ContactIndex | null;
  /** 8 digits YYYYMMDD, '' when unknown. */
  readonly dob: string;
  readonly gender: 'M' | 'F' | '';
  readonly address: AddressParts | null;
  /** addressBlockingKeys: [full key (with RT/RW when given), key without RT/RW]. */
  readonly addressKeys: readonly string[];
  /** The dwelling (blocking.ts dwellingKey): the full address key and the city, '' without an address key. */
  readonly dwelling: string;
  readonly city: string;
  readonly postcode: string;
  readonly outletId: string;
  /** Registration time in epoch minutes, NaN when unknown. */
  readonly minute: number;
  /** Registration day (Western Indonesian Time, UTC+7) as a day number, NaN when unknown. */
  readonly day: number;
  readonly cardCount: number;
  /**
   * The fields a scan compares in every pair, as numbers held in the record itself: at a million records, reading
   * each pair's strings (a number, a birth date, a city, an outlet) from wherever they lie in memory was most of
   * comparing it. City and outlet are text ids (similarityMemo) of generation `textGeneration`, -1 when blank.
   */
  readonly textGeneration: number;
  readonly cityId: number;
  readonly outletKey: number;
  /** The birth date as the number YYYYMMDD, -1 when unknown. */
  readonly dobNumber: number;
  /**
   * The first phone's digits as two integers (all but the last 8; the last 8) and its shape (length, plus 1000 with a
   * leading '+'); shape 0 when it is not digits alone or is longer than 15.
   */
  readonly phoneHigh: number;
  readonly phoneLow: number;
  readonly phoneShape: number;
}

const WIB_OFFSET_MS = 7 * 3_600_000;
const digits = (s: string | null | undefined) => (s ? s.replace(/\D+/g, '') : '');

interface NameFacts {
  name: PreparedName;
  normName: string;
  tokenKeys: string[];
  sortedKey: string;
  partialKeys: string[];
}

// Names repeat (Zipf): a bounded memo makes preparing a million records mostly lookups. The prepared
// name is shared between records, which is safe because it is read-only.
const nameMemo = new Map<string, NameFacts>();
const NAME_MEMO_LIMIT = 200_000;
const cityMemo = new Map<string, string>();

function nameFacts(fullName: string): NameFacts {
  let facts = nameMemo.get(fullName);
  if (!facts) {
    const words = nameTokens(fullName);
    const keys = nameKeysOfTokens(words);
    const normName = words.join(' ');
    facts = { name: prepareName(normName), normName, tokenKeys: keys.tokenKeys, sortedKey: keys.sortedKey, partialKeys: keys.partialKeys };
    if (nameMemo.size >= NAME_MEMO_LIMIT) nameMemo.clear();
    nameMemo.set(fullName, facts);
  }
  return facts;
}

function cityOf(raw: string): string {
  let city = cityMemo.get(raw);
  if (city === undefined) {
    city = foldText(raw)
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
    if (cityMemo.size >= NAME_MEMO_LIMIT) cityMemo.clear();
    cityMemo.set(raw, city);
  }
  return city;
}

const PHONE_DIGITS = /^\+?\d{1,15}$/;

function phoneNumbers(phone: string | undefined): { phoneHigh: number; phoneLow: number; phoneShape: number } {
  if (phone === undefined || !PHONE_DIGITS.test(phone)) return { phoneHigh: 0, phoneLow: 0, phoneShape: 0 };
  const plus = phone.charCodeAt(0) === 43;
  const value = Number(plus ? phone.slice(1) : phone);
  return { phoneHigh: Math.floor(value / 1e8), phoneLow: value % 1e8, phoneShape: phone.length + (plus ? 1000 : 0) };
}

export function prepareRecord(record: DedupRecord, index: number): PreparedRecord {
  const facts = nameFacts(record.fullName);
  const address = record.address ? parseAddress(record.address) : null;
  const dob = digits(record.birthDate);
  const at = record.registeredAt ? Date.parse(record.registeredAt) : NaN;
  const addressKeys = address ? addressBlockingKeysOfParts(address) : [];
  const city = record.city ? cityOf(record.city) : '';
  const outletId = record.outletId ?? '';
  let textGeneration: number;
  let cityId: number;
  let outletKey: number;
  do {
    textGeneration = generation();
    cityId = city ? textId(city) : -1;
    outletKey = outletId ? textId(outletId) : -1;
  } while (textGeneration !== generation());
  const phone = phoneNumbers(record.phones?.[0]);
  return {
    index,
    id: record.id,
    name: facts.name,
    normName: facts.normName,
    nameTokenKeys: facts.tokenKeys,
    nameSortedKey: facts.sortedKey,
    namePartialKeys: facts.partialKeys,
    nik: digits(record.nik),
    email: record.email ? record.email.trim().toLowerCase() : '',
    phones: record.phones ?? [],
    phoneShares: [],
    dwellingShares: 0,
    contacts: null,
    dob: dob.length === 8 ? dob : '',
    gender: record.gender ?? '',
    address,
    addressKeys,
    dwelling: addressKeys[0] ? `${addressKeys[0]}|${city}` : '',
    city,
    postcode: digits(record.postcode) || (address?.postcode ?? ''),
    outletId,
    minute: Number.isNaN(at) ? NaN : Math.floor(at / 60_000),
    day: Number.isNaN(at) ? NaN : Math.floor((at + WIB_OFFSET_MS) / 86_400_000),
    cardCount: record.cardNos?.length ?? 0,
    textGeneration,
    cityId,
    outletKey,
    dobNumber: dob.length === 8 ? Number(dob) : -1,
    phoneHigh: phone.phoneHigh,
    phoneLow: phone.phoneLow,
    phoneShape: phone.phoneShape,
  };
}
