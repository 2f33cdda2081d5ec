import type Database from 'better-sqlite3';
import { writeRuleOf } from '../authority/writeRules';
import { readSetting, writeSetting, type Store } from '../store/store';
import { syncedTableOrder } from './protocol';
import { syncTable } from './tables';

/**
 * Compaction of the device's change log (issue 20). The log is the per-field clock of last-writer-wins: an
 * incoming change takes a field only if no change in the log newer than it wrote that field. Once the server has
 * acknowledged a row's changes (pushed, or pulled from it), their payloads are no longer needed — the values are in
 * the row — so a row's acknowledged entries are folded into one `row_stamps` entry: for each column, the newest
 * stamp that wrote it, grouped by stamp. "Is a newer stamp in the log for this field?" then answers exactly as
 * before, and a stamp that no longer wins any field is dropped (a re-delivered copy of it would lose every field).
 *
 * What stays in `changes`: pending changes (they still have to go up), rows not yet in their table (a deferred
 * row is rebuilt from its log's values), and the tables whose changes the server may refuse (a refused change is
 * reverted to the values the rest of the log holds: revertRefused.ts). The server still refuses a few changes of
 * `device` tables (a card's status, a customer's tombstone); their refusal carries the server's values of the
 * fields, since the log here no longer does. Erasure needs nothing more: a compacted entry holds no old value to
 * forget.
 *
 * Each step is one transaction that moves the entries and the progress mark together, so a crash at any point
 * leaves either the step done or not begun.
 */

const WATERMARK = 'log_compaction_seq';
/** The newest stamp ever compacted: `changes` alone no longer says what the newest write in the store is. */
const NEWEST = 'log_compaction_newest';

/** A compacted entry's field has a stamp but no value: the value is the row's, or a newer write's. */
export const COMPACTED: unique symbol = Symbol('compacted');

type Row = Record<string, unknown>;
export interface LogEntry {
  hlc: string;
  data: Row;
  compacted?: true;
}

const compactable = new Set<string>(syncedTableOrder.filter((table) => writeRuleOf(table) === 'device'));

/** Whether this table's acknowledged changes are compacted (a `device` table: refused rarely, with the server's values). */
export function isCompactable(table: string): boolean {
  return compactable.has(table);
}

/** Parses a `stamps` value: `<hlc>/<set id>` entries separated by spaces. */
function decodeStamps(stamps: string): [string, number][] {
  return stamps.split(' ').map((entry) => {
    const slash = entry.lastIndexOf('/');
    return [entry.slice(0, slash), Number(entry.slice(slash + 1))];
  });
}

/** Reads a row's log: its entries in `changes` and, when compacted, one entry per stamp that still wins a field. */
export class RowLogReader {
  private readonly fromChanges: Database.Statement;
  private readonly fromStamps: Database.Statement;
  private readonly columnSets = new Map<number, string[]>();
  private readonly readSet: Database.Statement;

  constructor(sqlite: Database.Database) {
    this.fromChanges = sqlite.prepare('SELECT hlc, data FROM changes WHERE table_name = ? AND row_id = ?');
    this.fromStamps = sqlite.prepare('SELECT stamps FROM row_stamps WHERE table_name = ? AND row_id = ?').pluck();
    this.readSet = sqlite.prepare('SELECT columns FROM log_column_sets WHERE id = ?').pluck();
  }

  /** Every entry of the row, in no particular order. */
  read(table: string, rowId: string): LogEntry[] {
    const log: LogEntry[] = (this.fromChanges.all(table, rowId) as { hlc: string; data: string }[]).map((l) => ({
      hlc: l.hlc,
      data: JSON.parse(l.data) as Row,
    }));
    const stamps = this.fromStamps.get(table, rowId) as string | undefined;
    if (stamps) for (const [hlc, set] of decodeStamps(stamps)) log.push(this.compactedEntry(hlc, set));
    return log;
  }

  /** The newest stamp in the row's compacted entry (they are stored newest first), or null. */
  newestCompacted(table: string, rowId: string): string | null {
    const stamps = this.fromStamps.get(table, rowId) as string | undefined;
    return stamps ? stamps.slice(0, stamps.indexOf('/')) : null;
  }

  forgetColumnSets(): void {
    this.columnSets.clear();
  }

  columnsOf(set: number): string[] {
    let columns = this.columnSets.get(set);
    if (!columns) {
      const text = this.readSet.get(set) as string | undefined;
      if (text === undefined) throw new Error(`log column set ${set} is missing`);
      this.columnSets.set(set, (columns = text === '' ? [] : text.split(',')));
    }
    return columns;
  }

  private compactedEntry(hlc: string, set: number): LogEntry {
    const data: Row = {};
    for (const column of this.columnsOf(set)) data[column] = COMPACTED;
    return { hlc, data, compacted: true };
  }
}

export interface CompactionStep {
  /** Log entries folded into row_stamps. */
  entries: number;
  /** Rows whose stamps were written. */
  rows: number;
  /** Nothing acknowledged is left to look at (until the next sync). */
  done: boolean;
}

const compactors = new WeakMap<Store, Compactor>();

/** One step: looks at up to `limit` acknowledged log entries after the progress mark and compacts their rows. */
export function compactLogStep(store: Store, limit = 500): CompactionStep {
  let compactor = compactors.get(store);
  if (!compactor) compactors.set(store, (compactor = new Compactor(store.sqlite)));
  return compactor.step(limit);
}

/**
 * Compacts the whole acknowledged log a step at a time, yielding to the event loop between steps so the app's
 * other work goes on; stops when done or after `budgetMs`. Returns what it did.
 */
export async function compactLog(store: Store, options: { budgetMs?: number; stepLimit?: number } = {}): Promise<CompactionStep> {
  const started = performance.now();
  const total: CompactionStep = { entries: 0, rows: 0, done: false };
  for (;;) {
    const step = compactLogStep(store, options.stepLimit);
    total.entries += step.entries;
    total.rows += step.rows;
    if (step.done) return { ...total, done: true };
    if (options.budgetMs !== undefined && performance.now() - started > options.budgetMs) return total;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Gives free pages back to the file system, a few at a time (stores made with incremental auto-vacuum; older
 * stores reuse their free pages instead). Returns the pages freed.
 */
export function releaseFreePages(store: Store, pages = 2048): number {
  const s = store.sqlite;
  if (s.pragma('auto_vacuum', { simple: true }) !== 2) return 0;
  const before = s.pragma('freelist_count', { simple: true }) as number;
  if (before === 0) return 0;
  s.pragma(`incremental_vacuum(${pages})`);
  return before - (s.pragma('freelist_count', { simple: true }) as number);
}

/** The newest stamp the store holds, compacted or not (restore compares it with a backup's). */
export function newestStamp(sqlite: Database.Database): string | null {
  const inLog = sqlite.prepare('SELECT max(hlc) FROM changes').pluck().get() as string | null;
  const compacted = readSetting(sqlite, NEWEST);
  if (inLog === null) return compacted;
  return compacted !== null && compacted > inLog ? compacted : inLog;
}

/** Records the newest stamp ever compacted (for `newestStamp`), when `hlc` is newer than it. */
export function noteNewestCompacted(sqlite: Database.Database, hlc: string): void {
  const known = readSetting(sqlite, NEWEST);
  if (known === null || hlc > known) writeSetting(sqlite, NEWEST, hlc);
}

/**
 * Writes a row's compacted entry from the newest stamp of each of its columns: grouped by stamp, newest first,
 * each group's columns named once in log_column_sets. Shared by compaction and the bootstrap's bulk apply, so a
 * row gets the same entry either way.
 */
export class StampEncoder {
  private readonly setIdOf: Database.Statement;
  private readonly addSet: Database.Statement;
  private readonly saveStamps: Database.Statement;
  private readonly setIds = new Map<string, number>();

  constructor(sqlite: Database.Database) {
    this.saveStamps = sqlite.prepare(
      'INSERT INTO row_stamps (table_name, row_id, stamps) VALUES (?, ?, ?) ON CONFLICT (table_name, row_id) DO UPDATE SET stamps = excluded.stamps',
    );
    this.setIdOf = sqlite.prepare('SELECT id FROM log_column_sets WHERE table_name = ? AND columns = ?').pluck();
    this.addSet = sqlite.prepare('INSERT INTO log_column_sets (table_name, columns) VALUES (?, ?)');
  }

  /** Saves the entry (nothing when no column has a stamp); returns its newest stamp, or ''. `id` is never stamped. */
  save(tableName: string, rowId: string, newestOf: ReadonlyMap<string, string>): string {
    const byStamp = new Map<string, string[]>();
    for (const [column, hlc] of newestOf) {
      if (column === 'id') continue;
      let columns = byStamp.get(hlc);
      if (!columns) byStamp.set(hlc, (columns = []));
      columns.push(column);
    }
    if (byStamp.size === 0) return '';
    const ordered = [...byStamp].sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0));
    this.saveStamps.run(
      tableName,
      rowId,
      ordered.map(([hlc, columns]) => `${hlc}/${this.setId(tableName, columns.sort().join(','))}`).join(' '),
    );
    return ordered[0]![0];
  }

  /** A rolled-back transaction may have added sets whose ids get reused: forget what was cached. */
  forget(): void {
    this.setIds.clear();
  }

  private setId(tableName: string, columns: string): number {
    const key = `${tableName}\n${columns}`;
    let id = this.setIds.get(key);
    if (id === undefined) {
      id = this.setIdOf.get(tableName, columns) as number | undefined;
      if (id === undefined) id = Number(this.addSet.run(tableName, columns).lastInsertRowid);
      this.setIds.set(key, id);
    }
    return id;
  }
}

class Compactor {
  private readonly reader: RowLogReader;
  private readonly encoder: StampEncoder;
  private readonly firstPending: Database.Statement;
  private readonly scan: Database.Statement;
  private readonly acknowledged: Database.Statement;
  private readonly drop: Database.Statement;
  private readonly deferred: Database.Statement;
  private readonly stampsOf: Database.Statement;
  private readonly exists = new Map<string, Database.Statement>();

  constructor(private readonly sqlite: Database.Database) {
    this.reader = new RowLogReader(sqlite);
    this.firstPending = sqlite.prepare('SELECT min(seq) FROM changes WHERE pushed_at IS NULL').pluck();
    this.scan = sqlite.prepare(
      'SELECT seq, table_name AS tableName, row_id AS rowId FROM changes WHERE seq > ? AND seq < ? ORDER BY seq LIMIT ?',
    );
    this.acknowledged = sqlite.prepare('SELECT hlc, data FROM changes WHERE table_name = ? AND row_id = ? AND pushed_at IS NOT NULL');
    this.drop = sqlite.prepare('DELETE FROM changes WHERE table_name = ? AND row_id = ? AND pushed_at IS NOT NULL');
    this.deferred = sqlite.prepare('SELECT 1 FROM sync_deferred_rows WHERE table_name = ? AND row_id = ?').pluck();
    this.stampsOf = sqlite.prepare('SELECT stamps FROM row_stamps WHERE table_name = ? AND row_id = ?').pluck();
    this.encoder = new StampEncoder(sqlite);
  }

  step(limit: number): CompactionStep {
    try {
      return this.stepInTransaction(limit);
    } catch (error) {
      this.encoder.forget();
      this.reader.forgetColumnSets();
      throw error;
    }
  }

  private stepInTransaction(limit: number): CompactionStep {
    return this.sqlite.transaction((): CompactionStep => {
      const from = Number(readSetting(this.sqlite, WATERMARK) ?? 0);
      // Pending changes go up in log order, so everything before the first pending one has been acknowledged.
      const firstPending = this.firstPending.get() as number | null;
      const scanned = this.scan.all(from, firstPending ?? Number.MAX_SAFE_INTEGER, limit) as {
        seq: number;
        tableName: string;
        rowId: string;
      }[];
      if (scanned.length === 0) return { entries: 0, rows: 0, done: true };
      const rows = new Map<string, { tableName: string; rowId: string }>();
      for (const entry of scanned) rows.set(`${entry.tableName}\n${entry.rowId}`, entry);
      let entries = 0;
      let compactedRows = 0;
      let newest = readSetting(this.sqlite, NEWEST) ?? '';
      for (const { tableName, rowId } of rows.values()) {
        if (!this.eligible(tableName, rowId)) continue;
        const result = this.compactRow(tableName, rowId);
        entries += result.entries;
        compactedRows++;
        if (result.newest > newest) newest = result.newest;
      }
      writeSetting(this.sqlite, WATERMARK, String(scanned[scanned.length - 1]!.seq));
      if (newest) writeSetting(this.sqlite, NEWEST, newest);
      return { entries, rows: compactedRows, done: scanned.length < limit };
    }).immediate();
  }

  private eligible(tableName: string, rowId: string): boolean {
    if (!compactable.has(tableName) || this.deferred.get(tableName, rowId)) return false;
    let exists = this.exists.get(tableName);
    if (!exists)
      this.exists.set(tableName, (exists = this.sqlite.prepare(`SELECT 1 FROM ${syncTable(tableName).name} WHERE id = ?`).pluck()));
    return exists.get(rowId) !== undefined;
  }

  /** Folds the row's acknowledged entries into its row_stamps entry: per column, the newest stamp that wrote it. */
  private compactRow(tableName: string, rowId: string): { entries: number; newest: string } {
    const log = this.acknowledged.all(tableName, rowId) as { hlc: string; data: string }[];
    const newestOf = new Map<string, string>();
    const note = (column: string, hlc: string) => {
      if (column === 'id') return;
      const known = newestOf.get(column);
      if (known === undefined || known < hlc) newestOf.set(column, hlc);
    };
    const existing = this.stampsOf.get(tableName, rowId) as string | undefined;
    if (existing) for (const [hlc, set] of decodeStamps(existing)) for (const column of this.reader.columnsOf(set)) note(column, hlc);
    for (const { hlc, data } of log) for (const column of Object.keys(JSON.parse(data) as Row)) note(column, hlc);

    const newest = this.encoder.save(tableName, rowId, newestOf);
    this.drop.run(tableName, rowId);
    return { entries: log.length, newest };
  }
}
