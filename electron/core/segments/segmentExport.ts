import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { segmentNodeSchema, type SegmentNode, type SegmentNodeInput } from '../../../shared/segments';
import { parseOrThrow } from '../care/settings/careSettings';
import type { CsvDialect, ExportStatus, ReportCell, ReportLanguage } from '../../../shared/reports';
import { AkrabError } from '../../../shared/errors';
import { delimiterOf } from '../reports/export/csv';
import { startExportJob } from '../reports/exportJobs';
import { writeReport } from '../reports/exportReport';
import { localDate } from '../reports/scope';
import type { ReportData } from '../reports/types';
import type { Store } from '../store/store';
import { countSegment, requireSegment, segmentToday, segmentWhere } from './segments';

/** The formats a customer list is exported in (a PDF of a hundred thousand customers helps nobody). */
export const segmentExportFormats = ['csv', 'xlsx'] as const;
export type SegmentExportFormat = (typeof segmentExportFormats)[number];

const WIB_MINUTES = 7 * 60;

const labels = {
  id: {
    title: (name: string) => `Daftar pelanggan segmen: ${name}`,
    unsaved: 'segmen belum disimpan',
    section: 'Pelanggan',
    customers: 'Pelanggan',
    name: 'Nama',
    card: 'No. kartu',
    phone: 'Telepon',
    city: 'Kota',
    outlet: 'Outlet asal',
    purchases: 'Jumlah pembelian',
    spend: 'Total belanja',
    lastPurchase: 'Pembelian terakhir',
    lastContact: 'Kontak terakhir',
    note: 'Pelanggan yang memenuhi syarat segmen saat diekspor, urut nama.',
  },
  en: {
    title: (name: string) => `Segment customer list: ${name}`,
    unsaved: 'unsaved segment',
    section: 'Customers',
    customers: 'Customers',
    name: 'Name',
    card: 'Card no.',
    phone: 'Phone',
    city: 'City',
    outlet: 'Home outlet',
    purchases: 'Purchases',
    spend: 'Total spend',
    lastPurchase: 'Last purchase',
    lastContact: 'Last contact',
    note: 'Customers matching the segment when exported, by name.',
  },
} as const;

/** A saved segment (by name or id) or an unsaved condition tree, with the name the file shows. */
export type SegmentSource = { segment: string } | { where: SegmentNodeInput | SegmentNode };

function resolve(store: Store, source: SegmentSource): { name: string | null; where: SegmentNode } {
  if ('segment' in source) {
    const saved = requireSegment(store, source.segment);
    return { name: saved.name, where: saved.where };
  }
  return { name: null, where: parseOrThrow(segmentNodeSchema, source.where) };
}

/**
 * The customers a segment selects now, as a report the CSV and XLSX writers take: identity (the phone masked like
 * every report's unless the export is unmasked), home outlet, and their kept totals (customerTotals.ts).
 * Rows stream from one query, in name order.
 */
export function segmentCustomersReport(store: Store, source: SegmentSource, language: ReportLanguage): ReportData {
  const L = labels[language];
  const { name, where } = resolve(store, source);
  const count = countSegment(store, { where, preview: 0 }).count;
  const part = segmentWhere(store, where);
  const day = (iso: string | null) => (iso ? localDate(new Date(iso), WIB_MINUTES) : null);
  const rows = function* (limit?: number): Iterable<ReportCell[]> {
    const statement = store.sqlite
      .prepare(
        `SELECT c.full_name, c.id,
                (SELECT card_no FROM cards WHERE customer_id = c.id AND deleted_at IS NULL ORDER BY (status = 'active') DESC, issued_at LIMIT 1),
                (SELECT e164 FROM phones WHERE customer_id = c.id AND deleted_at IS NULL ORDER BY created_at LIMIT 1),
                c.city, (SELECT code FROM outlets WHERE id = c.registered_outlet_id),
                coalesce(t.purchase_count, 0), coalesce(t.purchase_amount, 0), t.last_purchase_at, t.last_contact_at
           FROM customers c LEFT JOIN customer_totals t ON t.customer_id = c.id
          WHERE ${part.sql} ORDER BY c.name_search, c.id${limit === undefined ? '' : ' LIMIT ?'}`,
      )
      .raw();
    const params = limit === undefined ? part.params : [...part.params, limit];
    for (const r of statement.iterate(...params) as Iterable<[string, string, string | null, string | null, string | null, string | null, number, number, string | null, string | null]>)
      yield [r[0], r[2], r[3], r[4], r[5], r[6], r[7], day(r[8]), day(r[9])];
  };
  const today = segmentToday(store);
  return {
    name: 'segment',
    title: L.title(name ?? L.unsaved),
    language,
    period: { from: null, to: today },
    outlets: [],
    generatedAt: store.now().toISOString(),
    timeZone: 'Asia/Jakarta',
    generatedBy: store.staff,
    summary: [{ label: L.customers, value: count, type: 'integer' }],
    sections: [
      {
        id: 'customers',
        title: L.section,
        columns: [
          { key: 'name', label: L.name, type: 'text' },
          { key: 'card', label: L.card, type: 'text' },
          { key: 'phone', label: L.phone, type: 'phone' },
          { key: 'city', label: L.city, type: 'text' },
          { key: 'outlet', label: L.outlet, type: 'text' },
          { key: 'purchases', label: L.purchases, type: 'integer' },
          { key: 'spend', label: L.spend, type: 'rupiah' },
          { key: 'lastPurchase', label: L.lastPurchase, type: 'date' },
          { key: 'lastContact', label: L.lastContact, type: 'date' },
        ],
        count,
        rows,
        note: L.note,
      },
    ],
  };
}

export interface SegmentExportOptions {
  format: SegmentExportFormat;
  file: string;
  language?: ReportLanguage;
  delimiter?: ',' | ';';
  unmask?: boolean;
}

/** Writes a segment's customer list; a failed write leaves no half file behind. */
export async function exportSegmentCustomers(store: Store, source: SegmentSource, options: SegmentExportOptions): Promise<{ file: string; rows: number }> {
  if (!(segmentExportFormats as readonly string[]).includes(options.format))
    throw new AkrabError({ code: 'validation', field: 'format', messageKey: 'error.segment_export_format', params: { format: String(options.format) } });
  const report = segmentCustomersReport(store, source, options.language ?? 'id');
  mkdirSync(path.dirname(options.file), { recursive: true });
  try {
    return { file: options.file, rows: await writeReport(report, { format: options.format, file: options.file, delimiter: options.delimiter, unmask: options.unmask }) };
  } catch (error) {
    rmSync(options.file, { force: true });
    throw error;
  }
}

/** The segment screen's export buttons: written in the background into exports/, polled like a report's export. */
export function startSegmentExport(
  store: Store,
  input: SegmentSource & { format: SegmentExportFormat; language: ReportLanguage; csvDialect: CsvDialect; unmask: boolean },
): ExportStatus {
  const { name } = resolve(store, input); // an unknown segment refuses here, before a job starts
  const stamp = store.now().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const slug = (name ?? 'segment').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'segment';
  return startExportJob(store, `segment-${slug}-${stamp}.${input.format}`, input.format, (file) =>
    exportSegmentCustomers(store, input, { format: input.format, file, language: input.language, delimiter: delimiterOf(input.csvDialect), unmask: input.unmask }),
  );
}
