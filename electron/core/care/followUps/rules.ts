import { complaintEvents, followUps } from '../../../../db/schema/care';
import { followUpKinds, type FollowUpKind, type RulePassReport } from '../../../../shared/care';
import type { Store } from '../../store/store';
import { transact, type Writer } from '../../store/writer';
import { businessCalendar, followUpRules } from '../settings/careSettings';
import { dayNumberToDate, localDayNumber } from '../serviceLevel/businessTime';
import { prepared } from '../careReads';
import { ruleTriggers, type OutletContext, type TriggerBatch } from './ruleTriggers';
import { ruleTriggersOffThread } from './readRuleTriggers';

/**
 * The rule pass: creates the follow-ups managers configured per outlet (birthdays, satisfaction calls after a
 * big purchase, neglected high-value customers, checks after a resolved complaint) and escalates complaints past
 * their service level. What to create comes from ruleTriggers.ts; this module writes it.
 *
 * A pass skips ids that exist (open, done, cancelled or deleted), and two devices that both create one offline
 * write the same row, which sync merges field by field. Status lives in follow_up_outcomes, which rules never
 * write, so a re-created follow-up can never undo a "done".
 */

/**
 * Rows written per transaction, one step of the pass: about 0.3 s on a 1M store, the longest a first pass holds
 * the event loop. Larger steps wrote a first pass no faster (measured: 25,000 rows, 8.2-8.4 s vs 8.3-8.7 s)
 * and held the loop for 1.7 s.
 */
const WRITE_CHUNK = 10_000;

interface PassOptions {
  outletId?: string;
}

/**
 * The whole pass in this thread, in one go: the tests' way, and the `care.followUps.runRules` call's (calls
 * are answered synchronously, each audited in its own transaction).
 */
export function runFollowUpRules(store: Store, options: PassOptions = {}): RulePassReport {
  const pass = new RulePass(store, options);
  return pass.writeNow(ruleTriggers(store.sqlite, pass.outlets, pass.nowIso));
}

/**
 * The pass the app runs (hourly, and `akrab followups --run-rules`): the rules read on a thread of their own,
 * over a second connection, while this thread writes what each rule found as it arrives, handing the event
 * loop back between writes of a few thousand rows. The counter's lookups are never held up by the reads, and
 * on two cores reading and writing overlap (a first pass on a 1M store: 11.4 s in one thread, 8.05-8.5 s so).
 * A store without a file (tests) reads here, between steps.
 */
export async function runFollowUpRulesInSteps(store: Store, options: PassOptions = {}): Promise<RulePassReport> {
  const pass = new RulePass(store, options);
  const here = () => ruleTriggersHere(store, pass);
  return pass.write(store.sqlite.memory ? here() : ruleTriggersOffThread({ file: store.sqlite.name, outlets: pass.outlets, nowIso: pass.nowIso }, here));
}

async function* ruleTriggersHere(store: Store, pass: RulePass): AsyncGenerator<TriggerBatch> {
  for (const batch of ruleTriggers(store.sqlite, pass.outlets, pass.nowIso)) {
    yield batch;
    await nextTurn();
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * One pass: the outlets it serves at which instant, and the writing of what the rules found there. Made before
 * the rules read, so it knows whether anything else wrote between their reading and its writing.
 */
export class RulePass {
  readonly outlets: OutletContext[];
  readonly nowIso: string;
  readonly report: RulePassReport;
  private readonly now: Date;
  private readonly written = new Set<string>();
  private readonly lastChange;
  private ownLastChange: number;

  constructor(
    private readonly store: Store,
    options: PassOptions = {},
  ) {
    this.now = store.now();
    this.nowIso = this.now.toISOString();
    const outletIds = options.outletId
      ? [options.outletId]
      : (prepared(store, 'SELECT id FROM outlets WHERE deleted_at IS NULL ORDER BY id').pluck().all() as string[]);
    this.outlets = outletIds.map((id) => {
      const cal = businessCalendar(store, id);
      return { id, rules: followUpRules(store, id), offsetMinutes: cal.offsetMinutes, today: localDayNumber(this.now.getTime(), cal) };
    });
    this.report = {
      date: dayNumberToDate(localDayNumber(this.now.getTime(), { offsetMinutes: 420 })),
      created: Object.fromEntries(followUpKinds.map((k) => [k, 0])) as Record<FollowUpKind, number>,
      skippedExisting: 0,
      escalated: 0,
    };
    this.lastChange = prepared(store, 'SELECT coalesce(max(seq), 0) FROM changes').pluck();
    this.ownLastChange = this.lastChange.get() as number;
  }

  /** Writes each rule's findings as they come, handing the event loop back between chunks. */
  async write(batches: AsyncIterable<TriggerBatch> | Iterable<TriggerBatch>): Promise<RulePassReport> {
    for await (const batch of batches) {
      const steps = this.chunks(batch);
      while (!steps.next().done) await nextTurn();
    }
    return this.report;
  }

  writeNow(batches: Iterable<TriggerBatch>): RulePassReport {
    for (const batch of batches) {
      const steps = this.chunks(batch);
      while (!steps.next().done);
    }
    return this.report;
  }

  /**
   * One rule's findings, one transaction per WRITE_CHUNK rows, yielding after each: a big first pass holds neither
   * the write lock nor the event loop for long. Follow-ups go first, then escalation events: a pass stopped in between leaves an
   * escalation's follow-up whose event the next pass writes, never an event without its follow-up.
   */
  private *chunks(batch: TriggerBatch): Generator<void> {
    this.report.skippedExisting += batch.skippedExisting;
    // Written in id order, so the follow-ups' and the change log's indexes grow at a few places, not everywhere.
    const fresh = batch.followUps.filter((f) => !this.written.has(f.id) && this.written.add(f.id)).sort((a, b) => compareIds(a.id, b.id));
    const followUpExists = prepared(this.store, 'SELECT 1 FROM follow_ups WHERE id = ?').pluck();
    for (let i = 0; i < fresh.length; i += WRITE_CHUNK) {
      this.transact((w, othersWrote) => {
        const slice = fresh.slice(i, i + WRITE_CHUNK);
        const chunk = othersWrote ? slice.filter((f) => !followUpExists.get(f.id)) : slice;
        w.insertMany(followUps, chunk);
        for (const f of chunk) this.report.created[f.kind]++;
      });
      yield;
    }
    const events = [...batch.escalations].sort((a, b) => compareIds(a.eventId, b.eventId));
    const eventExists = prepared(this.store, 'SELECT 1 FROM complaint_events WHERE id = ?').pluck();
    for (let i = 0; i < events.length; i += WRITE_CHUNK) {
      this.transact((w, othersWrote) => {
        const slice = events.slice(i, i + WRITE_CHUNK);
        const chunk = othersWrote ? slice.filter((e) => !eventExists.get(e.eventId)) : slice;
        w.insertMany(
          complaintEvents,
          chunk.map((e) => ({
            id: e.eventId,
            complaintId: e.complaintId,
            kind: 'escalated' as const,
            at: this.nowIso,
            staff: this.store.staff,
            outletId: e.outletId,
            fromStatus: null,
            toStatus: null,
            note: e.which,
            satisfaction: null,
          })),
        );
        this.report.escalated += chunk.length;
      });
      yield;
    }
  }

  /**
   * One write transaction of the pass. The rules read what was there when they ran; since then a sync may have
   * brought some of the same rows (same ids) from another device: `othersWrote` says whether anything but this
   * pass wrote since it last did, and only then are rows checked again one by one.
   */
  private transact(work: (w: Writer, othersWrote: boolean) => void): void {
    transactWithKnownParents(this.store, (w) => {
      work(w, this.lastChange.get() !== this.ownLastChange);
      this.ownLastChange = this.lastChange.get() as number;
    });
  }
}

/**
 * Every customer and complaint a rule names was read from a stored row, and stored rows are never deleted (a
 * deletion is a tombstone): SQLite's parent lookup for each written row would find it every time, and costs a
 * second per 200,000 rows. The pass's own transactions skip it. The pragma cannot change inside a transaction,
 * so a pass run within one keeps the checks.
 */
function transactWithKnownParents(store: Store, work: (w: Writer) => void): void {
  if (store.sqlite.inTransaction) return transact(store, work);
  store.sqlite.pragma('foreign_keys = OFF');
  try {
    transact(store, work);
  } finally {
    store.sqlite.pragma('foreign_keys = ON');
  }
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
