import { cards, customers, phones, purchases } from '../../../db/schema';
import { AkrabError } from '../../../shared/errors';
import { normalizeCardNo } from '../../../shared/card';
import { newId } from '../ids';
import { reverseDigits } from '../../../shared/phone';
import { searchableName } from '../../../shared/text';
import { customerQueries } from '../customers/readModel';
import { cardTaken, newCustomerRows, writeCustomerRows, type NewCustomerRows } from '../customers/registerCustomer';
import { validateDraft } from '../customers/validateDraft';
import { earnForPurchaseRow, earnForPurchaseRows } from '../loyalty/earn';
import { ensureOutlet, outletByCode, outletById, type OutletRow } from '../outlets/outlets';
import { wallClockInstant } from '../../../shared/time';
import type { Store } from '../store/store';
import { withPageCache } from '../store/pageCache';
import { transact, type NewRow, type Writer } from '../store/writer';
import { canonicalHeader, mapHeaders, type ImportField } from './headerAliases';
import { readRows, type SheetRows } from './readRows';
import { rowToDraft, withPhones, type ImportRow } from './rowToDraft';

export interface ImportError {
  /** Spreadsheet row number (the header is row 1). */
  row: number;
  field: string;
  reason: string;
  value?: string;
}

/**
 * A row whose card is already a customer's (in the store, or from an earlier row of the file) while the row names
 * someone else: another name, or phones none of which the customer has. The customer is left as it is; the row's
 * purchase, if new, still goes to the card's customer, as a purchase on that card does at the till. Worth a look:
 * a card typed wrong in the old system, or a card passed on.
 */
export interface ImportWarning {
  /** Spreadsheet row number (the header is row 1). */
  row: number;
  /** Message key (another name; or the same name with other phones); the fields below fill it. */
  reason: 'warning.import_card_other_name' | 'warning.import_card_other_phone';
  cardNo: string;
  /** The name as the row writes it. */
  name: string;
  /** The name of the customer the card belongs to. */
  existingName: string;
  /** The row's first phone and the customer's, when they differ (E.164 where the row's can be read). */
  phone?: string;
  existingPhone?: string;
}

export interface ImportReport {
  imported: number;
  /** Rows not imported: rows with errors plus rows whose card is already in the store. */
  skipped: number;
  alreadyPresent: number;
  purchasesAdded: number;
  errors: ImportError[];
  /** Rows counted in alreadyPresent whose card belongs to a customer of another name or phone. */
  warnings: ImportWarning[];
  /** How each column of the file was read: the field it fills, or null when it was ignored. */
  columns: { header: string; field: ImportField | null }[];
  /** Outlet codes the file named that the store did not know: added (in WIB), and worth a look for typos. */
  outletsAdded: string[];
}

export interface ImportOptions {
  /** Outlet for rows that name none. */
  outletCode?: string;
  batchSize?: number;
  /** The column to read a field from, when no alias names it. */
  columns?: Partial<Record<ImportField, string>>;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Rows per transaction. A commit writes every page its batch dirtied (to the WAL, then again at the checkpoint), and
 * a batch's purchases land at random places of the purchase indexes and the customer totals, so small batches write
 * those pages again and again: into a 100k-customer store, 65,000 rows in batches of 5,000 wrote 1.6 GB, in batches of
 * 20,000 1.06 GB. A crash still loses at most the open batch, and a re-run skips what was committed.
 */
const IMPORT_BATCH_ROWS = 20_000;
/** Room for a batch's dirty pages (~160 MB for 20,000 rows into that store), so none is spilled mid-batch. */
const IMPORT_PAGE_CACHE_MIB = 256;

export async function importCustomersFile(store: Store, file: string, options: ImportOptions = {}): Promise<ImportReport> {
  return importSheet(store, await readRows(file), options);
}

/**
 * Imports legacy rows: each becomes a customer with its card and phone (and a purchase where it has an invoice).
 * A row is written whole or not at all; a row whose card exists already adds only a purchase it does not have,
 * so importing the same file twice adds nothing. Batches commit one by one: a crash loses at most the open batch.
 */
export function importSheet(store: Store, sheet: SheetRows, options: ImportOptions = {}): ImportReport {
  const fields = mapHeaders(sheet.headers, options.columns);
  const unknown = Object.entries(options.columns ?? {}).filter(([, header]) => !sheet.headers.some((h) => canonicalHeader(h) === canonicalHeader(header!)));
  if (unknown.length)
    throw new AkrabError({ code: 'validation', field: 'columns', messageKey: 'error.import_column_not_found', params: { columns: unknown.map(([, h]) => h).join(', '), found: sheet.headers.join(', ') } });
  const missing = (['cardNo', 'fullName', 'phone'] as const).filter((f) => !fields.includes(f));
  if (missing.length)
    throw new AkrabError({ code: 'validation', field: missing.join(','), messageKey: 'error.import_missing_columns', params: { columns: missing.join(', '), found: sheet.headers.join(', ') } });

  const report: ImportReport = {
    imported: 0,
    skipped: 0,
    alreadyPresent: 0,
    purchasesAdded: 0,
    errors: [],
    warnings: [],
    columns: sheet.headers.map((header, i) => ({ header, field: fields[i] ?? null })),
    outletsAdded: [],
  };
  const today = store.now().toISOString().slice(0, 10);
  const outlets = new Map<string, OutletRow>();
  const deviceOutlet = store.outletId ? outletById(store, store.outletId) : null;
  const outletFor = (code: string | undefined): OutletRow | null => {
    const wanted = (code ?? options.outletCode)?.trim().toUpperCase();
    if (!wanted) return deviceOutlet;
    let outlet = outlets.get(wanted);
    if (!outlet) {
      const known = outletByCode(store, wanted);
      outlet = known ?? ensureOutlet(store, wanted);
      if (!known) report.outletsAdded.push(outlet.code);
      outlets.set(wanted, outlet);
    }
    return outlet;
  };
  const invoiceExists = store.sqlite.prepare(`SELECT 1 FROM purchases WHERE customer_id = ? AND invoice_no = ? AND deleted_at IS NULL`).pluck();
  const queries = customerQueries(store);
  const customerName = store.sqlite.prepare(`SELECT full_name FROM customers WHERE id = ?`).pluck();
  const customerPhones = store.sqlite.prepare(`SELECT e164 FROM phones WHERE customer_id = ? AND deleted_at IS NULL ORDER BY created_at`).pluck();
  // A zone's offset comes from Intl (~15 µs a call); a legacy file has a few thousand distinct days for 65,000 rows.
  const instants = new Map<string, string>();
  const instantOf = (day: string, time: string | null, zone: string, offsetMinutes: number | null) => {
    const key = `${day} ${time} ${zone} ${offsetMinutes}`;
    let instant = instants.get(key);
    if (instant === undefined) instants.set(key, (instant = wallClockInstant(day, time, zone, offsetMinutes).toISOString()));
    return instant;
  };
  const batchSize = options.batchSize ?? IMPORT_BATCH_ROWS;

  /**
   * Checks one row and hands its writes to `sink`; the checks see the rows the sink holds already,
   * so a card twice in one batch is caught as it would be across batches.
   */
  const importRow = (cells: string[], rowNumber: number, sink: RowSink) => {
    const row = rowToDraft(fields, cells);
    if (row.problems.length) {
      report.errors.push(...row.problems.map((p) => ({ row: rowNumber, field: p.field, reason: p.messageKey, value: p.value })));
      report.skipped++;
      return;
    }
    let outlet: OutletRow | null;
    try {
      outlet = outletFor(row.outletCode);
    } catch (error) {
      if (!(error instanceof AkrabError)) throw error;
      report.errors.push({ row: rowNumber, field: 'outlet', reason: error.messageKey, ...(row.outletCode && { value: row.outletCode }) });
      report.skipped++;
      return;
    }
    const outletId = outlet?.id ?? null;
    // A time written without a zone is the outlet's wall clock; a day alone is its midnight.
    const registeredAt = row.registered
      ? instantOf(row.registered.day, row.registered.time, outlet?.time_zone ?? 'Asia/Jakarta', row.registered.offsetMinutes)
      : undefined;
    const cardNo = row.draft.cardNo ? normalizeCardNo(row.draft.cardNo) : undefined;
    const pending = cardNo ? sink.customerByCard(cardNo) : undefined;
    const existingId = pending?.id ?? (cardNo ? (queries.customerIdByCard.get(cardNo) as string | undefined) : undefined);
    if (existingId) {
      report.alreadyPresent++;
      report.skipped++;
      const existing = pending ?? { fullName: customerName.get(existingId) as string, phones: customerPhones.all(existingId) as string[] };
      const warning = otherCustomer(row, existing);
      if (warning) report.warnings.push({ row: rowNumber, cardNo: cardNo!, ...warning });
      const invoiceNo = row.draft.invoiceNo?.trim();
      if (invoiceNo && !sink.hasInvoice(existingId, invoiceNo) && !invoiceExists.get(existingId, invoiceNo)) {
        const at = registeredAt ?? store.now().toISOString();
        sink.addPurchase({ id: newId(), createdAt: at, customerId: existingId, invoiceNo, outletId, purchasedAt: at, amount: typeof row.draft.amount === 'number' ? row.draft.amount : 0, mainProduct: row.draft.mainProduct ?? null });
        report.purchasesAdded++;
      }
      return;
    }
    const { draft: written, otherPhones } = withPhones(row);
    let draft;
    try {
      draft = validateDraft(written, today);
      if (queries.cardNumberUsed.get(draft.cardNo)) throw cardTaken(store, draft.cardNo);
    } catch (error) {
      if (!(error instanceof AkrabError)) throw error;
      for (const issue of error.issues?.length ? error.issues : [error]) {
        const value = issue.field ? (written as Record<string, unknown>)[issue.field] : undefined;
        report.errors.push({ row: rowNumber, field: issue.field ?? '', reason: issue.messageKey, ...(value ? { value: String(value) } : {}) });
      }
      report.skipped++;
      return;
    }
    const rows = newCustomerRows(store, draft, { registeredAt, outletId }, store.now().toISOString());
    rows.otherPhones = otherPhones.map((p) => ({ id: newId(), createdAt: rows.phone.createdAt, customerId: rows.customer.id, e164: p.e164, digitsReversed: reverseDigits(p.national) }));
    sink.addCustomer(rows);
    report.imported++;
  };

  withPageCache(store, IMPORT_PAGE_CACHE_MIB, () => {
    for (let start = 0; start < sheet.rows.length; start += batchSize) {
      const batch = sheet.rows.slice(start, start + batchSize);
      const snapshot = structuredClone(report);
      try {
        // Rows are checked before any write, so a batch normally commits whole in one transaction,
        // written table by table with multi-row statements.
        transact(store, (writer) => {
          const pending = new PendingRows();
          batch.forEach((cells, i) => importRow(cells, sheet.rowNumbers?.[start + i] ?? start + i + 2, pending));
          pending.writeAll(writer, store);
        });
      } catch (error) {
        // A write the checks did not foresee failed: the batch rolled back whole; redo it row by row,
        // each row in its own savepoint, so only the offending row is lost.
        if (!(error instanceof AkrabError) && !isConstraintError(error)) throw error;
        Object.assign(report, snapshot);
        // Outlets the batch added were rolled back with it.
        outlets.clear();
        transact(store, () =>
          batch.forEach((cells, i) => {
            try {
              transact(store, (writer) => importRow(cells, sheet.rowNumbers?.[start + i] ?? start + i + 2, new ImmediateRows(store, writer)));
            } catch (rowError) {
              if (!(rowError instanceof AkrabError)) throw rowError;
              report.errors.push({ row: sheet.rowNumbers?.[start + i] ?? start + i + 2, field: rowError.field ?? '', reason: rowError.messageKey });
              report.skipped++;
            }
          }),
        );
      }
      options.onProgress?.(Math.min(start + batchSize, sheet.rows.length), sheet.rows.length);
    }
  });
  return report;
}

type NewPurchase = NewRow<typeof purchases>;

interface CardCustomer {
  id: string;
  fullName: string;
  /** E.164, first one first. */
  phones: string[];
}

/**
 * How a row differs from the customer its card belongs to, or null when it names the same person: the same name
 * once case, accents and punctuation are set aside, and (when the row has a readable phone) one phone in common.
 */
function otherCustomer(row: ImportRow, existing: Pick<CardCustomer, 'fullName' | 'phones'>): Omit<ImportWarning, 'row' | 'cardNo'> | null {
  const name = row.draft.fullName.trim();
  const sameName = !name || searchableName(name) === searchableName(existing.fullName);
  // A phone that cannot be read says nothing either way (withPhones keeps it as written, not in E.164).
  const phones = row.phoneCells.length ? withPhones(row) : null;
  const rowPhones = phones ? [phones.draft.phone, ...phones.otherPhones.map((p) => p.e164)].filter((p) => p.startsWith('+')) : [];
  const samePhone = rowPhones.length === 0 || rowPhones.some((p) => existing.phones.includes(p));
  if (sameName && samePhone) return null;
  return {
    reason: sameName ? 'warning.import_card_other_phone' : 'warning.import_card_other_name',
    name: name || existing.fullName,
    existingName: existing.fullName,
    ...(!samePhone && { phone: rowPhones[0]!, ...(existing.phones[0] && { existingPhone: existing.phones[0] }) }),
  };
}

/** Where a checked row's writes go: held for one bulk write per batch, or written at once. */
interface RowSink {
  /** A customer an earlier row of the open batch registered with the card. */
  customerByCard(cardNo: string): CardCustomer | undefined;
  hasInvoice(customerId: string, invoiceNo: string): boolean;
  addCustomer(rows: NewCustomerRows): void;
  addPurchase(row: NewPurchase): void;
}

class PendingRows implements RowSink {
  private readonly customers: NewCustomerRows[] = [];
  private readonly extraPurchases: NewPurchase[] = [];
  private readonly byCard = new Map<string, CardCustomer>();
  private readonly invoices = new Set<string>();

  customerByCard(cardNo: string): CardCustomer | undefined {
    return this.byCard.get(cardNo);
  }

  hasInvoice(customerId: string, invoiceNo: string): boolean {
    return this.invoices.has(`${customerId}\n${invoiceNo}`);
  }

  addCustomer(rows: NewCustomerRows): void {
    this.customers.push(rows);
    this.byCard.set(rows.card.cardNo, {
      id: rows.customer.id,
      fullName: rows.customer.fullName,
      phones: [rows.phone.e164, ...(rows.otherPhones ?? []).map((p) => p.e164)],
    });
    if (rows.purchase?.invoiceNo) this.invoices.add(`${rows.customer.id}\n${rows.purchase.invoiceNo}`);
  }

  addPurchase(row: NewPurchase): void {
    this.extraPurchases.push(row);
    this.invoices.add(`${row.customerId}\n${row.invoiceNo}`);
  }

  writeAll(writer: Writer, store: Store): void {
    writer.insertMany(customers, this.customers.map((c) => c.customer));
    writer.insertMany(cards, this.customers.map((c) => c.card));
    writer.insertMany(phones, this.customers.flatMap((c) => [c.phone, ...(c.otherPhones ?? [])]));
    const rows = [...this.customers.flatMap((c) => (c.purchase ? [c.purchase] : [])), ...this.extraPurchases];
    writer.insertMany(purchases, rows);
    // A legacy purchase earns as a counter's would, under the rule in force on its day (none before the programme).
    earnForPurchaseRows(store, writer, rows);
  }
}

class ImmediateRows implements RowSink {
  constructor(
    private readonly store: Store,
    private readonly writer: Writer,
  ) {}

  customerByCard(): undefined {
    return undefined;
  }

  hasInvoice(): boolean {
    return false;
  }

  addCustomer(rows: NewCustomerRows): void {
    writeCustomerRows(this.writer, rows);
    if (rows.purchase) earnForPurchaseRow(this.store, this.writer, rows.purchase);
  }

  addPurchase(row: NewPurchase): void {
    this.writer.insert(purchases, row);
    earnForPurchaseRow(this.store, this.writer, row);
  }
}

function isConstraintError(error: unknown): boolean {
  return error instanceof Error && String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_CONSTRAINT');
}
