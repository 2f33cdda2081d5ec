import { describe, expect, it } from 'vitest';
import { maskNik, nikConflicts, parseNik } from '../../shared/nik';

describe('parseNik', () => {
  it('reads a man born 17 August 1985', () => {
    const r = parseNik('3273011708850001');
    expect(r).toEqual({ ok: true, facts: { provinceCode: '32', gender: 'M', birthDay: 17, birthMonth: 8, birthYearTwoDigits: 85 } });
  });
  it('reads a woman: 40 is added to her day of birth', () => {
    const r = parseNik('3273015701900002');
    expect(r.ok && r.facts).toMatchObject({ gender: 'F', birthDay: 17, birthMonth: 1, birthYearTwoDigits: 90 });
  });
  it.each([
    ['327301170885000', 'format'],
    ['32730117088500011', 'format'],
    ['32730117O8850001', 'format'],
    ['0973011708850001', 'province'],
    ['3273013208850001', 'birth_date'],
    ['3273017213850001', 'birth_date'],
    ['3273013002850001', 'birth_date'],
    ['3273017102850001', 'birth_date'],
    ['3273011708850000', 'serial'],
  ])('%s is rejected for %s', (nik, problem) => {
    expect(parseNik(nik)).toEqual({ ok: false, problem });
  });
  it('accepts 29 February in a leap year, for a woman too', () => {
    expect(parseNik('3273016902960001').ok).toBe(true);
    expect(parseNik('3273016902970001').ok).toBe(false);
  });
});

describe('nikConflicts', () => {
  const facts = (parseNik('3273015701900002') as { ok: true; facts: never }).facts;
  it.each([
    ['1990-01-17', 'F', []],
    ['1990-01-17', 'M', ['gender']],
    ['1990-01-18', 'F', ['birth_date']],
    ['1991-01-17', null, ['birth_date']],
    [null, null, []],
  ] as const)('birth %s gender %s → %j', (birthDate, gender, expected) => {
    expect(nikConflicts(facts, birthDate, gender)).toEqual(expected);
  });
});

it('masks a NIK for screens', () => expect(maskNik('3273011708850001')).toBe('3273••••••••••01'));
