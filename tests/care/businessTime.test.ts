import { describe, expect, it } from 'vitest';
import type { OpeningHours, ServiceLevel } from '../../shared/care';
import { addBusinessDays, addBusinessHours, type BusinessCalendar } from '../../electron/core/care/serviceLevel/businessTime';
import { defaultOpeningHours } from '../../electron/core/care/settings/defaults';
import { openedBlock, transition } from '../../electron/core/care/complaints/lifecycle';

const WIB = 420;
const WITA = 480;
const WIT = 540;

/** A local wall-clock time at an offset, as the instant it is: '2026-11-23 10:00' in WIB → 03:00Z. */
function local(text: string, offset = WIB): Date {
  return new Date(Date.parse(`${text.replace(' ', 'T')}:00Z`) - offset * 60_000);
}

const sundayClosed: OpeningHours = [...defaultOpeningHours.slice(0, 6), null];
const calendar = (overrides: Partial<BusinessCalendar> = {}): BusinessCalendar => ({
  offsetMinutes: WIB,
  hours: defaultOpeningHours,
  // Christmas and New Year's Day, as a manager enters them.
  closedDates: new Set(['2026-12-25', '2027-01-01']),
  ...overrides,
});

// 2026-11-23 is a Monday. Default hours: Mon–Sat 09:00–21:00, Sun 10:00–21:00.
describe('adding business hours (first-response clock)', () => {
  it.each([
    ['within one day', '2026-11-23 10:00', 4, calendar(), '2026-11-23 14:00'],
    ['spills over closing into the next morning', '2026-11-23 19:00', 4, calendar(), '2026-11-24 11:00'],
    ['opened after closing time starts at the next opening', '2026-11-23 22:30', 2, calendar(), '2026-11-24 11:00'],
    ['opened before opening time starts at opening', '2026-11-23 07:00', 2, calendar(), '2026-11-23 11:00'],
    ['a deadline exactly at closing stays at closing', '2026-11-23 17:00', 4, calendar(), '2026-11-23 21:00'],
    ['zero hours after closing is the next opening', '2026-11-23 22:00', 0, calendar(), '2026-11-24 09:00'],
    ['Saturday evening into Sunday (opens at 10:00)', '2026-11-28 20:00', 2, calendar(), '2026-11-29 11:00'],
    ['weekend closed: Saturday evening into Monday', '2026-11-28 20:00', 2, calendar({ hours: sundayClosed }), '2026-11-30 10:00'],
    ['a public holiday is skipped', '2026-12-24 20:00', 4, calendar(), '2026-12-26 12:00'],
    ['opened on a holiday starts the next open day', '2026-12-25 12:00', 1, calendar(), '2026-12-26 10:00'],
    ['several days of hours', '2026-11-23 09:00', 30, calendar(), '2026-11-25 15:00'],
    ['fractional hours', '2026-11-23 20:30', 1.5, calendar(), '2026-11-24 10:00'],
    ['New Year: holiday after the last day of the year', '2026-12-31 20:00', 3, calendar(), '2027-01-02 11:00'],
  ])('%s', (_name, start, hours, cal, expected) => {
    expect(addBusinessHours(local(start), hours, cal).toISOString()).toBe(local(expected).toISOString());
  });

  it.each([
    ['WITA (Makassar)', WITA],
    ['WIT (Jayapura)', WIT],
  ])('counts in the outlet’s own zone: %s', (_name, offset) => {
    const cal = calendar({ offsetMinutes: offset });
    expect(addBusinessHours(local('2026-11-23 20:00', offset), 2, cal).toISOString()).toBe(local('2026-11-24 10:00', offset).toISOString());
    // The same instant is already past closing in WIT while still open in WIB.
    expect(addBusinessHours(local('2026-11-23 19:30', WIB), 1, calendar()).toISOString()).toBe(
      local('2026-11-23 20:30', WIB).toISOString(),
    );
  });

  it('refuses a calendar on which the outlet never opens', () => {
    expect(() => addBusinessHours(local('2026-11-23 10:00'), 1, calendar({ hours: [null, null, null, null, null, null, null] }))).toThrow(
      'error.outlet_never_open',
    );
  });
});

describe('adding business days (resolution clock: closing time of the D-th business day)', () => {
  it.each([
    ['0 days: closing time the same day', '2026-11-23 10:00', 0, calendar(), '2026-11-23 21:00'],
    ['3 days from Monday', '2026-11-23 10:00', 3, calendar(), '2026-11-26 21:00'],
    ['opened after closing: the clock starts the next day', '2026-11-23 22:00', 1, calendar(), '2026-11-25 21:00'],
    ['Sunday counts when the outlet opens on Sundays', '2026-11-27 10:00', 2, calendar(), '2026-11-29 21:00'],
    ['weekend closed: Sunday skipped', '2026-11-27 10:00', 2, calendar({ hours: sundayClosed }), '2026-11-30 21:00'],
    ['a holiday is skipped', '2026-12-24 10:00', 1, calendar(), '2026-12-26 21:00'],
    ['opened on a holiday: the clock starts the next open day', '2026-12-25 12:00', 0, calendar(), '2026-12-26 21:00'],
    ['across New Year', '2026-12-31 10:00', 1, calendar(), '2027-01-02 21:00'],
    ['opened on a closed Sunday', '2026-11-29 12:00', 1, calendar({ hours: sundayClosed }), '2026-12-01 21:00'],
  ])('%s', (_name, start, days, cal, expected) => {
    expect(addBusinessDays(local(start), days, cal).toISOString()).toBe(local(expected).toISOString());
  });
});

describe('the service-level clock of a complaint', () => {
  const level: ServiceLevel = { responseHours: 4, resolutionDays: 3 };

  it.each([
    ['opened in the morning', '2026-11-23 10:00', '2026-11-23 14:00', '2026-11-26 21:00'],
    ['opened after closing time', '2026-11-23 21:30', '2026-11-24 13:00', '2026-11-27 21:00'],
    [
      'opened on Christmas Eve evening (Thu is day 0; Fri holiday; Sat, Sun, Mon)',
      '2026-12-24 19:00',
      '2026-12-26 11:00',
      '2026-12-28 21:00',
    ],
  ])('%s', (_name, opened, responseDue, resolutionDue) => {
    const block = openedBlock(local(opened), level, calendar());
    expect(block.firstResponseDueAt).toBe(local(responseDue).toISOString());
    expect(block.resolutionDueAt).toBe(local(resolutionDue).toISOString());
  });

  it('a reopened complaint starts a fresh period from the moment it was reopened', () => {
    const cal = calendar();
    let block = openedBlock(local('2026-11-23 10:00'), level, cal);
    block = transition(block, 'in_progress', local('2026-11-23 11:00'), null, level, cal);
    block = transition(block, 'resolved', local('2026-11-24 15:00'), null, level, cal);
    block = transition(block, 'reopened', local('2026-11-28 20:00'), null, level, cal); // Saturday evening
    expect(block).toMatchObject({
      status: 'reopened',
      reopenCount: 1,
      clockStartedAt: local('2026-11-28 20:00').toISOString(),
      firstResponseDueAt: local('2026-11-29 13:00').toISOString(), // 1 h on Saturday, 3 h from Sunday 10:00
      resolutionDueAt: local('2026-12-01 21:00').toISOString(), // Sat is day 0; Sun, Mon, Tue
      firstResponseAt: null,
      resolvedAt: null,
    });
  });
});
