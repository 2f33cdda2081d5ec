import type { ColumnType, ReportCell, ReportColumn } from '../../../../shared/reports';
import { zoneLabel } from '../../../../shared/zoneTime';
import { formatPeriod } from '../format';
import { labels } from '../labels';
import type { ReportData } from '../types';
import { protectCell } from './cells';
import { ZipFile } from './zipFile';

export interface XlsxOptions {
  unmask: boolean;
}

/** Excel's row limit per sheet, less the header row: longer sections continue on a further sheet. */
export const MAX_SHEET_ROWS = 1_048_575;
const FLUSH_CHARS = 1 << 20;
const YIELD_EVERY = 20_000;

/**
 * Cell styles, by index into styles.xml's cellXfs. Number formats are Excel's: the thousands mark follows the
 * reader's locale (dots in Indonesian Excel), rupiah carry "Rp", dates are real dates shown day first.
 */
const STYLE = { plain: 0, header: 1, title: 2, integer: 3, rupiah: 4, date: 5, dateTime: 6, decimal: 7, percent: 8 } as const;
const styleOf: Record<ColumnType, number> = {
  text: STYLE.plain,
  phone: STYLE.plain,
  nik: STYLE.plain,
  integer: STYLE.integer,
  rupiah: STYLE.rupiah,
  date: STYLE.date,
  decimal: STYLE.decimal,
  percent: STYLE.percent,
};
export const numberFormats = {
  rupiah: '"Rp" #,##0',
  date: 'dd/mm/yyyy',
  dateTime: 'dd/mm/yyyy hh:mm',
  decimal: '#,##0.0',
  percent: '0.0%',
  integer: '#,##0',
};
const widths: Record<ColumnType, number> = { text: 24, date: 12, rupiah: 18, integer: 12, decimal: 12, percent: 10, phone: 16, nik: 20 };

const NS =
  'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

// XML 1.0 forbids most control characters; a name pasted from somewhere may carry one.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const invalidXml = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
function escapeXml(text: string): string {
  return text.replace(invalidXml, '').replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** A date as Excel's serial day number (days since 1899-12-30, UTC). */
function excelSerial(ms: number): number {
  return ms / 86_400_000 + 25569;
}

function textCell(ref: string, text: string, style = 0): string {
  const t = escapeXml(text);
  const space = t !== t.trim() ? ' xml:space="preserve"' : '';
  return `<c r="${ref}" t="inlineStr"${style ? ` s="${style}"` : ''}><is><t${space}>${t}</t></is></c>`;
}

function numberCell(ref: string, value: number, style: number): string {
  return `<c r="${ref}"${style ? ` s="${style}"` : ''}><v>${value}</v></c>`;
}

function cellXml(ref: string, value: ReportCell, type: ColumnType): string {
  if (value === null || value === '') return '';
  if (type === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value))
    return numberCell(ref, excelSerial(Date.parse(`${value}T00:00:00Z`)), STYLE.date);
  if (typeof value === 'number' && Number.isFinite(value)) return numberCell(ref, value, styleOf[type]);
  return textCell(ref, String(value));
}

/** At most `max` characters, cut after a whole word (a word longer than that is cut). */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max + 1).replace(/\s+\S*$/, '');
  return (cut.length > 0 && cut.length <= max ? cut : text.slice(0, max)).replace(/[\s,.;:&–—-]+$/, '');
}

/** Sheet names: at most 31 characters cut at a word, none of []:*?/\, unique in the workbook. */
export function sheetNamer() {
  const used = new Set<string>();
  return (wanted: string) => {
    const clean = wanted
      .replace(/[[\]:*?/\\]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const base = cutAtWord(clean, 31) || 'Sheet';
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${cutAtWord(clean, 31 - String(n).length - 3)} (${n})`;
    used.add(name.toLowerCase());
    return name;
  };
}

/** The zone's offset at that instant (Indonesia keeps no daylight saving, but any zone is read right). */
function zoneOffsetMs(timeZone: string, iso: string): number {
  const at = new Date(iso);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(at)
      .map((p) => [p.type, Number(p.value)]),
  );
  return (
    Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) - Math.floor(at.getTime() / 1000) * 1000
  );
}

/** Printing: A4 landscape, every column on one page's width (as many pages down as it takes). */
const PRINT_SETUP =
  '<pageMargins left="0.4" right="0.4" top="0.5" bottom="0.5" header="0.3" footer="0.3"/>' +
  '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>';

function sheetStart(columnWidths: number[]): string {
  const cols = columnWidths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
  return (
    `${HEAD}<worksheet ${NS}><sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>` +
    `<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>`
  );
}

function stylesXml(): string {
  const fmts = [
    [164, numberFormats.rupiah],
    [165, numberFormats.date],
    [166, numberFormats.dateTime],
    [167, numberFormats.decimal],
    [168, numberFormats.percent],
  ] as const;
  const xf = (numFmtId: number, fontId = 0, extra = '') =>
    `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="0" borderId="0" xfId="0"${numFmtId ? ' applyNumberFormat="1"' : ''}${fontId ? ' applyFont="1"' : ''}${extra}`;
  const xfs = [
    xf(0) + '/>',
    xf(0, 1, ' applyAlignment="1"') + '><alignment vertical="center" wrapText="1"/></xf>',
    xf(0, 2) + '/>',
    xf(3) + '/>',
    xf(164) + '/>',
    xf(165) + '/>',
    xf(166) + '/>',
    xf(167) + '/>',
    xf(168) + '/>',
  ];
  return (
    `${HEAD}<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
    `<numFmts count="${fmts.length}">${fmts.map(([id, code]) => `<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`).join('')}</numFmts>` +
    `<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="14"/><name val="Calibri"/><family val="2"/></font></fonts>` +
    `<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
    `<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
    `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
    `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs>` +
    `<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`
  );
}

interface SheetInfo {
  name: string;
  /** The autofilter range (header row), or null for the summary sheet. */
  filter: string | null;
}

/**
 * A real workbook, streamed so a million rows never sit in memory: a summary sheet (title, filters, key
 * figures), then one sheet per section with typed cells (dates as dates, rupiah as numbers in a rupiah format),
 * a frozen bold header and an autofilter. SpreadsheetML is written directly: a generic library's per-cell
 * objects and style lookups cost ten times more at a million rows.
 */
export async function writeXlsx(report: ReportData, file: string, options: XlsxOptions): Promise<number> {
  const L = labels(report.language);
  // Deflate level 1: a third of the time of the default for files about a quarter larger.
  const zip = await ZipFile.create(file, 1);
  const sheets: SheetInfo[] = [];
  const name = sheetNamer();
  let rows = 0;
  try {
    // The summary sheet.
    {
      sheets.push({ name: name(L.sheet.summary), filter: null });
      let xml = sheetStart([36, 44]);
      let r = 1;
      const line = (cells: string) => ((xml += `<row r="${r}">${cells}</row>`), r++);
      line(textCell(`A${r}`, report.title, STYLE.title));
      line(textCell(`A${r}`, L.pdf.period) + textCell(`B${r}`, formatPeriod(report.period, report.language, L.sinceStart)));
      line(
        textCell(`A${r}`, L.pdf.outlets) +
          textCell(`B${r}`, report.outlets.length ? report.outlets.map((o) => `${o.code} ${o.name}`).join(', ') : L.allOutlets),
      );
      line(
        textCell(`A${r}`, L.pdf.generated) +
          numberCell(
            `B${r}`,
            excelSerial(Date.parse(report.generatedAt) + zoneOffsetMs(report.timeZone, report.generatedAt)),
            STYLE.dateTime,
          ) +
          textCell(`C${r}`, zoneLabel(report.timeZone)),
      );
      line(textCell(`A${r}`, L.col.staff) + textCell(`B${r}`, report.generatedBy ?? ''));
      line(textCell(`B${r}`, options.unmask ? L.pdf.unmasked : L.pdf.masked));
      r++;
      for (const item of report.summary)
        line(textCell(`A${r}`, item.label) + cellXml(`B${r}`, protectCell(item.value, item.type, options.unmask), item.type));
      xml += `</sheetData>${PRINT_SETUP}</worksheet>`;
      await zip.add(`xl/worksheets/sheet${sheets.length}.xml`, xml);
    }

    for (const section of report.sections) {
      const letters = section.columns.map((_, i) => columnLetter(i));
      const types = section.columns.map((c) => c.type);
      const lastLetter = letters[letters.length - 1] ?? 'A';
      const header = section.columns.map((c: ReportColumn, i) => textCell(`${letters[i]}1`, c.label, STYLE.header)).join('');
      const columnWidths = section.columns.map((c) => Math.max(widths[c.type], Math.min(40, c.label.length + 2)));
      let open = false;
      let r = 0;
      let buffer = '';
      let sinceYield = 0;
      const openSheet = async () => {
        sheets.push({ name: name(section.title), filter: `A1:${lastLetter}1` });
        await zip.begin(`xl/worksheets/sheet${sheets.length}.xml`);
        buffer = `${sheetStart(columnWidths)}<row r="1">${header}</row>`;
        r = 1;
        open = true;
      };
      const closeSheet = async () => {
        buffer += `</sheetData><autoFilter ref="A1:${lastLetter}1"/>${PRINT_SETUP}</worksheet>`;
        await zip.append(buffer);
        buffer = '';
        await zip.end();
        open = false;
      };
      await openSheet();
      for (const row of section.rows()) {
        if (r > MAX_SHEET_ROWS) {
          await closeSheet();
          await openSheet();
        }
        r++;
        let cells = '';
        for (let i = 0; i < types.length; i++)
          cells += cellXml(`${letters[i]}${r}`, protectCell(row[i] ?? null, types[i]!, options.unmask), types[i]!);
        buffer += `<row r="${r}">${cells}</row>`;
        rows++;
        if (buffer.length >= FLUSH_CHARS) {
          await zip.append(buffer);
          buffer = '';
        }
        if (++sinceYield >= YIELD_EVERY) {
          sinceYield = 0;
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      if (open) await closeSheet();
    }

    const sheetEntries = sheets.map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
    const ref = (s: SheetInfo) => `'${escapeXml(s.name.replace(/'/g, "''"))}'`;
    const filters = sheets
      .map((s, i) =>
        s.filter
          ? `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${ref(s)}!$${s.filter.replace(/([A-Z]+)(\d+)/g, '$1$$$2').replace(':', ':$')}</definedName>` +
            // Each printed page repeats the header row.
            `<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${ref(s)}!$1:$1</definedName>`
          : '',
      )
      .join('');
    await zip.add(
      `xl/workbook.xml`,
      `${HEAD}<workbook ${NS}><bookViews><workbookView/></bookViews><sheets>${sheetEntries}</sheets>${filters ? `<definedNames>${filters}</definedNames>` : ''}</workbook>`,
    );
    await zip.add(
      `xl/_rels/workbook.xml.rels`,
      `${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
        .map(
          (_, i) =>
            `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
        )
        .join(
          '',
        )}<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
    );
    await zip.add('xl/styles.xml', stylesXml());
    await zip.add(
      'docProps/core.xml',
      `${HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
        `<dc:title>${escapeXml(report.title)}</dc:title><dc:creator>Akrab</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${report.generatedAt.slice(0, 19)}Z</dcterms:created></cp:coreProperties>`,
    );
    await zip.add(
      '_rels/.rels',
      `${HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
        `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
    );
    await zip.add(
      '[Content_Types].xml',
      `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
        `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
        sheets
          .map(
            (_, i) =>
              `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
          )
          .join('') +
        `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
        `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`,
    );
    await zip.close();
  } catch (error) {
    await zip.abort();
    throw error;
  }
  return rows;
}
