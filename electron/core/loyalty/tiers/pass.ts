import { deviceToday, eventDays } from '../ledgerDays';
import type { TierLevel, TierPassReport } from '../../../../shared/loyaltyTiers';
import type { Store } from '../../store/store';
import { prepared } from '../statements';
import { stepAside } from '../../store/stepAside';
import { tiersOn } from './programme';
import { addDays, monthsBefore, peakSpend, spendOn, type DaySpend } from './spend';

/** The highest level whose threshold the spend reaches (levels lowest first). */
export function levelFor(levels: readonly TierLevel[], spend: number): TierLevel | null {
  let found: TierLevel | null = null;
  for (const level of levels) if (spend >= level.minSpend) found = level;
  return found;
}

/**
 * The scheduled tier pass (`akrab tiers recompute`, and the daily loyalty pass of the care schedule): every
 * customer's tier on `onDay` under the thresholds in force then, from the purchases alone, so every device that
 * holds the same purchases computes the same tiers. A customer keeps the highest tier their rolling 12-month
 * spend reached on any day of the grace period: a downgrade comes only after the spend stayed below the
 * threshold for the whole grace period. The result is cached in customer_tiers until the next pass.
 */
type Row = { c: string; at: string; outlet: string | null; amount: number };

export function recomputeTiers(store: Store, onDay = deviceToday(store)): TierPassReport {
  const programme = tiersOn(store, onDay);
  const graceFrom = addDays(onDay, -(programme?.graceDays ?? 0));
  const passAt = store.now().toISOString();
  const report: TierPassReport = { day: onDay, versionId: programme?.id ?? null, customers: 0, changed: 0, byTier: {} };
  const gonePeople = prepared(store, 'SELECT id FROM customers WHERE deleted_at IS NOT NULL OR merged_into IS NOT NULL').pluck();
  const excluded = new Set(gonePeople.all() as string[]);
  // A purchase counts on its outlet's local day (as the ledger's events do, ledgerDays.ts), so the window of UTC
  // instants read is a day wider on each side than the local days it decides on; spendOn and peakSpend keep only
  // the days inside.
  const windowFrom = monthsBefore(graceFrom, 12);
  const windowTo = addDays(onDay, 2);
  const dayOf = eventDays(store);
  const batch = prepared(
    store,
    `SELECT customer_id AS c, purchased_at AS at, outlet_id AS outlet, amount FROM purchases INDEXED BY purchases_report_idx
       WHERE deleted_at IS NULL AND customer_id > ? AND purchased_at > ? AND purchased_at < ? ORDER BY customer_id, purchased_at LIMIT ?`,
  );
  const oneCustomer = prepared(
    store,
    `SELECT customer_id AS c, purchased_at AS at, outlet_id AS outlet, amount FROM purchases INDEXED BY purchases_report_idx
       WHERE deleted_at IS NULL AND customer_id = ? AND purchased_at > ? AND purchased_at < ? ORDER BY purchased_at`,
  );
  const daySpends = (rows: readonly Row[]): DaySpend[] => {
    const own = rows.map((r) => ({ day: dayOf({ occurredAt: r.at, outletId: r.outlet }), amount: r.amount }));
    // Instant order is day order within a zone; across outlets in two zones it may not be.
    for (let i = 1; i < own.length; i++) if (own[i]!.day < own[i - 1]!.day) return own.sort((x, y) => (x.day < y.day ? -1 : x.day > y.day ? 1 : 0));
    return own;
  };
  const previous = prepared(store, 'SELECT tier_code AS code, previous_code AS prev, changed_on AS changedOn FROM customer_tiers WHERE customer_id = ?');
  const upsert = prepared(
    store,
    `INSERT INTO customer_tiers (customer_id, tier_code, spend_12m, version_id, computed_on, previous_code, changed_on) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (customer_id) DO UPDATE SET tier_code = excluded.tier_code, spend_12m = excluded.spend_12m, version_id = excluded.version_id,
         computed_on = excluded.computed_on, previous_code = excluded.previous_code, changed_on = excluded.changed_on`,
  );
  const write = (customerId: string, own: DaySpend[]) => {
    if (excluded.has(customerId)) return;
    const spend = spendOn(own, onDay);
    const level = programme ? levelFor(programme.levels, peakSpend(own, graceFrom, onDay)) : null;
    const code = level?.code ?? null;
    const old = previous.get(customerId) as { code: string | null; prev: string | null; changedOn: string | null } | undefined;
    const changed = (old?.code ?? null) !== code;
    if (changed) report.changed++;
    upsert.run(customerId, code, spend, programme?.id ?? null, passAt, changed ? (old?.code ?? null) : (old?.prev ?? null), changed ? onDay : (old?.changedOn ?? null));
    report.customers++;
    if (code) report.byTier[code] = (report.byTier[code] ?? 0) + 1;
  };
  // Each batch is read and its spends worked out first, then written in a transaction of its own: on the daily pass's
  // thread, the app's writes wait for one batch's upserts at a time, not for the whole pass (20-50 s at a million
  // customers). Every customer's row is whole after each commit, and a pass cut short is run again whole (the pass
  // day is saved after it).
  const inOneTransaction = (work: () => void) => store.sqlite.transaction(work).immediate();
  // Purchases after the day 12 months before the grace window's first day, up to the end of onDay (local), a batch of
  // rows at a time in customer order; a batch's last customer may be cut off, so it is read again at the start of
  // the next batch.
  const BATCH = 50_000;
  let cursor = '';
  for (let full = true; full; ) {
    let rows = batch.all(cursor, windowFrom, windowTo, BATCH) as Row[];
    full = rows.length === BATCH;
    if (rows.length === 0) break;
    const last = rows[rows.length - 1]!.c;
    if (full && rows[0]!.c === last) rows = oneCustomer.all(last, windowFrom, windowTo) as Row[];
    else if (full) rows = rows.filter((r) => r.c !== last);
    const spends: [string, DaySpend[]][] = [];
    let start = 0;
    for (let i = 1; i <= rows.length; i++) {
      if (i === rows.length || rows[i]!.c !== rows[start]!.c) {
        spends.push([rows[start]!.c, daySpends(rows.slice(start, i))]);
        start = i;
      }
    }
    inOneTransaction(() => {
      for (const [customerId, own] of spends) write(customerId, own);
    });
    cursor = rows[rows.length - 1]!.c;
    stepAside();
  }
  // Customers this pass did not reach (no purchase in the window, merged, deleted) have no tier now. Found before
  // the store is taken (the search reads every tier row: seconds at a million customers), and each checked again
  // as it is written, in case a purchase came in meanwhile.
  const withoutPurchases = `NOT EXISTS (SELECT 1 FROM purchases p INDEXED BY purchases_report_idx
           WHERE p.deleted_at IS NULL AND p.customer_id = t.customer_id AND p.purchased_at > @from AND p.purchased_at < @to)`;
  const gone = prepared(
    store,
    `SELECT customer_id AS id, tier_code AS code FROM customer_tiers t WHERE (tier_code IS NOT NULL OR spend_12m <> 0) AND ${withoutPurchases}`,
  ).all({ from: windowFrom, to: windowTo }) as { id: string; code: string | null }[];
  const clear = prepared(
    store,
    `UPDATE customer_tiers AS t SET tier_code = NULL, spend_12m = 0, version_id = @version, computed_on = @passAt,
       previous_code = CASE WHEN tier_code IS NULL THEN previous_code ELSE tier_code END,
       changed_on = CASE WHEN tier_code IS NULL THEN changed_on ELSE @onDay END WHERE customer_id = @id AND (@excluded OR ${withoutPurchases})`,
  );
  inOneTransaction(() => {
    const clearOne = (id: string, code: string | null, isExcluded: boolean) => {
      const { changes } = clear.run({ version: programme?.id ?? null, passAt, onDay, id, excluded: isExcluded ? 1 : 0, from: windowFrom, to: windowTo });
      if (changes > 0 && code !== null) report.changed++;
    };
    for (const { id, code } of gone) clearOne(id, code, false);
    // Read again: a merge or a deletion may have come in while the batches were written.
    for (const id of gonePeople.all() as string[]) {
      const old = previous.get(id) as { code: string | null } | undefined;
      if (old) clearOne(id, old.code, true);
    }
  });
  return report;
}
