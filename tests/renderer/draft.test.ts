import { describe, expect, it } from 'vitest';
import { birthDateForCore, emptyForm, parseAmount, partialDraftForDuplicates } from '../../renderer/features/registration/draft';

describe('registration draft helpers', () => {
  it.each([
    ['', null],
    ['1250000', 1_250_000],
    ['1.250.000', 1_250_000],
    ['Rp 1.250.000', 1_250_000],
    ['rp1.250.000', 1_250_000],
    ['1,5 juta', 'invalid'],
    ['12.34', 'invalid'],
  ])('parseAmount(%j) → %j', (text, expected) => expect(parseAmount(text)).toEqual(expected));

  it.each([
    ['', null],
    ['05/03/1990', '1990-03-05'],
    ['5-3-1990', '1990-03-05'],
    ['1990-03-05', '1990-03-05'],
    ['31/02/1990', '31/02/1990'],
  ])('birthDateForCore(%j) → %j', (text, expected) => expect(birthDateForCore(text)).toBe(expected));

  it('sends the duplicate check only well-formed, filled-in fields', () => {
    expect(partialDraftForDuplicates({ ...emptyForm, fullName: 'Siti', birthDate: '05/03/19', nik: '3273 0145 0390 0001' })).toEqual({ fullName: 'Siti', nik: '3273014503900001' });
  });
});
