import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import PDFDocument from 'pdfkit';
import type { ReportCell, ReportColumn } from '../../../../shared/reports';
import { chartSeries } from '../chartSeries';
import { displayCell, formatPeriod, generatedAtText } from '../format';
import { labels } from '../labels';
import type { ReportData, ReportSection } from '../types';
import { isNumericType, protectCell } from './cells';
import { drawBarChart } from './pdfChart';
import { FONT, registerFonts, textIn, widthOfRuns } from './pdfFonts';
import { pdfSafe } from './pdfText';

export interface PdfOptions {
  unmask: boolean;
  /** At most this many rows of a section are printed; the note under the table says how many there are. */
  maxRows?: number;
}

export const PDF_MAX_ROWS = 50;
const MARGIN = 36;
const FOOTER = 20;
const ROW_HEIGHT = 13;
const SUMMARY_PER_ROW = 5;
const CHART_HEIGHT = 170;
const ink = '#222222';
const muted = '#5f6b73';
const accent = '#1f6f8b';

/**
 * A printable A4 landscape report: a header with the outlets and the period, the key figures, then each
 * section's chart and table (the first rows of long lists only: a PDF is for reading, the CSV/XLSX for
 * working), page numbers on every page.
 */
export async function writePdf(report: ReportData, file: string, options: PdfOptions): Promise<number> {
  const L = labels(report.language);
  const maxRows = options.maxRows ?? PDF_MAX_ROWS;
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER },
    bufferPages: true,
    info: { Title: pdfSafe(report.title), Author: 'Akrab', Creator: 'Akrab', CreationDate: new Date(report.generatedAt) },
  });
  registerFonts(doc);
  const out = createWriteStream(file);
  doc.pipe(out);
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN - FOOTER;
  const ensure = (height: number) => {
    if (doc.y + height > bottom()) doc.addPage();
  };

  // Header.
  doc.font(FONT.bold).fontSize(18).fillColor(accent).text(pdfSafe(report.title), MARGIN, MARGIN);
  doc.moveDown(0.2);
  const outlets = report.outlets.length ? report.outlets.map((o) => `${o.code} ${o.name}`).join(', ') : L.allOutlets;
  const generated = generatedAtText(report);
  doc.font(FONT.body).fontSize(10).fillColor(ink);
  textIn(doc, 'body', pdfSafe(`${L.pdf.outlets}: ${outlets}`));
  doc.text(pdfSafe(`${L.pdf.period}: ${formatPeriod(report.period, report.language, L.sinceStart)}`));
  doc
    .fillColor(muted)
    .text(
      pdfSafe(
        `${L.pdf.generated}: ${generated}${report.generatedBy ? ` ${L.pdf.by} ${report.generatedBy}` : ''} · ${options.unmask ? L.pdf.unmasked : L.pdf.masked}`,
      ),
    );
  doc.moveDown(0.6);

  // Key figures as rows of boxes, at most five a row so each label has room for its words (up to three lines).
  if (report.summary.length) {
    const perRow = Math.min(report.summary.length, SUMMARY_PER_ROW);
    const boxWidth = Math.min(180, (width - 8 * (perRow - 1)) / perRow);
    doc.font(FONT.body).fontSize(8);
    const labelHeight = Math.min(
      30,
      Math.max(...report.summary.map((item) => doc.heightOfString(pdfSafe(item.label), { width: boxWidth - 16 }))),
    );
    const boxHeight = labelHeight + 34;
    let y = doc.y;
    for (const [i, item] of report.summary.entries()) {
      const column = i % perRow;
      if (i > 0 && column === 0) y += boxHeight + 8;
      const x = MARGIN + column * (boxWidth + 8);
      doc.roundedRect(x, y, boxWidth, boxHeight, 4).fillAndStroke('#f1f5f7', '#d5dde2');
      doc
        .font(FONT.body)
        .fontSize(8)
        .fillColor(muted)
        .text(pdfSafe(item.label), x + 8, y + 7, { width: boxWidth - 16, height: labelHeight, ellipsis: true });
      doc
        .font(FONT.bold)
        .fontSize(13)
        .fillColor(ink)
        .text(pdfSafe(displayCell(item.value, item.type, report.language)), x + 8, y + labelHeight + 11, { width: boxWidth - 16, lineBreak: false });
    }
    doc.x = MARGIN;
    doc.y = y + boxHeight + 12;
  }

  let rows = 0;
  for (const section of report.sections) {
    const shown = takeRows(section, maxRows).map((row) => row.map((v, i) => protectCell(v, section.columns[i]!.type, options.unmask)));
    ensure(28 + (section.chart ? CHART_HEIGHT : 0) + 3 * ROW_HEIGHT);
    doc.fontSize(12).fillColor(accent);
    textIn(doc, 'bold', pdfSafe(section.title), MARGIN, doc.y);
    doc.moveDown(0.3);
    if (section.note) doc.font(FONT.body).fontSize(8).fillColor(muted).text(pdfSafe(section.note), { width });
    doc.moveDown(0.3);
    const bars = chartSeries(section, report.period);
    if (section.chart && bars && bars.points.length > 0) {
      const y = doc.y;
      // The chart covers the whole period from every row; the table below shows the first rows only.
      const chartColumns = [
        section.columns.find((c) => c.key === section.chart!.category)!,
        ...section.chart.series.map((k) => section.columns.find((c) => c.key === k)!),
      ];
      const chartRows = bars.points.map((p) => [p.category, ...p.values]);
      const spec = {
        ...section.chart,
        title:
          bars.bucket === 'category' ? section.chart.title : `${section.chart.title} (${L.pdf.per[bars.bucket]})`,
      };
      drawBarChart(doc, spec, chartColumns, chartRows, { x: MARGIN, y, width, height: CHART_HEIGHT - 10 }, report.language, bars.bucket);
      doc.x = MARGIN;
      doc.y = y + CHART_HEIGHT;
    }
    // The "showing N of M" note stays on the page of the table's last row.
    const truncated = section.count > shown.length;
    drawTable(doc, section.columns, shown, width, report.language, bottom, truncated ? 16 : 0);
    rows += shown.length;
    if (truncated) {
      doc
        .font(FONT.italic)
        .fontSize(8)
        .fillColor(muted)
        .text(
          pdfSafe(
            L.pdf.truncated(displayCell(shown.length, 'integer', report.language), displayCell(section.count, 'integer', report.language)),
          ),
          MARGIN,
          doc.y + 2,
          { width },
        );
    }
    doc.moveDown(1.2);
  }

  // Page numbers last, once the page count is known; the footer sits in the bottom margin.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const savedBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN - 10;
    doc.font(FONT.body).fontSize(8).fillColor(muted);
    doc.text(pdfSafe(report.title), MARGIN, y, { width: width / 2, lineBreak: false });
    doc.text(pdfSafe(L.pdf.page(i - range.start + 1, range.count)), MARGIN + width / 2, y, {
      width: width / 2,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = savedBottom;
  }
  doc.end();
  await finished(out);
  return rows;
}

function takeRows(section: ReportSection, max: number): ReportCell[][] {
  const rows: ReportCell[][] = [];
  for (const row of section.rows(max)) {
    if (rows.length >= max) break;
    rows.push(row);
  }
  return rows;
}

/** Column widths from the header and the printed cells, shrunk to the page; numbers right-aligned. */
function drawTable(
  doc: PDFKit.PDFDocument,
  columns: ReportColumn[],
  rows: ReportCell[][],
  width: number,
  language: ReportData['language'],
  bottom: () => number,
  /** Room the last row must leave below it on its page (a note that belongs with the table). */
  trailing = 0,
): void {
  const text = rows.map((row) => row.map((v, i) => pdfSafe(displayCell(v, columns[i]!.type, language))));
  const headers = columns.map((c) => pdfSafe(c.label));
  doc.font(FONT.body).fontSize(8);
  const natural = columns.map((_, i) => {
    let w = 0;
    for (const r of text) w = Math.max(w, widthOfRuns(doc, r[i] ?? '', 'body'));
    doc.font(FONT.bold);
    const head = Math.min(doc.widthOfString(headers[i]!), 90);
    doc.font(FONT.body);
    return Math.max(w, head, 24) + 8;
  });
  const total = natural.reduce((a, b) => a + b, 0);
  const widths = total > width ? natural.map((w) => (w * width) / total) : natural;
  const tableWidth = widths.reduce((a, b) => a + b, 0);

  const header = () => {
    doc.font(FONT.bold).fontSize(7.5);
    const heights = headers.map((h, i) => doc.heightOfString(h, { width: widths[i]! - 6 }));
    const height = Math.max(ROW_HEIGHT, ...heights) + 4;
    const y = doc.y;
    doc.rect(MARGIN, y, tableWidth, height).fill('#e4ecf0');
    let x = MARGIN;
    for (const [i, h] of headers.entries()) {
      doc.fillColor(ink).text(h, x + 3, y + 3, { width: widths[i]! - 6, align: isNumericType(columns[i]!.type) ? 'right' : 'left' });
      x += widths[i]!;
    }
    doc.x = MARGIN;
    doc.y = y + height;
  };

  header();
  doc.font(FONT.body).fontSize(8);
  for (const [r, row] of text.entries()) {
    if (doc.y + ROW_HEIGHT + (r === text.length - 1 ? trailing : 0) > bottom()) {
      doc.addPage();
      header();
      doc.font(FONT.body).fontSize(8);
    }
    const y = doc.y;
    if (r % 2 === 1) doc.rect(MARGIN, y, tableWidth, ROW_HEIGHT).fill('#f7f9fa');
    let x = MARGIN;
    for (const [i, cell] of row.entries()) {
      textIn(doc.fillColor(ink), 'body', cell, x + 3, y + 3, {
        width: widths[i]! - 6,
        height: ROW_HEIGHT - 2,
        align: isNumericType(columns[i]!.type) ? 'right' : 'left',
        lineBreak: false,
        ellipsis: true,
      });
      x += widths[i]!;
    }
    doc.x = MARGIN;
    doc.y = y + ROW_HEIGHT;
  }
  doc
    .moveTo(MARGIN, doc.y)
    .lineTo(MARGIN + tableWidth, doc.y)
    .lineWidth(0.5)
    .strokeColor('#c4ced4')
    .stroke();
}
