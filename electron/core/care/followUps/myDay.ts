import type Database from 'better-sqlite3';
import type { MyDay } from '../../../../shared/care';
import type { Store } from '../../store/store';
import { awaitingResponseOf, overdueComplaintsOf } from '../complaints/complaints';
import { businessCalendar, requireOutlet } from '../settings/careSettings';
import { dateToDayNumber, dayNumberToDate, localDate, localTimeToInstant } from '../serviceLevel/businessTime';
import { followUpSelect, toFollowUps, type FollowUpRow } from './followUps';

/**
 * Follow-ups overdue by more than this many days leave 'my day' (they stay in the follow-up list): a rule pass
 * can create thousands of follow-ups, and a home screen that keeps every one it ever missed stops being read.
 */
export const OVERDUE_WINDOW_DAYS = 60;
/** Rows per list on the home screen; the counts say how many there are in all. */
export const MY_DAY_LIMIT = 200;

interface MyDayQueries {
  due: Database.Statement;
  dueCount: Database.Statement;
  done: Database.Statement;
  doneCount: Database.Statement;
}
const cache = new WeakMap<Store, MyDayQueries>();

function queries(store: Store): MyDayQueries {
  let q = cache.get(store);
  if (!q) {
    const s = store.sqlite;
    // Follow-ups owned by @staff or by the whole outlet (only @staff's own with @mine); a null staff sees all of the outlet's.
    const owner = `(@staff IS NULL OR (f.owner IS NULL AND @mine = 0) OR f.owner = @staff)`;
    q = {
      due: s.prepare(
        `${followUpSelect} WHERE f.outlet_id = @outlet AND f.due_date >= @from AND f.due_date <= @to AND f.deleted_at IS NULL AND o.status IS NULL AND ${owner} ORDER BY f.due_date LIMIT @limit`,
      ),
      dueCount: s
        .prepare(
          `SELECT count(*) FROM follow_ups f LEFT JOIN follow_up_outcomes o ON o.id = f.id WHERE f.outlet_id = @outlet AND f.due_date >= @from AND f.due_date <= @to AND f.deleted_at IS NULL AND o.status IS NULL AND ${owner}`,
        )
        .pluck(),
      done: s.prepare(
        `SELECT f.id, f.customer_id, f.outlet_id, f.owner, f.kind, f.reason, f.due_date, f.source_id, o.status AS status, o.at AS closed_at, o.staff AS closed_by
         FROM follow_up_outcomes o JOIN follow_ups f ON f.id = o.id
         WHERE o.outlet_id = @outlet AND o.at >= @since AND o.status = 'done' AND o.deleted_at IS NULL AND (@staff IS NULL OR o.staff = @staff OR (f.owner IS NULL AND @mine = 0) OR f.owner = @staff)
         ORDER BY o.at DESC LIMIT @limit`,
      ),
      doneCount: s
        .prepare(
          `SELECT count(*) FROM follow_up_outcomes o JOIN follow_ups f ON f.id = o.id
           WHERE o.outlet_id = @outlet AND o.at >= @since AND o.status = 'done' AND o.deleted_at IS NULL AND (@staff IS NULL OR o.staff = @staff OR (f.owner IS NULL AND @mine = 0) OR f.owner = @staff)`,
        )
        .pluck(),
    };
    cache.set(store, q);
  }
  return q;
}

/**
 * The home screen: what is due today, what is overdue, what was done today, complaints past their service level,
 * and fresh complaints still waiting for a first response.
 */
export function myDay(store: Store, options: { outletId?: string | null; staff?: string | null; limit?: number; mine?: boolean } = {}): MyDay {
  const outlet = requireOutlet(store, options.outletId ?? store.outletId);
  const staff = options.staff === undefined ? store.staff : options.staff;
  const limit = options.limit ?? MY_DAY_LIMIT;
  const mine = options.mine ? 1 : 0;
  const cal = businessCalendar(store, outlet.id);
  const today = localDate(store.now(), cal);
  const todayNumber = dateToDayNumber(today);
  const yesterday = dayNumberToDate(todayNumber - 1);
  const windowStart = dayNumberToDate(todayNumber - OVERDUE_WINDOW_DAYS);
  const startOfDay = new Date(localTimeToInstant(todayNumber, 0, cal)).toISOString();
  const q = queries(store);
  const dueToday = q.due.all({ outlet: outlet.id, from: today, to: today, staff, mine, limit }) as FollowUpRow[];
  const overdue = q.due.all({ outlet: outlet.id, from: windowStart, to: yesterday, staff, mine, limit }) as FollowUpRow[];
  const done = q.done.all({ outlet: outlet.id, since: startOfDay, staff, mine, limit }) as FollowUpRow[];
  const overdueComplaints = overdueComplaintsOf(store, outlet.id, limit);
  const awaiting = awaitingResponseOf(store, outlet.id, limit);
  return {
    outletCode: outlet.code,
    date: today,
    staff,
    dueToday: toFollowUps(store, dueToday),
    overdue: toFollowUps(store, overdue),
    doneToday: toFollowUps(store, done),
    overdueComplaints: overdueComplaints.complaints,
    awaitingResponse: awaiting.complaints,
    awaitingResponseCount: awaiting.count,
    counts: {
      dueToday: q.dueCount.get({ outlet: outlet.id, from: today, to: today, staff, mine }) as number,
      overdue: q.dueCount.get({ outlet: outlet.id, from: windowStart, to: yesterday, staff, mine }) as number,
      doneToday: q.doneCount.get({ outlet: outlet.id, since: startOfDay, staff, mine }) as number,
      overdueComplaints: overdueComplaints.count,
    },
  };
}
