/** Month names and abbreviations as Indonesian and English exports write them. */
const MONTHS: Readonly<Record<string, number>> = Object.fromEntries(
  (
    [
      ['januari', 'january', 'jan'],
      ['februari', 'pebruari', 'february', 'feb', 'peb'],
      ['maret', 'march', 'mar'],
      ['april', 'apr'],
      ['mei', 'may'],
      ['juni', 'june', 'jun'],
      ['juli', 'july', 'jul'],
      ['agustus', 'august', 'agu', 'agt', 'ags', 'aug'],
      ['september', 'sep', 'sept'],
      ['oktober', 'october', 'okt', 'oct'],
      ['november', 'nopember', 'nov', 'nop'],
      ['desember', 'december', 'des', 'dec'],
    ] as const
  ).flatMap((names, i) => names.map((name) => [name, i + 1])),
);

export interface ParsedDateTime {
  /** YYYY-MM-DD as written. */
  day: string;
  /** HH:MM:SS wall-clock time as written, or null for a day only. */
  time: string | null;
  /** Minutes east of UTC when the text names its offset (…Z, …+07:00), else null: the reader's zone applies. */
  offsetMinutes: number | null;
}

export interface DateReading {
  /**
   * Read `17/08/85` as the latest such date not after `today` (1985). Files written by other systems need it; a
   * field being typed must not have it, or `05/03/19` on its way to `05/03/1990` would read as 2019.
   */
  twoDigitYears?: boolean;
  today?: Date;
}

/**
 * Parses the date forms people and legacy exports use, day first: YYYY-MM-DD, DD/MM/YYYY, DD-MM-YYYY, DD.MM.YYYY,
 * and month names in Indonesian or English (17 Agustus 1985, 17-Agu-1985, Aug 17, 1985). Returns YYYY-MM-DD; a
 * time after the date is allowed and ignored.
 */
export function parseDate(input: string, reading: DateReading = {}): string | null {
  return parseDateTime(input, reading)?.day ?? null;
}

/** parseDate, keeping a time of day written after the date: `01/02/2024 14:35`, `2024-02-01T14.35.10+07:00`, `1/2/2024 2:35 PM`. */
export function parseDateTime(input: string, reading: DateReading = {}): ParsedDateTime | null {
  const s = input.trim().replace(/\s+/g, ' ');
  const split = /^(.*?\d)(?:(?:[T ]|, ?)(\d{1,2})[:.](\d{2})(?:[:.](\d{2})(?:\.\d+)?)? ?([ap]\.?m\.?)? ?(z|[+-]\d{2}:?\d{2}|wib|wita|wit)?)?$/i.exec(s);
  if (!split) return null;
  const day = parseDay(split[1]!, reading.twoDigitYears ? (reading.today ?? new Date()) : null);
  if (!day) return null;
  if (split[2] === undefined) return { day, time: null, offsetMinutes: null };
  let hour = Number(split[2]);
  const minute = Number(split[3]);
  const second = Number(split[4] ?? 0);
  const meridiem = split[5]?.toLowerCase().replace(/\./g, '');
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return null;
  const time = [hour, minute, second].map((v) => String(v).padStart(2, '0')).join(':');
  return { day, time, offsetMinutes: offsetOf(split[6]) };
}

function offsetOf(zone: string | undefined): number | null {
  if (!zone) return null;
  const z = zone.toLowerCase();
  if (z === 'z') return 0;
  if (z === 'wib') return 7 * 60;
  if (z === 'wita') return 8 * 60;
  if (z === 'wit') return 9 * 60;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** `today` null: four-digit years only. */
function parseDay(s: string, today: Date | null): string | null {
  let y: number, m: number, d: number;
  let match: RegExpExecArray | null;
  let twoDigitYear = false;
  if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})$/.exec(s))) {
    if (!today && match[3]!.length === 2) return null;
    [d, m, y] = [Number(match[1]), Number(match[2]), fullYear(match[3]!, today)];
    twoDigitYear = match[3]!.length === 2;
  } else if ((match = /^(\d{1,2})[ .-]?([a-z]{3,9})\.?[ .,-]{0,2}(\d{4}|\d{2})$/i.exec(s))) {
    const month = MONTHS[match[2]!.toLowerCase()];
    if (!month || (!today && match[3]!.length === 2)) return null;
    [d, m, y] = [Number(match[1]), month, fullYear(match[3]!, today)];
    twoDigitYear = match[3]!.length === 2;
  } else if ((match = /^([a-z]{3,9})\.? (\d{1,2}),? (\d{4})$/i.exec(s))) {
    const month = MONTHS[match[1]!.toLowerCase()];
    if (!month) return null;
    [d, m, y] = [Number(match[2]), month, Number(match[3])];
  } else {
    return null;
  }
  // A two-digit year is the latest such year that puts the date on or before today: 85 → 1985, 03 → 2003 (in 2026).
  if (today && twoDigitYear && Date.UTC(y, m - 1, d) > Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())) y -= 100;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function fullYear(written: string, today: Date | null): number {
  return written.length === 4 || !today ? Number(written) : Math.floor(today.getUTCFullYear() / 100) * 100 + Number(written);
}

/** YYYY-MM-DD → DD/MM/YYYY, the way staff write a day in both languages (and the form parseDate reads first). */
export function dayFirst(isoDay: string): string {
  const [y, m, d] = isoDay.split('-');
  return `${d}/${m}/${y}`;
}

export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
