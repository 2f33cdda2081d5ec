import { localeOf } from '../../i18n';

const formats = new Map<string, Intl.DateTimeFormat>();

/** An audit instant to the second, in WIB: "23 Nov 2026 10.00.05". */
export function formatDateTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  let format = formats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(localeOf(language), {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZone: 'Asia/Jakarta',
    });
    formats.set(language, format);
  }
  return format.format(date);
}
