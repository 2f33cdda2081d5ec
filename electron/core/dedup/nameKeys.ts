import { nameTokens } from './normalizeName';
import { phoneticKey } from './phoneticKey';
import { COMMON_NAME_WORDS } from './commonNameWords';

export interface NameKeys {
  /** Phonetic key of each distinctive word (not common, not an initial), in name order, no repeats. */
  tokenKeys: string[];
  /** Phonetic keys of all words, sorted, so "Siregar Budi" and "Budi Siregar" share it; '' when unusable. */
  sortedKey: string;
  /**
   * The sorted key with one word left out, for names of three or more words, so "Budi Siregar" meets
   * "Budi Santoso Siregar". Same form as sortedKey: a partial key of one name can equal the sortedKey of
   * another. Only subsets that keep a distinctive word.
   */
  partialKeys: string[];
}

/** Past this many words only the first or the last word is left out, to bound the number of keys. */
const MAX_WORDS_FOR_ANY_DROP = 6;

function isDistinctive(word: string): boolean {
  return word.length > 1 && !COMMON_NAME_WORDS.has(word);
}

/** Blocking keys for a name given as normalised words (nameTokens). */
export function nameKeysOfTokens(words: readonly string[]): NameKeys {
  const codes = words.map(phoneticKey);
  const distinctive = words.map(isDistinctive);
  const tokenKeys = [...new Set(codes.filter((_, i) => distinctive[i]))];
  // A name that is one common word ("Siti", "Ketut") says nothing alone; other fields must block it.
  const sortedKey = words.length === 0 || (words.length === 1 && !distinctive[0]) ? '' : [...codes].sort().join(' ');
  const partialKeys = new Set<string>();
  if (words.length >= 3) {
    const drops = words.length > MAX_WORDS_FOR_ANY_DROP ? [0, words.length - 1] : words.map((_, i) => i);
    for (const drop of drops) {
      const kept = codes.filter((_, i) => i !== drop);
      if (!distinctive.some((d, i) => d && i !== drop)) continue;
      partialKeys.add(kept.sort().join(' '));
    }
  }
  return { tokenKeys, sortedKey, partialKeys: [...partialKeys] };
}

/** Blocking keys for a raw name as typed. */
export function nameKeys(raw: string): NameKeys {
  return nameKeysOfTokens(nameTokens(raw));
}

/**
 * All name keys as one list of strings for a block index: "w:" word keys, "s:" sorted and partial keys.
 * Two names are candidates when their lists share an entry.
 */
export function nameBlockingKeys(raw: string): string[] {
  const keys = nameKeys(raw);
  const out = keys.tokenKeys.map((k) => `w:${k}`);
  if (keys.sortedKey) out.push(`s:${keys.sortedKey}`);
  for (const k of keys.partialKeys) out.push(`s:${k}`);
  return [...new Set(out)];
}
