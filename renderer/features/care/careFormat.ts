import { localeOf } from '../../i18n';

const cache = new Map<string, Intl.DateTimeFormat>();

/** An instant with its time (due times, contacts), in the outlet's zone (WIB until outlets carry theirs to the UI). */
export function formatDateTime(iso: string | null | undefined, language: string, timeZone = 'Asia/Jakarta'): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const key = `${language}|${timeZone}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(localeOf(language), { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone })));
  return f.format(date);
}
