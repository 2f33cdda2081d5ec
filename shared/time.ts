// Building a formatter costs far more than using one (a legacy import asks once per row): one per zone.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Offset of a time zone from UTC at an instant, in minutes (Indonesia's zones have no daylight saving). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/** The UTC instant at which the local day containing `instant` began in `timeZone`. */
export function startOfLocalDay(instant: Date, timeZone: string): Date {
  const offset = zoneOffsetMinutes(instant, timeZone);
  const local = new Date(instant.getTime() + offset * 60000);
  const localMidnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  return new Date(localMidnight - offset * 60000);
}

/** The UTC instant of a wall-clock time (`HH:MM:SS`, or midnight) on a day in `timeZone`, or at a written offset. */
export function wallClockInstant(day: string, time: string | null, timeZone: string, offsetMinutes: number | null = null): Date {
  const asUtc = Date.parse(`${day}T${time ?? '00:00:00'}Z`);
  const offset = offsetMinutes ?? zoneOffsetMinutes(new Date(asUtc), timeZone);
  return new Date(asUtc - offset * 60000);
}
