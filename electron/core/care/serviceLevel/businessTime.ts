import type { OpeningHours } from '../../../../shared/care';
import { AkrabError } from '../../../../shared/errors';

/**
 * The service-level clock: adds business hours or business days to an instant, counting only the outlet's
 * opening hours and skipping its closed days. Pure: the calendar is data (opening hours per weekday, the
 * closed dates a manager maintains), never code. Indonesia's zones have no daylight saving, so one offset
 * per outlet is exact.
 */
export interface BusinessCalendar {
  /** Minutes east of UTC (WIB 420, WITA 480, WIT 540). */
  offsetMinutes: number;
  /** Index 0 = Monday … 6 = Sunday; null = closed all day. */
  hours: OpeningHours;
  /** Local dates (YYYY-MM-DD) on which the outlet is closed: public holidays, stock-taking days. */
  closedDates: ReadonlySet<string>;
}

const DAY = 86_400_000;
const MINUTE = 60_000;
/** Ten years without a single open day means the calendar is wrong, not that the complaint can wait. */
const MAX_DAYS_SCANNED = 3660;

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** The local day number (days since 1970-01-01 in the outlet's zone) of an instant. */
export function localDayNumber(instantMs: number, cal: Pick<BusinessCalendar, 'offsetMinutes'>): number {
  return Math.floor((instantMs + cal.offsetMinutes * MINUTE) / DAY);
}

export function dayNumberToDate(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

export function dateToDayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY);
}

/** The local date (YYYY-MM-DD) of an instant in the calendar's zone. */
export function localDate(instant: Date, cal: Pick<BusinessCalendar, 'offsetMinutes'>): string {
  return dayNumberToDate(localDayNumber(instant.getTime(), cal));
}

/** The UTC instant at which a local date/time happens. */
export function localTimeToInstant(day: number, minutes: number, cal: Pick<BusinessCalendar, 'offsetMinutes'>): number {
  return day * DAY + (minutes - cal.offsetMinutes) * MINUTE;
}

/** The opening interval [start, end) in UTC milliseconds of a local day, or null when closed. */
export function openInterval(day: number, cal: BusinessCalendar): { start: number; end: number } | null {
  if (cal.closedDates.has(dayNumberToDate(day))) return null;
  const weekday = (new Date(day * DAY).getUTCDay() + 6) % 7;
  const hours = cal.hours[weekday];
  if (!hours) return null;
  return { start: localTimeToInstant(day, minutesOf(hours.opens), cal), end: localTimeToInstant(day, minutesOf(hours.closes), cal) };
}

function neverOpen(): AkrabError {
  return new AkrabError({ code: 'validation', field: 'openingHours', messageKey: 'error.outlet_never_open' });
}

/**
 * `start` plus `hours` of opening time. Time outside opening hours does not count: a complaint opened after
 * closing starts its clock at the next opening. A deadline that lands exactly on closing time stays there.
 */
export function addBusinessHours(start: Date, hours: number, cal: BusinessCalendar): Date {
  let remaining = Math.round(hours * 60 * MINUTE);
  let t = start.getTime();
  let day = localDayNumber(t, cal);
  for (let i = 0; i < MAX_DAYS_SCANNED; i++, day++) {
    const open = openInterval(day, cal);
    if (open && t < open.end) {
      const from = Math.max(t, open.start);
      const available = open.end - from;
      if (remaining <= available) return new Date(from + remaining);
      remaining -= available;
    }
    t = -Infinity;
  }
  throw neverOpen();
}

/**
 * Closing time of the `days`-th business day after the day the clock starts. The clock starts on the day of
 * `start` when the outlet is still open then, otherwise on the next open day; 0 days = closing time of that day.
 */
export function addBusinessDays(start: Date, days: number, cal: BusinessCalendar): Date {
  const t = start.getTime();
  let day = localDayNumber(t, cal);
  let open = openInterval(day, cal);
  let scanned = 0;
  if (!open || t >= open.end) {
    do {
      day++;
      open = openInterval(day, cal);
      if (++scanned > MAX_DAYS_SCANNED) throw neverOpen();
    } while (!open);
  }
  for (let counted = 0; counted < days;) {
    day++;
    open = openInterval(day, cal);
    if (open) counted++;
    if (++scanned > MAX_DAYS_SCANNED) throw neverOpen();
  }
  return new Date(open!.end);
}

/** The first moment at or after `instant` at which the outlet is open (where a clock started then begins). */
export function nextOpening(instant: Date, cal: BusinessCalendar): Date {
  return addBusinessHours(instant, 0, cal);
}
