import { describe, expect, it } from 'vitest';
import { parseDate } from '../../shared/dates';
import { startOfLocalDay } from '../../shared/time';

describe('parseDate', () => {
  it.each([
    ['1985-08-17', '1985-08-17'],
    ['17/08/1985', '1985-08-17'],
    ['17-08-1985', '1985-08-17'],
    ['7/8/1985', '1985-08-07'],
    ['2024-02-29', '2024-02-29'],
  ])('%s → %s', (input, iso) => expect(parseDate(input)).toBe(iso));
  it.each(['1985-02-30', '32/01/2000', '12/13/2000', '2023-02-29', '1985/08/17', 'kemarin', ''])('rejects %j', (input) =>
    expect(parseDate(input)).toBeNull(),
  );
});

describe('startOfLocalDay', () => {
  it.each([
    ['2026-11-23T03:00:00Z', 'Asia/Jakarta', '2026-11-22T17:00:00.000Z'],
    ['2026-11-23T18:00:00Z', 'Asia/Jakarta', '2026-11-23T17:00:00.000Z'],
    ['2026-11-23T03:00:00Z', 'Asia/Makassar', '2026-11-22T16:00:00.000Z'],
    ['2026-11-23T03:00:00Z', 'Asia/Jayapura', '2026-11-22T15:00:00.000Z'],
  ])('%s in %s began at %s', (instant, zone, start) => expect(startOfLocalDay(new Date(instant), zone).toISOString()).toBe(start));
});
