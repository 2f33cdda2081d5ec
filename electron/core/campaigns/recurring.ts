import { segmentToday } from '../segments/segments';
import { AkrabError } from '../../../shared/errors';
import { readSetting, writeSetting, type Store } from '../store/store';
import type { CampaignRow } from './campaigns';
import { evaluate } from './launch';

export interface RecurringRefreshReport {
  day: string;
  /** Recurring campaigns running today that were evaluated. */
  campaigns: number;
  /** Targets added for this outlet, all campaigns together. */
  added: number;
  /** Campaigns that could not be evaluated (e.g. their segment was removed), by id with the error's key. */
  failed: { campaignId: string; messageKey: string }[];
}

const LAST_DAY_SETTING = 'campaigns_refresh_day';

/**
 * The scheduled refresh of recurring campaigns (monthly, e.g. "birthday this month"): every launched recurring
 * campaign running today is evaluated again and the customers who match now and are not targets yet are added
 * for the current month. Each device adds only the targets that go to its own outlet, so outlets do not write
 * each other's rows and the server can check the outlet (server/authority/campaignWrites.ts); target ids and
 * the control group derive from (campaign, customer), so two devices of one outlet add the same rows.
 * Once a day unless `force`; devices without an outlet add nothing.
 */
export function refreshRecurringCampaigns(store: Store, options: { force?: boolean } = {}): RecurringRefreshReport | null {
  const today = segmentToday(store);
  if (!options.force && readSetting(store.sqlite, LAST_DAY_SETTING) === today) return null;
  const report: RecurringRefreshReport = { day: today, campaigns: 0, added: 0, failed: [] };
  const outletId = store.outletId;
  if (outletId) {
    const due = store.sqlite
      .prepare(
        `SELECT * FROM campaigns WHERE deleted_at IS NULL AND status = 'launched' AND recurrence = 'monthly'
           AND period_from <= ? AND period_to >= ? ORDER BY id`,
      )
      .all(today, today) as CampaignRow[];
    for (const row of due) {
      report.campaigns++;
      try {
        report.added += evaluate(store, row, today.slice(0, 7), false, outletId).added;
      } catch (error) {
        // One campaign's bad segment must not stop the others; the pass's report names it.
        report.failed.push({ campaignId: row.id, messageKey: error instanceof AkrabError ? error.messageKey : 'error.internal' });
      }
    }
  }
  writeSetting(store.sqlite, LAST_DAY_SETTING, today);
  return report;
}
