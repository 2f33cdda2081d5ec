import { readSavedClock, saveClock } from '../clock/savedClock';
import type Database from 'better-sqlite3';
import { erasureMarkerOf } from '../privacy/erasureMarker';
import { forgetEarlierValues } from '../privacy/forgetEarlierValues';
import { recomputeBalancesOfEvents } from '../loyalty/balances';
import type { Store } from '../store/store';
import { COMPACTED, RowLogReader, type LogEntry } from './logCompaction';
import { snapshotBulkApplierFor } from './snapshotBulkApply';
import { parkedValue, ruleColumns, rulesFor, syncTable, type SyncTableInfo, type UniqueRule } from './tables';

/** A change made on another device, as the server hands it out (or as a snapshot reconstitutes it). */
export interface RemoteChange {
  hlc: string;
  deviceId: string;
  table: string;
  rowId: string;
  op: 'upsert' | 'delete';
  data: Record<string, unknown>;
}

export interface ApplyResult {
  /** Changes new to this replica (recorded in the log, fields written where they won). */
  applied: number;
  /** Changes this replica already had: retried pulls and our own echoes. */
  duplicates: number;
  /** A remote stamp was too far ahead of our wall clock to advance our clock past it. */
  clockDriftRefused: boolean;
}

type Row = Record<string, unknown>;

/**
 * THE place where changes from other devices reach the local tables.
 *
 * Every remote change is recorded in `changes` (with pushed_at set, so it is never uploaded again); the log is
 * therefore the per-field clock: a field takes an incoming value only when no change in the log newer than the
 * incoming stamp wrote that field (last writer wins by HLC; the HLC string ends with the device id, which
 * breaks ties). Applying is idempotent (a change already in the log is skipped) and commutative (the result
 * depends only on the set of changes), so every replica converges whatever order changes arrive in.
 * Deletions are tombstones (`deleted_at` is a field like any other). Unique-index collisions between rows
 * written offline on different devices are parked deterministically (see resolveGroup). An erasure's audit
 * entry also makes the log forget the values the erasure replaced (privacy/forgetEarlierValues.ts).
 */
export function applyRemoteChanges(store: Store, changes: readonly RemoteChange[], inTransaction?: () => void): ApplyResult {
  return applyRowGroups(
    store,
    changes.map((change) => ({ table: change.table, rowId: change.rowId, changes: [change] })),
    inTransaction,
  );
}

interface RowGroup {
  table: string;
  rowId: string;
  /** Changes that all concern this one row. */
  changes: readonly RemoteChange[];
}

/** The one transaction both pulls and snapshots go through: apply each row's changes, retry deferred rows, advance the clock. */
function applyRowGroups(store: Store, groups: readonly RowGroup[], inTransaction?: () => void): ApplyResult {
  const applier = applierFor(store);
  return store.sqlite.transaction(() => {
    const appliedAt = store.now().toISOString();
    let applied = 0;
    let duplicates = 0;
    let maxHlc = '';
    // Ledger rows waiting for their customer may be materialised by this apply: their balances follow too.
    const ledgerRows = applier.deferredRows('points_ledger');
    for (const group of groups) {
      const n = applier.applyRow(syncTable(group.table), group.rowId, group.changes, appliedAt);
      applied += n;
      duplicates += group.changes.length - n;
      for (const change of group.changes) if (change.hlc > maxHlc) maxHlc = change.hlc;
    }
    applier.retryDeferred();
    for (const group of groups) if (group.table === 'points_ledger') ledgerRows.push(group.rowId);
    recomputeBalancesOfEvents(store, ledgerRows);
    // An erasure's writes arrived in this page or earlier ones (one device's changes come in its order, the
    // audit entry last): the older values this log holds of the rows it wrote are forgotten here too.
    for (const group of groups) {
      if (group.table !== 'audit_log') continue;
      for (const change of group.changes) {
        const erasure = erasureMarkerOf(change);
        if (erasure) forgetEarlierValues(store, erasure);
      }
    }
    const clockDriftRefused = advanceClock(store, maxHlc);
    inTransaction?.();
    return { applied, duplicates, clockDriftRefused };
  }).immediate();
}

/** A row as a snapshot carries it: each field's latest value and the stamp that wrote it. */
export interface SnapshotRowInput {
  table: string;
  rowId: string;
  fields: Record<string, readonly [unknown, string]>;
}

/**
 * Bootstraps from a server snapshot through the same rules: each row's fields are regrouped into one change
 * per stamp (a compacted history) and applied like pulled changes, so local writes made before the first
 * sync and snapshot rows merge by the same last-writer-wins. Rows that are plainly new to this store take the
 * bulk path first (snapshotBulkApply.ts: same row, same stamps, no merge work); `bulk: false` sends every row
 * the ordinary way.
 */
export function applySnapshotRows(
  store: Store,
  rows: readonly SnapshotRowInput[],
  inTransaction?: () => void,
  options: { bulk?: boolean } = {},
): ApplyResult {
  if (options.bulk === false) return applyRowGroups(store, rows.map(snapshotGroup), inTransaction);
  const bulk = snapshotBulkApplierFor(store);
  try {
    return store.sqlite.transaction(() => {
      const { rest, inserted, newest } = bulk.insertNew(rows);
      let driftRefused = false;
      const result = applyRowGroups(store, rest.map(snapshotGroup), () => {
        driftRefused = advanceClock(store, newest);
        inTransaction?.();
      });
      return { ...result, applied: result.applied + inserted, clockDriftRefused: result.clockDriftRefused || driftRefused };
    }).immediate();
  } catch (error) {
    bulk.forget();
    throw error;
  }
}

function snapshotGroup(row: SnapshotRowInput): RowGroup {
  const byStamp = new Map<string, Row>();
  for (const [column, [value, hlc]] of Object.entries(row.fields)) {
    let data = byStamp.get(hlc);
    if (!data) byStamp.set(hlc, (data = {}));
    data[column] = value;
  }
  const changes: RemoteChange[] = [...byStamp].map(([hlc, data]) => ({
    hlc,
    deviceId: nodeOf(hlc),
    table: row.table,
    rowId: row.rowId,
    op: 'deleted_at' in data && data.deleted_at !== null ? 'delete' : 'upsert',
    data,
  }));
  return { table: row.table, rowId: row.rowId, changes };
}

function nodeOf(hlc: string): string {
  return hlc.slice(hlc.indexOf('Z-') + 7);
}

function advanceClock(store: Store, maxHlc: string): boolean {
  if (!maxHlc) return false;
  let refused = false;
  store.clock.catchUp(readSavedClock(store.sqlite));
  try {
    store.clock.receive(maxHlc);
  } catch {
    // A device with a clock far in the future: its stamps still order deterministically, we just do not
    // drag our own clock after it. Reported to the caller, which surfaces it in the sync status.
    refused = true;
  }
  saveClock(store.sqlite, store.clock.snapshot());
  return refused;
}

const appliers = new WeakMap<Store, Applier>();
function applierFor(store: Store): Applier {
  let applier = appliers.get(store);
  if (!applier) appliers.set(store, (applier = new Applier(store.sqlite)));
  return applier;
}

interface SqliteError extends Error {
  code?: string;
}

class Applier {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly rowLog: RowLogReader;
  private readonly recordChange: Database.Statement;
  private readonly addDeferred: Database.Statement;
  private readonly dropDeferred: Database.Statement;
  private readonly listDeferred: Database.Statement;
  private readonly conflictOf: Database.Statement;
  private readonly upsertConflict: Database.Statement;
  private readonly deleteConflict: Database.Statement;

  constructor(private readonly sqlite: Database.Database) {
    this.rowLog = new RowLogReader(sqlite);
    this.recordChange = sqlite.prepare(
      'INSERT INTO changes (hlc, device_id, table_name, row_id, op, data, pushed_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.addDeferred = sqlite.prepare('INSERT OR IGNORE INTO sync_deferred_rows (table_name, row_id) VALUES (?, ?)');
    this.dropDeferred = sqlite.prepare('DELETE FROM sync_deferred_rows WHERE table_name = ? AND row_id = ?');
    this.listDeferred = sqlite.prepare('SELECT table_name AS tableName, row_id AS rowId FROM sync_deferred_rows');
    this.conflictOf = sqlite.prepare('SELECT value FROM sync_conflicts WHERE table_name = ? AND row_id = ? AND "column" = ?').pluck();
    this.upsertConflict = sqlite.prepare(
      `INSERT INTO sync_conflicts (table_name, row_id, "column", value, claim_hlc, held_by_row_id, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (table_name, row_id, "column") DO UPDATE SET value = excluded.value, claim_hlc = excluded.claim_hlc, held_by_row_id = excluded.held_by_row_id`,
    );
    this.deleteConflict = sqlite.prepare('DELETE FROM sync_conflicts WHERE table_name = ? AND row_id = ? AND "column" = ?');
  }

  /** Applies changes that all concern one row; returns how many were new. */
  applyRow(info: SyncTableInfo, rowId: string, incoming: readonly RemoteChange[], appliedAt: string): number {
    // The row's whole log in one read: it answers "seen already?", "what is newer?" and, for a row not
    // yet in its table, what to build it from. Rows have few changes, so this stays small. Compacted entries
    // (logCompaction.ts) answer the first two alike.
    const log = this.rowLog.read(info.name, rowId);
    const winners: Row = {};
    const winnerStamps = new Map<string, string>();
    let applied = 0;
    for (const change of incoming) {
      if (log.some((l) => l.hlc === change.hlc)) continue;
      const shadowed = new Set<string>();
      for (const l of log) if (l.hlc > change.hlc) for (const column of Object.keys(l.data)) shadowed.add(column);
      this.recordChange.run(change.hlc, change.deviceId, info.name, rowId, change.op, JSON.stringify(change.data), appliedAt);
      log.push({ hlc: change.hlc, data: change.data as Row });
      applied++;
      for (const [column, raw] of Object.entries(change.data)) {
        // Columns this version does not know (a newer app wrote them) stay in the log only.
        if (column === 'id' || !info.columnSet.has(column) || shadowed.has(column)) continue;
        const stamp = winnerStamps.get(column);
        if (stamp === undefined || stamp < change.hlc) {
          winners[column] = sqlValue(raw);
          winnerStamps.set(column, change.hlc);
        }
      }
    }
    if (applied === 0) return 0;
    if (!this.statement(`SELECT 1 FROM ${info.name} WHERE id = ?`).pluck().get(rowId)) this.materialise(info, rowId, log);
    else if (winnerStamps.size > 0) this.updateRow(info, rowId, winners);
    return applied;
  }

  deferredRows(table: string): string[] {
    return (this.listDeferred.all() as { tableName: string; rowId: string }[]).filter((r) => r.tableName === table).map((r) => r.rowId);
  }

  /** Rows that arrived before what they need: try again now that more has arrived. */
  retryDeferred(): void {
    let pending = this.listDeferred.all() as { tableName: string; rowId: string }[];
    while (pending.length > 0) {
      const before = pending.length;
      for (const { tableName, rowId } of pending) {
        const info = syncTable(tableName);
        if (this.statement(`SELECT 1 FROM ${info.name} WHERE id = ?`).pluck().get(rowId)) this.dropDeferred.run(tableName, rowId);
        else this.materialise(info, rowId);
      }
      pending = this.listDeferred.all() as { tableName: string; rowId: string }[];
      if (pending.length >= before) return;
    }
  }

  /** Builds a row that is not in its table yet from every change the log holds for it. */
  private materialise(info: SyncTableInfo, rowId: string, knownLog?: LogEntry[]): void {
    const log = knownLog ?? this.rowLog.read(info.name, rowId);
    if (log.length > 1) log.sort((a, b) => (a.hlc < b.hlc ? -1 : a.hlc > b.hlc ? 1 : 0));
    const row: Row = {};
    // Compaction keeps the entries of rows missing from their table, so no compacted value is needed here.
    for (const { data } of log) {
      for (const [column, value] of Object.entries(data))
        if (info.columnSet.has(column) && value !== COMPACTED) row[column] = sqlValue(value);
    }
    row.id = rowId;
    const rules = rulesFor(info.name);
    const parked: { rule: UniqueRule; value: string; holder: string }[] = [];
    for (const rule of rules) {
      const value = row[rule.column];
      if (typeof value !== 'string') continue;
      const holder = this.holderOf(rule, row, rowId);
      if (holder) {
        parked.push({ rule, value, holder });
        row[rule.column] = parkedValue(value, rowId);
      }
    }
    const columns = Object.keys(row);
    try {
      this.statement(`INSERT INTO ${info.name} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(
        ...Object.values(row),
      );
    } catch (error) {
      const code = (error as SqliteError).code;
      if (code === 'SQLITE_CONSTRAINT_NOTNULL' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        this.addDeferred.run(info.name, rowId);
        return;
      }
      throw error;
    }
    this.dropDeferred.run(info.name, rowId);
    for (const { rule, value, holder } of parked)
      this.upsertConflict.run(info.name, rowId, rule.column, value, '', holder, new Date().toISOString());
    for (const rule of rules) this.resolveGroup(rule, this.trueKey(rule, this.readRow(info, rowId)!, rowId));
  }

  private updateRow(info: SyncTableInfo, rowId: string, winners: Row): void {
    const rules = rulesFor(info.name).filter((rule) => ruleColumns(rule).some((column) => column in winners));
    if (rules.length === 0) {
      this.writeFields(info, rowId, winners);
      return;
    }
    const before = this.readRow(info, rowId)!;
    const oldKeys = rules.map((rule) => this.trueKey(rule, before, rowId));
    const values: Row = { ...winners };
    const newKeys = rules.map((rule, i) => {
      const trueRow = { ...before, [rule.column]: oldKeys[i]!.value, ...winners };
      const key = this.trueKey(rule, trueRow, rowId, false);
      if (key.value !== null) {
        const holder = this.holderOf(rule, trueRow, rowId);
        if (holder) {
          values[rule.column] = parkedValue(key.value, rowId);
          this.upsertConflict.run(info.name, rowId, rule.column, key.value, '', holder, new Date().toISOString());
        } else {
          values[rule.column] = key.value;
          this.deleteConflict.run(info.name, rowId, rule.column);
        }
      } else {
        values[rule.column] = trueRow[rule.column];
        this.deleteConflict.run(info.name, rowId, rule.column);
      }
      return key;
    });
    this.writeFields(info, rowId, values);
    rules.forEach((rule, i) => {
      this.resolveGroup(rule, newKeys[i]!);
      if (!sameKey(oldKeys[i]!, newKeys[i]!)) this.resolveGroup(rule, oldKeys[i]!);
    });
  }

  /**
   * Decides who keeps a unique value when several rows claim it: the row whose claim (the newest write to
   * the value or its scope) has the lowest stamp, i.e. the first card issued keeps the number. The others
   * hold a parked placeholder and wait in sync_conflicts. Depends only on the claims, so all replicas agree.
   */
  private resolveGroup(rule: UniqueRule, key: GroupKey): void {
    if (key.value === null) return;
    const info = syncTable(rule.table);
    const where = rule.scope.map((c) => ` AND t.${c} IS ?`).join('');
    const holder = this.statement(`SELECT t.id FROM ${info.name} t WHERE t.${rule.column} = ?${where}`)
      .pluck()
      .get(key.value, ...key.scope) as string | undefined;
    const parked = this.statement(
      `SELECT c.row_id FROM sync_conflicts c JOIN ${info.name} t ON t.id = c.row_id
       WHERE c.table_name = '${info.name}' AND c."column" = '${rule.column}' AND c.value = ? AND t.${rule.column} = c.value || '#' || c.row_id${where}`,
    )
      .pluck()
      .all(key.value, ...key.scope) as string[];
    if (parked.length === 0) return;
    const claimants = [...(holder ? [holder] : []), ...parked].map((id) => ({ id, claim: this.claimStamp(rule, id) }));
    claimants.sort((a, b) => (a.claim < b.claim ? -1 : a.claim > b.claim ? 1 : a.id < b.id ? -1 : 1));
    const winner = claimants[0]!;
    const now = new Date().toISOString();
    const setColumn = this.statement(`UPDATE ${info.name} SET ${rule.column} = ? WHERE id = ?`);
    for (const loser of claimants.slice(1)) {
      if (loser.id === holder) setColumn.run(parkedValue(key.value, loser.id), loser.id);
      this.upsertConflict.run(info.name, loser.id, rule.column, key.value, loser.claim, winner.id, now);
    }
    if (winner.id !== holder) {
      setColumn.run(key.value, winner.id);
      this.deleteConflict.run(info.name, winner.id, rule.column);
    }
  }

  private claimStamp(rule: UniqueRule, rowId: string): string {
    const columns = ruleColumns(rule);
    let claim = '';
    for (const { hlc, data } of this.rowLog.read(rule.table, rowId)) if (hlc > claim && columns.some((c) => c in data)) claim = hlc;
    return claim;
  }

  /** The row (other than rowId) that currently holds the given unique value in the table. */
  private holderOf(rule: UniqueRule, row: Row, rowId: string): string | undefined {
    const where = rule.scope.map((c) => ` AND ${c} IS ?`).join('');
    return this.statement(`SELECT id FROM ${rule.table} WHERE ${rule.column} = ?${where} AND id <> ?`)
      .pluck()
      .get(row[rule.column], ...rule.scope.map((c) => row[c]), rowId) as string | undefined;
  }

  /** The group a row claims: its scope values and its true (unparked) value. */
  private trueKey(rule: UniqueRule, row: Row, rowId: string, unpark = true): GroupKey {
    let value = row[rule.column];
    if (unpark && typeof value === 'string') {
      const parkedAs = this.conflictOf.get(rule.table, rowId, rule.column) as string | undefined;
      if (parkedAs !== undefined && value === parkedValue(parkedAs, rowId)) value = parkedAs;
    }
    return { scope: rule.scope.map((c) => row[c]), value: typeof value === 'string' ? value : null };
  }

  private readRow(info: SyncTableInfo, rowId: string): Row | undefined {
    return this.statement(`SELECT * FROM ${info.name} WHERE id = ?`).get(rowId) as Row | undefined;
  }

  private writeFields(info: SyncTableInfo, rowId: string, values: Row): void {
    const columns = Object.keys(values);
    this.statement(`UPDATE ${info.name} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(
      ...Object.values(values),
      rowId,
    );
  }

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.sqlite.prepare(sql)));
    return statement;
  }
}

interface GroupKey {
  scope: unknown[];
  value: string | null;
}

function sameKey(a: GroupKey, b: GroupKey): boolean {
  return a.value === b.value && a.scope.every((v, i) => v === b.scope[i]);
}

/** A value as SQLite stores it (booleans as 0/1). */
export function sqlValue(value: unknown): unknown {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}
