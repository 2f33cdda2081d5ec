import { campaignTargets, campaigns } from '../../../db/schema/segments';
import { exclusionReasons, type Campaign, type ExclusionReason, type LaunchSummary } from '../../../shared/campaigns';
import { AkrabError } from '../../../shared/errors';
import { deterministicId, idTimePart } from '../care/deterministicId';
import { addDays } from '../reports/scope';
import { compileSegment } from '../segments/compile';
import { requireSegment, segmentToday } from '../segments/segments';
import type { Store } from '../store/store';
import { withCheckpointOffThread } from '../store/checkpointOffThread';
import { withPageCache } from '../store/pageCache';
import { transact, type NewRow } from '../store/writer';
import { campaignRow, requireCampaign, type CampaignRow } from './campaigns';
import { inControlGroup } from './controlGroup';

/** Targets from which a launch's log pages are copied into the file on a thread of its own (a few megabytes). */
const LARGE_LAUNCH = 10_000;

/** Campaigns made from this time on name their targets by the pair itself (below); older ones keep the hash. */
const PAIR_IDS_FROM = idTimePart(Date.parse('2026-12-06T10:00:00Z'));

/**
 * One id per (campaign, customer): a target added twice (two launches offline, a recurring month) is one row.
 * The id is the pair itself, so one campaign's targets sort together and by customer: a launch appends to the id
 * index, the (campaign, customer) index and the change log's row index, and meets the customers' key in order for
 * its foreign key, instead of writing all over indexes that hold every earlier campaign's targets (with 2.5 million
 * of them, the hashed ids made the launch of 100,000 targets spend ~15 s in its inserts). A campaign made before
 * keeps the hashed id its targets were first written with.
 */
export function targetId(campaignId: string, customerId: string): string {
  return campaignId.slice(0, 10) >= PAIR_IDS_FROM ? `${campaignId}:${customerId}` : hashedTargetId(campaignId, customerId);
}

/**
 * The id every target had before pair ids, and what a device not yet updated still writes for any campaign: the
 * server accepts it too (server/authority/campaignWrites.ts), but never one customer under both: when two devices of
 * one outlet, one updated and one not, both add this month's new target before either syncs, the second to push has
 * its copy refused and reverted.
 */
export function hashedTargetId(campaignId: string, customerId: string): string {
  return deterministicId(0, 'campaign_target', campaignId, customerId);
}

interface Candidate {
  id: string;
  home: string | null;
  gone: number;
  /** The customer's latest answer for the campaign's purpose (1 granted, 0 withdrawn), null when never asked. */
  answer: number | null;
  /** The single marketing flag that stands in for a purpose never asked. */
  legacy: number;
  complaint: number;
  recent: number;
  already: number;
}

/** The first reason that keeps a matching customer out, in the order the launch summary lists them. */
function exclusionOf(c: Candidate): ExclusionReason | null {
  if (c.gone) return 'merged_or_blocked';
  // As consentWithdrawn and consentGranted read it (segments/compile.ts), from the one latest answer.
  if (c.answer === 0) return 'opted_out';
  if (!(c.answer ?? c.legacy)) return 'no_consent';
  if (c.complaint) return 'open_complaint';
  if (c.recent) return 'contacted_recently';
  return null;
}

/**
 * Evaluates the campaign's segment now and adds every matching customer not excluded and not yet a target:
 * the control share (stable per customer and campaign) is held out, the rest go to their home outlet's "my day"
 * (or the campaign's first outlet when their home is outside the campaign's outlets). One transaction.
 * `onlyOutlet`: the scheduled refresh (recurring.ts) adds only the targets that go to this device's outlet, and
 * leaves the campaign row (a manager's) untouched.
 */
export function evaluate(store: Store, row: CampaignRow, period: string, launch: boolean, onlyOutlet: string | null = null): LaunchSummary {
  const segment = requireSegment(store, row.segment_id);
  const today = segmentToday(store);
  const where = compileSegment(store, segment.where, today);
  const outletIds = JSON.parse(row.outlets) as string[];
  // A first launch has no targets yet: the test for a known target is left out rather than made per customer.
  const hasTargets = store.sqlite.prepare('SELECT 1 FROM campaign_targets WHERE campaign_id = ? LIMIT 1').get(row.id) !== undefined;
  const candidates = store.sqlite
    .prepare(
      `SELECT c.id, c.registered_outlet_id AS home,
         (c.merged_into IS NOT NULL
          OR (EXISTS (SELECT 1 FROM cards k INDEXED BY cards_blocked_idx WHERE k.customer_id = c.id AND k.status = 'blocked' AND k.deleted_at IS NULL)
              AND NOT EXISTS (SELECT 1 FROM cards k WHERE k.customer_id = c.id AND k.status = 'active' AND k.deleted_at IS NULL))) AS gone,
         (SELECT cs.granted FROM consents cs WHERE cs.customer_id = c.id AND cs.purpose = ? AND cs.deleted_at IS NULL ORDER BY cs.at DESC, cs.rowid DESC LIMIT 1) AS answer,
         c.consent_marketing AS legacy,
         EXISTS (SELECT 1 FROM complaints x WHERE x.customer_id = c.id AND x.deleted_at IS NULL AND x.status IN ('open', 'in_progress', 'reopened')) AS complaint,
         c.id IN (SELECT customer_id FROM customer_totals INDEXED BY customer_totals_last_contact_idx WHERE last_contact_at >= ?) AS recent,
         ${hasTargets ? 'EXISTS (SELECT 1 FROM campaign_targets t WHERE t.campaign_id = ? AND t.customer_id = c.id AND t.deleted_at IS NULL)' : '0'} AS already
       FROM customers c WHERE c.deleted_at IS NULL AND ${where.sql}`,
    )
    .all(row.purpose, addDays(today, -row.quiet_days), ...(hasTargets ? [row.id] : []), ...where.params) as Candidate[];

  const excluded = Object.fromEntries(exclusionReasons.map((r) => [r, 0])) as Record<ExclusionReason, number>;
  const rows: NewRow<typeof campaignTargets>[] = [];
  let control = 0;
  let alreadyTargeted = 0;
  const homeOf = (c: Candidate) =>
    c.home && (outletIds.length === 0 || outletIds.includes(c.home)) ? c.home : (outletIds[0] ?? c.home ?? store.outletId);
  const considered = onlyOutlet === null ? candidates : candidates.filter((c) => homeOf(c) === onlyOutlet);
  for (const c of considered) {
    if (c.already) {
      alreadyTargeted++;
      continue;
    }
    const reason = exclusionOf(c);
    if (reason) {
      excluded[reason]++;
      continue;
    }
    const isControl = inControlGroup(row.id, c.id, row.control_percent);
    if (isControl) control++;
    rows.push({ id: targetId(row.id, c.id), campaignId: row.id, customerId: c.id, outletId: homeOf(c), control: isControl, period });
  }
  const summary: LaunchSummary = { period, matched: considered.length, excluded, added: rows.length, control, alreadyTargeted };
  // In id order (by customer, for a campaign's pair ids) every index the insert touches is written page after page.
  rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const write = () =>
    transact(store, (w) => {
      w.insertMany(campaignTargets, rows);
      if (onlyOutlet !== null) return;
      w.update(campaigns, row.id, {
        definition: JSON.stringify(segment.where),
        exclusions: JSON.stringify(summary),
        ...(launch && { status: 'launched' as const, launchedAt: w.nowIso }),
      });
    });
  withCheckpointOffThread(store, rows.length >= LARGE_LAUNCH, () => withPageCache(store, 512, write));
  return summary;
}

export function launchCampaign(store: Store, id: string): { campaign: Campaign; summary: LaunchSummary } {
  const row = campaignRow(store, id);
  if (row.status === 'launched')
    throw new AkrabError({ code: 'conflict', field: 'campaign', messageKey: 'error.campaign_already_launched' });
  const summary = evaluate(store, row, 'launch', true);
  return { campaign: requireCampaign(store, id), summary };
}

/**
 * A recurring campaign's new period: customers who match now and are not targets yet are added (e.g. this
 * month's birthdays). Harmless to run twice in a period: known targets are skipped, ids are deterministic.
 */
export function refreshCampaign(store: Store, id: string): LaunchSummary {
  const row = campaignRow(store, id);
  if (row.status !== 'launched') throw new AkrabError({ code: 'conflict', field: 'campaign', messageKey: 'error.campaign_not_launched' });
  if (row.recurrence !== 'monthly')
    throw new AkrabError({ code: 'validation', field: 'campaign', messageKey: 'error.campaign_not_recurring' });
  const today = segmentToday(store);
  if (today > row.period_to) throw new AkrabError({ code: 'validation', field: 'campaign', messageKey: 'error.campaign_period_over' });
  return evaluate(store, row, today.slice(0, 7), false);
}
