import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import type ExcelJS from 'exceljs';
import { AkrabError } from '../../../shared/errors';

export interface SheetRows {
  headers: string[];
  /** Data rows as strings, in file order; row numbers in reports count the header as row 1. */
  rows: string[][];
}

/** Reads a CSV (comma or semicolon, UTF-8 with or without BOM) or the first sheet of an XLSX file. */
export async function readRows(file: string): Promise<SheetRows> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx') return readXlsx(file);
  if (ext === '.csv' || ext === '.txt') return readCsv(await readFile(file, 'utf8'));
  throw new AkrabError({ code: 'validation', field: 'file', messageKey: 'error.import_format', params: { ext } });
}

export function readCsv(text: string): SheetRows {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const [headers = [], ...rows] = parsed.data;
  return { headers: headers.map(String), rows: rows.map((r) => r.map((v) => String(v ?? ''))) };
}

async function readXlsx(file: string): Promise<SheetRows> {
  // exceljs is large: load it only when an XLSX file is actually read.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0];
  if (!sheet) return { headers: [], rows: [] };
  const all: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const values: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) values.push(cellText(row.getCell(c).value));
    all.push(values);
  });
  const [headers = [], ...rows] = all;
  return { headers, rows };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
  }
  return String(value);
}
