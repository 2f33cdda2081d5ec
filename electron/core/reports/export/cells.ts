import type { ColumnType, ReportCell } from '../../../../shared/reports';
import { maskNik } from '../../../../shared/nik';
import { formatPhoneNational, maskPhone } from '../../../../shared/phone';

/**
 * The one place where personal data leaves masked: phones as `0812-••••-7890`, NIKs as `3273••••••••••05`,
 * unless the manager chose otherwise for this export (which the export log records).
 */
export function protectCell(value: ReportCell, type: ColumnType, unmask: boolean): ReportCell {
  if (value === null || value === '') return value;
  if (type === 'phone') return unmask ? formatPhoneNational(String(value)) : maskPhone(String(value));
  if (type === 'nik') return unmask ? String(value) : maskNik(String(value));
  return value;
}

/**
 * Spreadsheet formula injection (CWE-1236): a text cell that begins with = + - @ (or a tab or carriage return,
 * which some programs skip before reading a formula) is prefixed with an apostrophe, so Excel shows it as text
 * instead of running it.
 */
export function neutraliseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function isNumericType(type: ColumnType): boolean {
  return type === 'rupiah' || type === 'integer' || type === 'decimal' || type === 'percent';
}
