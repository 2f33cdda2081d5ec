import type { ColumnType, ReportCell } from '../../../shared/reports';
import { localeOf } from '../../i18n';
import { formatRupiah } from '../../i18n/format';

/** A report cell as the screen shows it: rupiah `Rp 1.250.000`, dates day first with the month's name. */
export function formatCell(value: ReportCell, type: ColumnType, language: string): string {
  if (value === null || value === '') return '';
  const locale = localeOf(language);
  if (typeof value === 'number') {
    switch (type) {
      case 'rupiah':
        return formatRupiah(value);
      case 'percent':
        return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
      case 'decimal':
        return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
      default:
        return new Intl.NumberFormat(locale).format(value);
    }
  }
  if (type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${value}T00:00:00Z`),
    );
  }
  return value;
}

export const isNumeric = (type: ColumnType) => type === 'rupiah' || type === 'integer' || type === 'decimal' || type === 'percent';
