import { open } from 'node:fs/promises';
import type { CsvDialect, ReportCell, ReportColumn } from '../../../../shared/reports';
import { formatPeriod, generatedAtText } from '../format';
import { labels } from '../labels';
import type { ReportData } from '../types';
import { isNumericType, neutraliseFormula, protectCell } from './cells';

/** `id`: Excel/LibreOffice with Indonesian regional settings (`;`, decimal comma); `intl`: `,` and a decimal dot. */
export const delimiterOf = (dialect: CsvDialect): ',' | ';' => (dialect === 'id' ? ';' : ',');

export interface CsvOptions {
  unmask: boolean;
  /**
   * `,` (the default, RFC 4180) or `;` — Excel with Indonesian regional settings splits on `;` and reads `,` as
   * the decimal mark, so with `;` fractions are written with a decimal comma.
   */
  delimiter?: ',' | ';';
}

const BOM = '\uFEFF';
const FLUSH_BYTES = 1 << 20;
const YIELD_EVERY = 5000;

function quote(text: string, delimiter: string): string {
  return text.includes('"') || text.includes(delimiter) || text.includes('\n') || text.includes('\r')
    ? `"${text.replace(/"/g, '""')}"`
    : text;
}

export function csvCell(value: ReportCell, column: ReportColumn, options: CsvOptions): string {
  const delimiter = options.delimiter ?? ',';
  const protectedValue = protectCell(value, column.type, options.unmask);
  if (protectedValue === null || protectedValue === '') return '';
  if (typeof protectedValue === 'number' && isNumericType(column.type)) {
    // Rupiah and counts as plain integers (no thousands mark) so every Excel reads them as numbers.
    const n =
      column.type === 'percent'
        ? Math.round(protectedValue * 10000) / 100
        : column.type === 'decimal'
          ? Math.round(protectedValue * 10) / 10
          : protectedValue;
    const text = String(n);
    return delimiter === ';' ? text.replace('.', ',') : text;
  }
  // ISO dates read as the same day in every locale (05/12/2026 is 12 May to a US spreadsheet).
  if (column.type === 'date' && typeof protectedValue === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(protectedValue)) return protectedValue;
  const text = String(protectedValue);
  // Card numbers, NIKs, codes: digits only, kept as text (a number would lose leading zeros and digits past 15).
  // `="…"` is the formula Excel and LibreOffice both read as text; only digits go in it, so nothing can be injected.
  if (/^\d+$/.test(text)) return `="${text}"`;
  return quote(neutraliseFormula(text), delimiter);
}

/**
 * UTF-8 with a byte-order mark (so Excel does not read it as ANSI), CRLF line ends, every section one after
 * another: its title on a line, its header, its rows, a blank line. Rows stream to the file in 1 MiB writes.
 */
export async function writeCsv(report: ReportData, file: string, options: CsvOptions): Promise<number> {
  const delimiter = options.delimiter ?? ',';
  const handle = await open(file, 'w');
  let buffer = BOM;
  let rows = 0;
  const flush = async () => {
    if (buffer) await handle.write(buffer);
    buffer = '';
  };
  try {
    // What the file is, before its tables: a spreadsheet opened later still says its period, outlets and date.
    const L = labels(report.language);
    const line = (...cells: string[]) => cells.map((c) => quote(neutraliseFormula(c), delimiter)).join(delimiter) + '\r\n';
    buffer += line(report.title);
    buffer += line(L.pdf.period, formatPeriod(report.period, report.language, L.sinceStart));
    buffer += line(L.pdf.outlets, report.outlets.length ? report.outlets.map((o) => `${o.code} ${o.name}`).join(', ') : L.allOutlets);
    buffer += line(L.pdf.generated, `${generatedAtText(report)}${report.generatedBy ? ` ${L.pdf.by} ${report.generatedBy}` : ''}`);
    buffer += line(options.unmask ? L.pdf.unmasked : L.pdf.masked);
    for (const section of report.sections) {
      buffer += '\r\n';
      buffer += quote(neutraliseFormula(section.title), delimiter) + '\r\n';
      buffer += section.columns.map((c) => quote(neutraliseFormula(c.label), delimiter)).join(delimiter) + '\r\n';
      let sinceYield = 0;
      for (const row of section.rows()) {
        buffer += section.columns.map((column, i) => csvCell(row[i] ?? null, column, options)).join(delimiter) + '\r\n';
        rows++;
        if (buffer.length >= FLUSH_BYTES) await flush();
        // Let the app breathe during a long export (the rows come from per-row lookups, never an open cursor).
        if (++sinceYield >= YIELD_EVERY) {
          sinceYield = 0;
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
    }
    await flush();
  } finally {
    await handle.close();
  }
  return rows;
}
