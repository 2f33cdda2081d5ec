import { dayFirst } from '../../shared/dates';
import { localeOf } from './index';

const rupiah = new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 });
/** Rupiah has no minor unit in practice: `Rp 1.250.000` whatever the UI language. */
export function formatRupiah(amount: number): string {
  return rupiah.format(amount);
}

// Building an Intl formatter costs far more than using one, and result lists format a date per row on every keystroke.
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<T extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}

export function formatNumber(value: number, language: string): string {
  return cached(`n|${language}`, () => new Intl.NumberFormat(localeOf(language))).format(value);
}

/** Instants (ISO timestamps) shown in the outlet's zone; the outlet's zone is WIB until outlets carry theirs to the UI. */
export function formatDate(iso: string | null | undefined, language: string, timeZone = 'Asia/Jakarta'): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return cached(`d|${language}|${timeZone}`, () => new Intl.DateTimeFormat(localeOf(language), { day: 'numeric', month: 'short', year: 'numeric', timeZone })).format(date);
}

/** A calendar date (YYYY-MM-DD, e.g. a birth date) has no zone: format it as written. */
export function formatCalendarDate(isoDate: string | null | undefined, language: string): string {
  if (!isoDate) return '';
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return cached(`c|${language}`, () => new Intl.DateTimeFormat(localeOf(language), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })).format(date);
}

/** YYYY-MM-DD → DD/MM/YYYY, the way staff type dates. */
export function toDayFirst(isoDate: string | null | undefined): string {
  return isoDate ? dayFirst(isoDate) : '';
}
