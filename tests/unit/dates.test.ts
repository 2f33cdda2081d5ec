import { describe, expect, it } from 'vitest';
import { parseDate, parseDateTime } from '../../shared/dates';
import { startOfLocalDay } from '../../shared/time';

describe('parseDate', () => {
  it.each([
    ['1985-08-17', '1985-08-17'],
    ['17/08/1985', '1985-08-17'],
    ['17-08-1985', '1985-08-17'],
    ['7/8/1985', '1985-08-07'],
    ['2024-02-29', '2024-02-29'],
    ['17.08.1985', '1985-08-17'],
    ['17 Agustus 1985', '1985-08-17'],
    ['17 agt 1985', '1985-08-17'],
    ['17-Aug-85', '1985-08-17'],
    ['1 Pebruari 2001', '2001-02-01'],
    ['Dec 5, 1999', '1999-12-05'],
    ['5/12/26', '2026-12-05'],
    ['2027-01-01', '2027-01-01'],
    ['6/12/26', '1926-12-06'],
    ['2024-02-01T14:35:00.000Z', '2024-02-01'],
  ])('%s → %s (in a file, on 5 December 2026)', (input, iso) => expect(parseDate(input, { twoDigitYears: true, today: new Date('2026-12-05T10:00:00Z') })).toBe(iso));
  it.each(['05/03/19', '17-Aug-85'])('reads no two-digit year in a field being typed: %j', (input) => expect(parseDate(input)).toBeNull());
  it.each(['1985-02-30', '32/01/2000', '12/13/2000', '2023-02-29', '1985/08/17', '17 Agustusan 1985', '31 Juni 2000', 'kemarin', '', '2024-02-01 25:00'])(
    'rejects %j',
    (input) => expect(parseDate(input)).toBeNull(),
  );
});

describe('parseDateTime', () => {
  it.each([
    ['01/02/2024 14:35', { day: '2024-02-01', time: '14:35:00', offsetMinutes: null }],
    ['2024-02-01 09.05.30', { day: '2024-02-01', time: '09:05:30', offsetMinutes: null }],
    ['1/2/2024 2:35 PM', { day: '2024-02-01', time: '14:35:00', offsetMinutes: null }],
    ['1/2/2024 12:10 a.m.', { day: '2024-02-01', time: '00:10:00', offsetMinutes: null }],
    ['2024-02-01T14:35:00+08:00', { day: '2024-02-01', time: '14:35:00', offsetMinutes: 480 }],
    ['01/02/2024 14:35 WIT', { day: '2024-02-01', time: '14:35:00', offsetMinutes: 540 }],
    ['01/02/2024', { day: '2024-02-01', time: null, offsetMinutes: null }],
  ])('%s', (input, parsed) => expect(parseDateTime(input)).toEqual(parsed));
  it.each(['01/02/2024 13:00 PM', '01/02/2024 14:60', '01/02/2024 14'])('rejects %j', (input) => expect(parseDateTime(input)).toBeNull());
});

describe('startOfLocalDay', () => {
  it.each([
    ['2026-11-23T03:00:00Z', 'Asia/Jakarta', '2026-11-22T17:00:00.000Z'],
    ['2026-11-23T18:00:00Z', 'Asia/Jakarta', '2026-11-23T17:00:00.000Z'],
    ['2026-11-23T03:00:00Z', 'Asia/Makassar', '2026-11-22T16:00:00.000Z'],
    ['2026-11-23T03:00:00Z', 'Asia/Jayapura', '2026-11-22T15:00:00.000Z'],
  ])('%s in %s began at %s', (instant, zone, start) => expect(startOfLocalDay(new Date(instant), zone).toISOString()).toBe(start));
});
