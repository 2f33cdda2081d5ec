import { signBalanceRead } from '../authority/signing';
import { hostname } from 'node:os';
import type { Store } from '../store/store';
import { applyRemoteChanges, applySnapshotRows } from './applyRemoteChanges';
import { countSyncConflicts } from './conflicts';
import { AUTHORITY_KEYS_FIELD } from '../authority/signing';
import { MAX_PUSH_BATCH, MAX_SNAPSHOT_ROWS, type OutgoingChange, type SyncedTableSqlName } from './protocol';
import { revertRefused } from './revertRefused';
import { enterBulkBootstrap, restoreAfterBulkBootstrap } from './bulkBootstrapMode';
import { compactLog, releaseFreePages } from './logCompaction';
import { SyncClient, SyncError } from './syncClient';
import { secretSettingSealedElsewhere } from '../store/secretBox';
import { readServerCa, saveServerCa } from './serverTrust';
import {
  pendingChangeCount,
  readSyncState,
  saveCursor,
  saveEnrolment,
  saveLastSyncAt,
  saveServerUrl,
  saveSnapshotProgress,
  forgetCursor,
  keys as syncStateKeys,
} from './syncState';

export interface SyncEngineOptions {
  /** Overrides (and remembers) the server URL; otherwise the one saved at enrolment. */
  serverUrl?: string;
  /** A private certificate (PEM) to trust for the server; remembered like the URL. */
  ca?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  pushBatch?: number;
  pullLimit?: number;
  snapshotLimit?: number;
  /** Rows new to the store take the bootstrap's bulk path (snapshotBulkApply.ts); false applies every row the ordinary way. */
  bulkBootstrap?: boolean;
  /** How long each round may spend compacting the acknowledged change log (logCompaction.ts); 0 turns it off. */
  compactionBudgetMs?: number;
}

export interface SyncRoundResult {
  enrolled: boolean;
  pushed: number;
  /** Changes the server already had (a retried batch whose answer was lost). */
  pushDuplicates: number;
  pulled: number;
  pullDuplicates: number;
  snapshotRows: number;
  pending: number;
  conflicts: number;
  cursor: number;
  /** Changes the server refused (and this device reverted): their reasons are in the audit trail. */
  refused: number;
  /** The server refused stamps ahead of its clock: this device's clock is wrong; those changes wait. */
  clockAhead: boolean;
  /** The server had pruned the changes after this device's cursor: it bootstrapped again this round. */
  rebootstrapped?: boolean;
  /** Acknowledged change-log entries folded into per-field stamps after the pull. */
  compacted?: number;
  /** Where a bootstrap's time went (ms): waiting for pages, applying them, rebuilding after bulk mode. */
  bootstrapTimings?: { waitMs: number; applyMs: number; rebuildMs: number };
}

export type SyncPhase = 'not_configured' | 'idle' | 'syncing' | 'offline' | 'error';

/** What the status bar shows. */
export interface SyncStatus {
  phase: SyncPhase;
  /** null until the first attempt: unknown, not "offline". */
  reachable: boolean | null;
  pending: number;
  lastSyncAt: string | null;
  conflicts: number;
  lastError: { code: string; messageKey: string } | null;
  nextAttemptAt: string | null;
}

/**
 * The device's sync engine: uploads pending changes in batches, then pulls other devices' changes from
 * the server cursor (bootstrapping from a snapshot the first time). Every step is idempotent and its
 * progress is saved in the same SQLite transaction as its effect, so a round killed at any point resumes
 * where it left off. `start()` runs rounds in the background with exponential backoff while unreachable.
 */
export class SyncEngine {
  private running: Promise<SyncRoundResult> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private backgroundOn = false;
  private failures = 0;
  private schedule: ((delayMs: number) => void) | null = null;
  private readonly listeners = new Set<(status: SyncStatus) => void>();
  private current: SyncStatus;

  constructor(
    private readonly store: Store,
    private readonly options: SyncEngineOptions = {},
  ) {
    if (options.serverUrl) saveServerUrl(store, options.serverUrl);
    if (options.ca) saveServerCa(store, options.ca);
    const state = readSyncState(store);
    this.current = {
      phase: state.serverUrl && state.token ? 'idle' : 'not_configured',
      reachable: null,
      pending: pendingChangeCount(store),
      lastSyncAt: state.lastSyncAt,
      conflicts: countSyncConflicts(store),
      lastError: null,
      nextAttemptAt: null,
    };
  }

  status(): SyncStatus {
    return { ...this.current, pending: pendingChangeCount(this.store) };
  }

  onStatus(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get enrolled(): boolean {
    const state = readSyncState(this.store);
    return Boolean(state.serverUrl && state.token);
  }

  /**
   * Enrolled, but the token is sealed by the desktop app's OS keystore, which a process without it (the CLI)
   * cannot open: to this process the device looks unenrolled.
   */
  get tokenSealedElsewhere(): boolean {
    return !this.enrolled && secretSettingSealedElsewhere(this.store.sqlite, syncStateKeys.token);
  }

  /** Exchanges a one-time enrolment code for this device's token. */
  async enrol(code: string, name = hostname()): Promise<{ outletCode: string }> {
    const state = readSyncState(this.store);
    if (!state.serverUrl) throw new SyncError('not_enrolled', false, 'no server URL');
    const answer = await this.client(state.serverUrl, null).enrol({ code, deviceId: this.store.deviceId, name: name.slice(0, 200) });
    saveEnrolment(this.store, state.serverUrl, answer.token, answer.outletCode);
    this.update({ phase: 'idle', lastError: null });
    return { outletCode: answer.outletCode };
  }

  /** One full round: push everything pending, pull everything new. Concurrent calls share the round. */
  syncOnce(): Promise<SyncRoundResult> {
    if (!this.running) {
      this.running = this.round().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  private async round(): Promise<SyncRoundResult> {
    const state = readSyncState(this.store);
    if (!state.serverUrl || !state.token) throw new SyncError('not_enrolled', false);
    const client = this.client(state.serverUrl, state.token);
    this.update({ phase: 'syncing' });
    try {
      const result: SyncRoundResult = {
        enrolled: true,
        pushed: 0,
        pushDuplicates: 0,
        pulled: 0,
        pullDuplicates: 0,
        snapshotRows: 0,
        pending: 0,
        conflicts: 0,
        cursor: 0,
        refused: 0,
        clockAhead: false,
      };
      // A device that has never synced bootstraps first, so the snapshot does not carry back its own uploads.
      if (state.cursor === null) await this.pull(client, result);
      await this.push(client, result);
      await this.pull(client, result);
      // Everything up to here is acknowledged by the server: its payloads can go, a bounded slice per round.
      const budgetMs = this.options.compactionBudgetMs ?? 1000;
      if (budgetMs > 0) {
        result.compacted = (await compactLog(this.store, { budgetMs })).entries;
        releaseFreePages(this.store);
      }
      const at = this.store.now().toISOString();
      saveLastSyncAt(this.store, at);
      result.pending = pendingChangeCount(this.store);
      result.conflicts = countSyncConflicts(this.store);
      result.cursor = readSyncState(this.store).cursor ?? 0;
      this.update({
        phase: result.clockAhead ? 'error' : 'idle',
        reachable: true,
        lastSyncAt: at,
        lastError: result.clockAhead ? { code: 'clock_ahead', messageKey: 'error.sync.clock_ahead' } : null,
        conflicts: result.conflicts,
      });
      return result;
    } catch (error) {
      const failure = error instanceof SyncError ? error : null;
      const offline = failure?.code === 'unreachable' || failure?.code === 'timeout';
      this.update({
        phase: offline ? 'offline' : 'error',
        reachable: offline ? false : failure ? true : this.current.reachable,
        lastError: { code: failure?.code ?? 'internal', messageKey: failure?.messageKey ?? 'error.sync.internal' },
      });
      throw error;
    }
  }

  private async push(client: SyncClient, result: SyncRoundResult): Promise<void> {
    const size = Math.min(this.options.pushBatch ?? 1000, MAX_PUSH_BATCH);
    const sqlite = this.store.sqlite;
    const select = sqlite.prepare(
      `SELECT seq, hlc, table_name AS tableName, row_id AS rowId, op, data, author, signature FROM changes
       WHERE pushed_at IS NULL AND device_id = ? ORDER BY seq LIMIT ?`,
    );
    const markPushed = sqlite.prepare('UPDATE changes SET pushed_at = ? WHERE pushed_at IS NULL AND device_id = ? AND seq BETWEEN ? AND ?');
    // The keys of secrets set here were for the server alone.
    const dropServerOnly = sqlite.prepare(
      `UPDATE changes SET data = json_remove(data, '$.${AUTHORITY_KEYS_FIELD}')
       WHERE table_name = 'staff' AND device_id = ? AND seq BETWEEN ? AND ? AND json_type(data, '$.${AUTHORITY_KEYS_FIELD}') IS NOT NULL`,
    );
    for (;;) {
      const batch = select.all(this.store.deviceId, size) as {
        seq: number;
        hlc: string;
        tableName: string;
        rowId: string;
        op: 'upsert' | 'delete';
        data: string;
        author: string | null;
        signature: string | null;
      }[];
      if (batch.length === 0) return;
      const first = batch[0]!.seq;
      const last = batch[batch.length - 1]!.seq;
      const changes: OutgoingChange[] = batch.map((c) => ({
        id: c.seq,
        hlc: c.hlc,
        table: c.tableName as SyncedTableSqlName,
        rowId: c.rowId,
        op: c.op,
        data: JSON.parse(c.data) as OutgoingChange['data'],
        ...(c.author && c.signature && { author: authorOf(c.author, c.signature) }),
      }));
      // The batch id names the same changes on every retry; the server dedupes by (device, hlc).
      const answer = await client.push({ deviceId: this.store.deviceId, batchId: `${this.store.deviceId}:${first}-${last}`, changes });
      // Changes refused for a clock running ahead (and every later one) stay pending; the rest are done with.
      const waiting = answer.refused.filter((r) => r.reason === 'clock_ahead').map((r) => r.id);
      const settledUpTo = waiting.length > 0 ? Math.min(...waiting) - 1 : last;
      sqlite.transaction(() => {
        revertRefused(
          this.store,
          answer.refused
            .filter((r) => r.reason !== 'clock_ahead' && r.id <= settledUpTo)
            .map((r) => ({ seq: r.id, reason: r.reason, ...(r.held && { held: r.held }) })),
        );
        markPushed.run(this.store.now().toISOString(), this.store.deviceId, first, settledUpTo);
        dropServerOnly.run(this.store.deviceId, first, settledUpTo);
      }).immediate();
      result.pushed += answer.accepted;
      result.pushDuplicates += answer.duplicates;
      result.refused += answer.refused.length - waiting.length;
      this.update({});
      if (waiting.length > 0 || answer.clockAhead) {
        result.clockAhead = true;
        return;
      }
    }
  }

  private async pull(client: SyncClient, result: SyncRoundResult): Promise<void> {
    try {
      await this.pullOnce(client, result);
    } catch (error) {
      if (!(error instanceof SyncError) || error.code !== 'resync_required') throw error;
      // Away longer than the server keeps changes: bootstrap again from the snapshot. Unpushed changes stay
      // pending and win over the snapshot's older stamps field by field.
      forgetCursor(this.store);
      result.rebootstrapped = true;
      await this.pullOnce(client, result);
    }
  }

  private async pullOnce(client: SyncClient, result: SyncRoundResult): Promise<void> {
    let state = readSyncState(this.store);
    if (state.cursor === null) {
      // First contact: bootstrap from the server's materialised rows, page by page, resumably. The next page is
      // asked for before this one is applied, so the server prepares it while the device applies this one.
      let progress = state.snapshot;
      const ask = (after: unknown) => {
        const answer = client.snapshot({
          deviceId: this.store.deviceId,
          after: (after as never) ?? null,
          limit: this.options.snapshotLimit ?? MAX_SNAPSHOT_ROWS,
        });
        answer.catch(() => undefined); // awaited below; a round that fails first must not leave it unhandled
        return answer;
      };
      // A store that never held synced rows (no compacted stamps) bootstraps with its derived indexes dropped,
      // rebuilt once at the end; a resumed bootstrap keeps the mode it started in.
      const bulk =
        this.options.bulkBootstrap !== false &&
        (progress ? progress.bulk === true : this.store.sqlite.prepare('SELECT 1 FROM row_stamps LIMIT 1').get() === undefined);
      const timings = (result.bootstrapTimings = { waitMs: 0, applyMs: 0, rebuildMs: 0 });
      if (bulk) enterBulkBootstrap(this.store.sqlite);
      try {
        let next = ask(progress?.after);
        for (;;) {
          let started = performance.now();
          const page = await next;
          timings.waitMs += performance.now() - started;
          const cursor = progress?.cursor ?? page.cursor;
          const done = page.nextAfter === null;
          if (!done) {
            next = ask(page.nextAfter);
            // Let the request go out before the (synchronous) apply holds the thread.
            await new Promise((resolve) => setImmediate(resolve));
          }
          started = performance.now();
          const outcome = applySnapshotRows(
            this.store,
            page.rows,
            () => {
              if (done) {
                saveCursor(this.store, cursor);
                saveSnapshotProgress(this.store, null);
              } else saveSnapshotProgress(this.store, { cursor, after: page.nextAfter, ...(bulk ? { bulk } : {}) });
            },
            { bulk: this.options.bulkBootstrap },
          );
          timings.applyMs += performance.now() - started;
          result.snapshotRows += page.rows.length;
          result.pulled += outcome.applied;
          result.pullDuplicates += outcome.duplicates;
          if (done) break;
          progress = { cursor, after: page.nextAfter, ...(bulk ? { bulk } : {}) };
        }
      } finally {
        // Finished or given up (the next round resumes in bulk mode): the app never runs without its indexes.
        const started = performance.now();
        if (bulk) restoreAfterBulkBootstrap(this.store);
        timings.rebuildMs = performance.now() - started;
      }
      state = readSyncState(this.store);
    }
    let cursor = state.cursor ?? 0;
    for (;;) {
      const page = await client.pull({ deviceId: this.store.deviceId, cursor, limit: this.options.pullLimit ?? 2000 });
      const nextCursor = page.nextCursor;
      if (page.changes.length > 0 || nextCursor !== cursor) {
        const outcome = applyRemoteChanges(this.store, page.changes, () => saveCursor(this.store, nextCursor));
        result.pulled += outcome.applied;
        result.pullDuplicates += outcome.duplicates;
      }
      cursor = nextCursor;
      if (!page.hasMore) return;
    }
  }

  /** Runs rounds in the background: every `intervalMs` when healthy, backing off while the server is unreachable. */
  start(options: { intervalMs?: number; minBackoffMs?: number; maxBackoffMs?: number } = {}): void {
    if (this.backgroundOn) return;
    this.backgroundOn = true;
    const interval = options.intervalMs ?? 30_000;
    const minBackoff = options.minBackoffMs ?? 2_000;
    const maxBackoff = options.maxBackoffMs ?? 5 * 60_000;
    const schedule = (delay: number) => {
      if (!this.backgroundOn) return;
      if (this.timer) clearTimeout(this.timer);
      this.update({ nextAttemptAt: new Date(Date.now() + delay).toISOString() });
      this.timer = setTimeout(tick, delay);
      this.timer.unref?.();
    };
    const tick = async () => {
      this.timer = null;
      if (!this.enrolled) return schedule(interval);
      try {
        await this.syncOnce();
        this.failures = 0;
        schedule(interval);
      } catch (error) {
        this.failures++;
        const retryable = error instanceof SyncError ? error.retryable : true;
        if (!retryable) {
          // Revoked or unauthorised: retrying cannot help until someone re-enrols the device.
          this.update({ nextAttemptAt: null });
          this.backgroundOn = false;
          return;
        }
        const backoff = Math.min(maxBackoff, minBackoff * 2 ** Math.min(this.failures - 1, 20));
        schedule(backoff / 2 + Math.random() * (backoff / 2));
      }
    };
    this.schedule = schedule;
    schedule(0);
  }

  stop(): void {
    this.backgroundOn = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.update({ nextAttemptAt: null });
  }

  /** The server's ledger balance of a customer (issue 17 point 4); a SyncError when the server cannot be reached. */
  async serverLoyaltyBalance(customerId: string): Promise<{ balance: number; events: number }> {
    const state = readSyncState(this.store);
    if (!state.serverUrl || !state.token) throw new SyncError('not_enrolled', false);
    const authority = this.store.authority;
    if (!authority) throw new SyncError('staff_signature_required', false);
    const read = { deviceId: this.store.deviceId, customerId, at: new Date().toISOString() };
    return this.client(state.serverUrl, state.token).loyaltyBalance({
      ...read,
      author: { staffId: authority.staffId, kind: authority.kind, signature: signBalanceRead(authority.key, read) },
    });
  }

  /** Asks for a round soon (after a local write), without waiting for the interval. */
  requestSync(delayMs = 1_000): void {
    if (!this.backgroundOn || this.running || this.failures > 0) return;
    this.schedule?.(delayMs);
  }

  private client(serverUrl: string, token: string | null): SyncClient {
    return new SyncClient({
      serverUrl: this.options.serverUrl ?? serverUrl,
      token,
      ca: readServerCa(this.store),
      fetch: this.options.fetch,
      timeoutMs: this.options.timeoutMs,
    });
  }

  private update(patch: Partial<SyncStatus>): void {
    this.current = { ...this.current, ...patch, pending: pendingChangeCount(this.store) };
    for (const listener of this.listeners) listener(this.status());
  }
}

function authorOf(author: string, signature: string): OutgoingChange['author'] {
  const at = author.lastIndexOf(':');
  return { staffId: author.slice(0, at), kind: author.slice(at + 1) as 'pin' | 'password', signature };
}
