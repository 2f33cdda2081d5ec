import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import type ExcelJS from 'exceljs';
import { AkrabError } from '../../../shared/errors';

export interface SheetRows {
  headers: string[];
  /** Data rows as strings, in file order; blank rows are left out. */
  rows: string[][];
  /**
   * Each data row's number as a spreadsheet shows it, counting the blank rows left out, so a report's row is the one
   * the user opens. Without it the header counts as row 1 and the rows follow it.
   */
  rowNumbers?: number[];
}

/** Reads a CSV (comma, semicolon or tab; see decodeText for encodings) or the first sheet of an XLSX file. */
export async function readRows(file: string): Promise<SheetRows> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx') return readXlsx(file);
  if (ext === '.csv' || ext === '.txt' || ext === '.tsv') return readCsv(decodeText(await readFile(file)));
  throw new AkrabError({ code: 'validation', field: 'file', messageKey: 'error.import_format', params: { ext } });
}

/**
 * Text as spreadsheets save it: UTF-8 (with or without BOM), UTF-16 with its BOM (Excel's "Unicode text"), or,
 * when the bytes are not UTF-8, Windows-1252 (Excel's "CSV" on an Indonesian or English Windows).
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

export function readCsv(text: string): SheetRows {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''));
  return withRowNumbers(parsed.data.map((r, i) => [i + 1, r.map((v) => String(v ?? ''))] as const));
}

/** Leaves out blank rows (no cell with more than spaces: `;;;;`) but keeps the numbers of the others. */
function withRowNumbers(numbered: (readonly [number, string[]])[]): SheetRows {
  const [header, ...rest] = numbered.filter(([, cells]) => cells.some((c) => c.trim() !== ''));
  return { headers: header?.[1] ?? [], rows: rest.map(([, cells]) => cells), rowNumbers: rest.map(([n]) => n) };
}

async function readXlsx(file: string): Promise<SheetRows> {
  // exceljs is large: load it only when an XLSX file is actually read.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0];
  if (!sheet) return { headers: [], rows: [], rowNumbers: [] };
  const all: [number, string[]][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) values.push(cellText(row.getCell(c).value));
    all.push([row.number, values]);
  });
  return withRowNumbers(all);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  // Excel keeps wall-clock dates and times; exceljs hands them over as if they were UTC.
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  }
  if (typeof value === 'object') {
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
  }
  return String(value);
}
