import { describe, expect, it } from 'vitest';
import { phoneticKey } from '../../../electron/core/dedup/phoneticKey';

describe('phoneticKey: spellings read alike share a key', () => {
  it.each([
    ['fitri', 'pitri'],
    ['yusuf', 'yusup'],
    ['yusuf', 'jusuf'],
    ['vivi', 'fifi'],
    ['aziz', 'azis'],
    ['zulkifli', 'dzulkifli'],
    ['zainal', 'zaenal'],
    ['saiful', 'saeful'],
    ['khairul', 'hairul'],
    ['rahmat', 'rakhmat'],
    ['fatimah', 'fatima'],
    ['aisyah', 'aisah'],
    ['muhammad', 'muhamad'],
    ['benny', 'beni'],
    ['rudy', 'rudi'],
    ['rahayu', 'rahayuu'],
    ['taufik', 'taufiq'],
    ['dhani', 'dani'],
    ['thomas', 'tomas'],
    ['jacky', 'jaki'],
  ])('%s ~ %s', (a, b) => {
    expect(phoneticKey(a)).toBe(phoneticKey(b));
  });
});

describe('phoneticKey: different names stay apart', () => {
  // Vowels carry Indonesian names: unlike Soundex, Budi/Badu/Bodi must differ.
  it.each([
    ['budi', 'badu'],
    ['budi', 'bodi'],
    ['adi', 'ani'],
    ['eko', 'eka'],
    ['hendra', 'endra'],
    ['santoso', 'susanto'],
    ['nyoman', 'noman'],
  ])('%s ≠ %s', (a, b) => {
    expect(phoneticKey(a)).not.toBe(phoneticKey(b));
  });
});

describe('phoneticKey: exact codes', () => {
  it.each([
    ['muhammad', 'muhamad'],
    ['fatimah', 'patima'],
    ['yusuf', 'yusup'],
    ['zaenal', 'sainal'],
    ['nyoman', 'nyoman'],
    ['xaverius', 'ksaperius'],
    ['santoso', 'santoso'],
    ['h', 'h'],
    ['', ''],
  ])('%s → %s', (word, code) => {
    expect(phoneticKey(word)).toBe(code);
  });
});
