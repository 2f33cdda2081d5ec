import type PDFDocument from 'pdfkit';
import type { ChartData, ChartSpec, ReportCell, ReportColumn, ReportLanguage } from '../../../../shared/reports';
import { displayCell } from '../format';
import { FONT, textIn } from './pdfFonts';
import { pdfSafe } from './pdfText';

export const palette = ['#1f6f8b', '#e07a1f', '#5a9e4b', '#b5485d', '#7a5ea8'];
const MAX_HORIZONTAL_BARS = 15;
const axis = '#9aa5ad';
const ink = '#222222';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const compact: Record<ReportLanguage, Intl.NumberFormat> = {
  id: new Intl.NumberFormat('id-ID', { notation: 'compact', maximumFractionDigits: 1 }),
  en: new Intl.NumberFormat('en-GB', { notation: 'compact', maximumFractionDigits: 1 }),
};

const monthLabels: Record<ReportLanguage, Intl.DateTimeFormat> = {
  id: new Intl.DateTimeFormat('id-ID', { month: 'short', year: '2-digit', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' }),
};

/** A round axis maximum above the data: 1, 2, 2.5 or 5 times a power of ten. */
export function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/**
 * A bar chart drawn with vector primitives: vertical bars for days (time reads left to right), horizontal bars
 * for named categories (segments, outlets, products), whose labels need the room.
 */
export function drawBarChart(
  doc: PDFKit.PDFDocument,
  spec: ChartSpec,
  columns: ReportColumn[],
  rows: ReportCell[][],
  box: Box,
  language: ReportLanguage,
  bucket: ChartData['bucket'] = 'day',
): void {
  const categoryIndex = columns.findIndex((c) => c.key === spec.category);
  const series = spec.series
    .map((key) => ({ index: columns.findIndex((c) => c.key === key), column: columns.find((c) => c.key === key)! }))
    .filter((s) => s.index >= 0);
  if (categoryIndex < 0 || series.length === 0 || rows.length === 0) return;
  const categoryColumn = columns[categoryIndex]!;

  doc.font(FONT.bold).fontSize(9).fillColor(ink).text(pdfSafe(spec.title), box.x, box.y, { width: box.width, lineBreak: false });
  let top = box.y + 14;
  if (series.length > 1) {
    let lx = box.x;
    doc.font(FONT.body).fontSize(7);
    for (const [i, s] of series.entries()) {
      doc.rect(lx, top + 1, 7, 7).fill(palette[i % palette.length]!);
      doc.fillColor(ink).text(pdfSafe(s.column.label), lx + 10, top, { lineBreak: false });
      lx += 16 + doc.widthOfString(pdfSafe(s.column.label));
    }
    top += 12;
  }
  const plot = { x: box.x, y: top, width: box.width, height: box.y + box.height - top };
  // Dates: every bar of the period (chartSeries already made them days, weeks or months).
  if (categoryColumn.type === 'date') drawVertical(doc, series, categoryIndex, rows, plot, language, bucket);
  else drawHorizontal(doc, series, categoryIndex, categoryColumn, rows.slice(0, MAX_HORIZONTAL_BARS), plot, language);
  doc.fillColor(ink);
}

type Series = { index: number; column: ReportColumn }[];
const num = (v: ReportCell) => (typeof v === 'number' ? v : 0);

function drawVertical(
  doc: PDFKit.PDFDocument,
  series: Series,
  categoryIndex: number,
  rows: ReportCell[][],
  plot: Box,
  language: ReportLanguage,
  bucket: ChartData['bucket'],
): void {
  // Four gridlines at a round step, so counts get whole-number ticks.
  const max = 4 * Math.max(1, niceMax(Math.max(...rows.flatMap((r) => series.map((s) => num(r[s.index] ?? null)))) / 4));
  const left = 40;
  const bottom = 14;
  const area = { x: plot.x + left, y: plot.y, width: plot.width - left, height: plot.height - bottom };
  doc.font(FONT.body).fontSize(7);
  for (let t = 0; t <= 4; t++) {
    const value = (max * t) / 4;
    const y = area.y + area.height - (area.height * t) / 4;
    doc
      .moveTo(area.x, y)
      .lineTo(area.x + area.width, y)
      .lineWidth(0.4)
      .strokeColor(t === 0 ? axis : '#e3e7ea')
      .stroke();
    doc.fillColor(ink).text(pdfSafe(compact[language].format(value)), plot.x, y - 3, { width: left - 4, align: 'right', lineBreak: false });
  }
  const group = area.width / rows.length;
  const barWidth = (group * 0.8) / series.length;
  const labelEvery = Math.max(1, Math.ceil(rows.length / Math.floor(area.width / 26)));
  for (const [i, row] of rows.entries()) {
    for (const [k, s] of series.entries()) {
      const h = (area.height * num(row[s.index] ?? null)) / max;
      if (h > 0)
        doc.rect(area.x + i * group + group * 0.1 + k * barWidth, area.y + area.height - h, barWidth, h).fill(palette[k % palette.length]!);
    }
    if (i % labelEvery === 0) {
      const raw = String(row[categoryIndex] ?? '');
      const label = !/^\d{4}-\d{2}-\d{2}$/.test(raw)
        ? raw
        : bucket === 'month'
          ? monthLabels[language].format(new Date(`${raw}T00:00:00Z`))
          : `${Number(raw.slice(8, 10))}/${Number(raw.slice(5, 7))}`;
      doc
        .fillColor(ink)
        .text(pdfSafe(label), area.x + i * group - 10, area.y + area.height + 3, { width: group + 20, align: 'center', lineBreak: false });
    }
  }
}

function drawHorizontal(
  doc: PDFKit.PDFDocument,
  series: Series,
  categoryIndex: number,
  categoryColumn: ReportColumn,
  rows: ReportCell[][],
  plot: Box,
  language: ReportLanguage,
): void {
  const max = niceMax(Math.max(...rows.flatMap((r) => series.map((s) => num(r[s.index] ?? null)))));
  const labelWidth = 130;
  const valueWidth = 80;
  const area = { x: plot.x + labelWidth, y: plot.y, width: plot.width - labelWidth - valueWidth, height: plot.height };
  const lane = Math.min(22, area.height / rows.length);
  const barHeight = (lane * 0.75) / series.length;
  doc.font(FONT.body).fontSize(7);
  doc
    .moveTo(area.x, area.y)
    .lineTo(area.x, area.y + lane * rows.length)
    .lineWidth(0.5)
    .strokeColor(axis)
    .stroke();
  for (const [i, row] of rows.entries()) {
    const y = area.y + i * lane;
    const label = pdfSafe(displayCell(row[categoryIndex] ?? null, categoryColumn.type, language));
    textIn(doc.fillColor(ink), 'body', label, plot.x, y + lane / 2 - 3.5, { width: labelWidth - 6, align: 'right', lineBreak: false, ellipsis: true, height: 9 });
    for (const [k, s] of series.entries()) {
      const value = num(row[s.index] ?? null);
      const w = (area.width * value) / max;
      const by = y + lane * 0.125 + k * barHeight;
      if (w > 0) doc.rect(area.x, by, w, barHeight).fill(palette[k % palette.length]!);
      doc
        .fillColor(ink)
        .text(pdfSafe(displayCell(value, s.column.type, language)), area.x + w + 4, by + barHeight / 2 - 3.5, { lineBreak: false });
    }
  }
}
export type { PDFDocument };
