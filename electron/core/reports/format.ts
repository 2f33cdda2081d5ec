import type { ColumnType, ReportCell, ReportLanguage } from '../../../shared/reports';
import { formatInZone } from '../../../shared/zoneTime';

const rupiahFormat = new Intl.NumberFormat('id-ID', { style: 'currency', currency: 'IDR', maximumFractionDigits: 0 });
const numberFormats: Record<ReportLanguage, Intl.NumberFormat> = { id: new Intl.NumberFormat('id-ID'), en: new Intl.NumberFormat('en-GB') };
const decimalFormats: Record<ReportLanguage, Intl.NumberFormat> = {
  id: new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 }),
};
const percentFormats: Record<ReportLanguage, Intl.NumberFormat> = {
  id: new Intl.NumberFormat('id-ID', { style: 'percent', maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 }),
};
const longDates: Record<ReportLanguage, Intl.DateTimeFormat> = {
  id: new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};
const shortDates: Record<ReportLanguage, Intl.DateTimeFormat> = {
  id: new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
};

/** Intl puts a no-break space after "Rp"; files carry a plain one so `Rp 1.250.000` reads and searches as written. */
const plainSpaces = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

/** `Rp 1.250.000`, whatever the language: rupiah are always written the Indonesian way. */
export function formatRupiah(amount: number): string {
  return plainSpaces(rupiahFormat.format(amount));
}

/** A calendar date `YYYY-MM-DD` → `5 Januari 2026` (id) or `5 January 2026` (en). */
export function formatLongDate(isoDate: string, language: ReportLanguage): string {
  return longDates[language].format(new Date(`${isoDate}T00:00:00Z`));
}

export function formatShortDate(isoDate: string, language: ReportLanguage): string {
  return shortDates[language].format(new Date(`${isoDate}T00:00:00Z`));
}

/** A cell as a person reads it (PDF tables, chart labels); masking is the caller's business. */
export function displayCell(value: ReportCell, type: ColumnType, language: ReportLanguage): string {
  if (value === null || value === '') return '';
  switch (type) {
    case 'rupiah':
      return typeof value === 'number' ? formatRupiah(value) : String(value);
    case 'integer':
      return typeof value === 'number' ? plainSpaces(numberFormats[language].format(value)) : String(value);
    case 'decimal':
      return typeof value === 'number' ? plainSpaces(decimalFormats[language].format(value)) : String(value);
    case 'percent':
      return typeof value === 'number' ? plainSpaces(percentFormats[language].format(value)) : String(value);
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatShortDate(value, language) : String(value);
    default:
      return String(value);
  }
}

/** A period as a header line: `1 Januari 2026 – 31 Januari 2026`. */
export function formatPeriod(period: { from: string | null; to: string }, language: ReportLanguage, sinceStart: string): string {
  return `${period.from ? formatLongDate(period.from, language) : sinceStart} – ${formatLongDate(period.to, language)}`;
}

/** When a report was made, in its outlets' zone with the zone said: `5 Desember 2026 14.30 WITA`. */
export function generatedAtText(report: { generatedAt: string; timeZone: string; language: ReportLanguage }): string {
  return plainSpaces(formatInZone(report.generatedAt, report.language === 'en' ? 'en-GB' : 'id-ID', report.timeZone, 'long'));
}
