import { describe, expect, it } from 'vitest';
import { COMMON_NAME_WORDS } from '../../../electron/core/dedup/commonNameWords';
import { nameBlockingKeys, nameKeys } from '../../../electron/core/dedup/nameKeys';

function shareKey(a: string, b: string): boolean {
  const keys = new Set(nameBlockingKeys(a));
  return nameBlockingKeys(b).some((k) => keys.has(k));
}

describe('nameKeys', () => {
  it('gives one phonetic key per distinctive word', () => {
    expect(nameKeys('Budi Santoso').tokenKeys).toEqual(['budi', 'santoso']);
    expect(nameKeys('Fitri Handayani').tokenKeys).toEqual(['pitri', 'handayani']);
  });

  it('sorts words so word order does not matter', () => {
    expect(nameKeys('Siregar Budi').sortedKey).toBe(nameKeys('Budi Siregar').sortedKey);
    expect(nameKeys('Budi Siregar').sortedKey).toBe('budi siregar');
  });

  it('leaves one word out for names of three words or more', () => {
    expect(nameKeys('Budi Santoso Siregar').partialKeys.sort()).toEqual(['budi santoso', 'budi siregar', 'santoso siregar']);
    expect(nameKeys('Budi Siregar').partialKeys).toEqual([]);
  });

  it.each(['wayan', 'putu', 'gede', 'made', 'kadek', 'nyoman', 'komang', 'ketut', 'muhammad', 'siti', 'nur'])(
    'never uses the common word %s alone',
    (word) => {
      expect(COMMON_NAME_WORDS.has(word)).toBe(true);
      expect(nameKeys(`${word} Sudarma`).tokenKeys).toEqual(['sudarma']);
      expect(nameBlockingKeys(word)).toEqual([]);
    },
  );

  it('keeps no partial key made only of common words', () => {
    // Dropping "sudarma" would leave "i wayan": every Balinese first-born son.
    expect(nameKeys('I Wayan Sudarma').partialKeys.sort()).toEqual(['i sudarma', 'sudarma wayan']);
  });

  it('does not use an initial as a key', () => {
    expect(nameKeys('Budi S.').tokenKeys).toEqual(['budi']);
  });

  it('gives nothing for an empty name', () => {
    expect(nameKeys('')).toEqual({ tokenKeys: [], sortedKey: '', partialKeys: [] });
  });
});

describe('nameBlockingKeys: which pairs meet in a block', () => {
  it.each([
    ['Budi Santoso', 'Santoso Budi'],
    ['Budi Siregar', 'Budi Santoso Siregar'],
    ['Muhammad Rizki', 'M. Rizki'],
    ['Soekarno', 'Sukarno'],
    ['Tjahjono', 'Cahyono'],
    ['Fitri Handayani', 'Pitri Handayani'],
    ['Siti Rahayu', 'Siti Rahayu, S.Pd.'],
    ['I Wayan Sudarma', 'Wayan Sudarma'],
    ['Ketut Ayu', 'Ayu Ketut'],
  ])('%s meets %s', (a, b) => {
    expect(shareKey(a, b)).toBe(true);
  });

  it.each([
    ['Wayan Sudarma', 'Wayan Sukerta'],
    ['Siti Aminah', 'Siti Rahma'],
    ['Muhammad Rizki', 'Muhammad Fajar'],
    ['Budi Santoso', 'Agus Hartono'],
  ])('%s does not meet %s', (a, b) => {
    expect(shareKey(a, b)).toBe(false);
  });

  it('prefixes word keys and sorted keys apart', () => {
    expect(nameBlockingKeys('Budi Santoso')).toEqual(['w:budi', 'w:santoso', 's:budi santoso']);
  });
});
