import { purchases } from '../../../db/schema';
import { AkrabError } from '../../../shared/errors';
import { normalizeCardNo } from '../../../shared/card';
import { newId } from '../ids';
import { customerQueries } from '../customers/readModel';
import { insertCustomer } from '../customers/registerCustomer';
import { validateDraft } from '../customers/validateDraft';
import { ensureOutlet, type OutletRow } from '../outlets/outlets';
import type { Store } from '../store/store';
import { transact, type Writer } from '../store/writer';
import { mapHeaders } from './headerAliases';
import { readRows, type SheetRows } from './readRows';
import { rowToDraft } from './rowToDraft';

export interface ImportError {
  /** Spreadsheet row number (the header is row 1). */
  row: number;
  field: string;
  reason: string;
  value?: string;
}

export interface ImportReport {
  imported: number;
  /** Rows not imported: rows with errors plus rows whose card is already in the store. */
  skipped: number;
  alreadyPresent: number;
  purchasesAdded: number;
  errors: ImportError[];
}

export interface ImportOptions {
  /** Outlet for rows that name none. */
  outletCode?: string;
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export async function importCustomersFile(store: Store, file: string, options: ImportOptions = {}): Promise<ImportReport> {
  return importSheet(store, await readRows(file), options);
}

/**
 * Imports legacy rows: each becomes a customer with its card and phone (and a purchase where it has an invoice).
 * A row is written whole or not at all; a row whose card exists already adds only a purchase it does not have,
 * so importing the same file twice adds nothing. Batches commit one by one: a crash loses at most the open batch.
 */
export function importSheet(store: Store, sheet: SheetRows, options: ImportOptions = {}): ImportReport {
  const fields = mapHeaders(sheet.headers);
  const missing = (['cardNo', 'fullName', 'phone'] as const).filter((f) => !fields.includes(f));
  if (missing.length) throw new AkrabError({ code: 'validation', field: missing.join(','), messageKey: 'error.import_missing_columns', params: { columns: missing.join(', ') } });

  const report: ImportReport = { imported: 0, skipped: 0, alreadyPresent: 0, purchasesAdded: 0, errors: [] };
  const today = store.now().toISOString().slice(0, 10);
  const outlets = new Map<string, OutletRow>();
  const outletFor = (code: string | undefined): string | null => {
    const wanted = (code ?? options.outletCode)?.trim().toUpperCase();
    if (!wanted) return store.outletId;
    let outlet = outlets.get(wanted);
    if (!outlet) {
      outlet = ensureOutlet(store, wanted);
      outlets.set(wanted, outlet);
    }
    return outlet.id;
  };
  const invoiceExists = store.sqlite.prepare(`SELECT 1 FROM purchases WHERE customer_id = ? AND invoice_no = ? AND deleted_at IS NULL`).pluck();
  const batchSize = options.batchSize ?? 1000;

  const importRow = (cells: string[], rowNumber: number, atomically: boolean) => {
    const row = rowToDraft(fields, cells);
    if (row.problems.length) {
      report.errors.push(...row.problems.map((p) => ({ row: rowNumber, field: p.field, reason: p.messageKey, value: p.value })));
      report.skipped++;
      return;
    }
    let outletId: string | null;
    try {
      outletId = outletFor(row.outletCode);
    } catch (error) {
      if (!(error instanceof AkrabError)) throw error;
      report.errors.push({ row: rowNumber, field: 'outlet', reason: error.messageKey, ...(row.outletCode && { value: row.outletCode }) });
      report.skipped++;
      return;
    }
    const write = (work: (writer: Writer) => void) => (atomically ? transact(store, work) : work(batchWriter!));
    const existingId = row.draft.cardNo ? (customerQueries(store).customerIdByCard.get(normalizeCardNo(row.draft.cardNo)) as string | undefined) : undefined;
    if (existingId) {
      report.alreadyPresent++;
      report.skipped++;
      const invoiceNo = row.draft.invoiceNo?.trim();
      if (invoiceNo && !invoiceExists.get(existingId, invoiceNo)) {
        const at = row.registeredAt ?? store.now().toISOString();
        write((w) => w.insert(purchases, { id: newId(), createdAt: at, customerId: existingId, invoiceNo, outletId, purchasedAt: at, amount: row.draft.amount ?? 0, mainProduct: row.draft.mainProduct ?? null }));
        report.purchasesAdded++;
      }
      return;
    }
    let draft;
    try {
      draft = validateDraft(row.draft, today);
    } catch (error) {
      if (!(error instanceof AkrabError)) throw error;
      for (const issue of error.issues?.length ? error.issues : [error]) {
        const value = issue.field ? (row.draft as Record<string, unknown>)[issue.field] : undefined;
        report.errors.push({ row: rowNumber, field: issue.field ?? '', reason: issue.messageKey, ...(value ? { value: String(value) } : {}) });
      }
      report.skipped++;
      return;
    }
    write((writer) => insertCustomer(store, writer, draft, { registeredAt: row.registeredAt, outletId }));
    report.imported++;
  };

  let batchWriter: Writer | null = null;
  for (let start = 0; start < sheet.rows.length; start += batchSize) {
    const batch = sheet.rows.slice(start, start + batchSize);
    const snapshot = structuredClone(report);
    try {
      // Rows are validated before any write, so a batch normally commits whole in one transaction.
      transact(store, (writer) => {
        batchWriter = writer;
        batch.forEach((cells, i) => importRow(cells, start + i + 2, false));
      });
    } catch (error) {
      // A write the checks did not foresee failed: the batch rolled back whole; redo it row by row,
      // each row in its own savepoint, so only the offending row is lost.
      if (!(error instanceof AkrabError)) throw error;
      Object.assign(report, snapshot);
      transact(store, () =>
        batch.forEach((cells, i) => {
          try {
            importRow(cells, start + i + 2, true);
          } catch (rowError) {
            if (!(rowError instanceof AkrabError)) throw rowError;
            report.errors.push({ row: start + i + 2, field: rowError.field ?? '', reason: rowError.messageKey });
            report.skipped++;
          }
        }),
      );
    } finally {
      batchWriter = null;
    }
    options.onProgress?.(Math.min(start + batchSize, sheet.rows.length), sheet.rows.length);
  }
  return report;
}
