/** Indonesia's zones by the names people use (WIB, WITA, WIT); any other zone keeps its IANA name. */
const zoneLabels: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

export function zoneLabel(timeZone: string): string {
  return zoneLabels[timeZone] ?? timeZone;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant as a person at the outlet reads it, with the zone said: `14 Feb 2026 10.12 WITA` (id-ID),
 * `14 Feb 2026, 10:12 WITA` (en-GB). `style: 'long'` spells the month.
 */
export function formatInZone(iso: string, locale: string, timeZone: string | null | undefined, style: 'short' | 'long' = 'short'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const zone = timeZone || 'Asia/Jakarta';
  const key = `${locale}|${zone}|${style}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: style,
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: zone,
    });
    formats.set(key, format);
  }
  return `${format.format(date)} ${zoneLabel(zone)}`;
}
