import { campaigns } from '../../../db/schema/segments';
import { campaignCreateSchema, type Campaign, type CampaignChannel, type LaunchSummary } from '../../../shared/campaigns';
import { AkrabError } from '../../../shared/errors';
import type { ConsentPurpose } from '../../../shared/privacy';
import { parseOrThrow } from '../care/settings/careSettings';
import { newId } from '../ids';
import { outletByCode, outletById } from '../outlets/outlets';
import { addDays } from '../reports/scope';
import { requireSegment, segmentToday } from '../segments/segments';
import type { Store } from '../store/store';
import { transact } from '../store/writer';

export interface CampaignRow {
  id: string;
  name: string;
  purpose: ConsentPurpose;
  channel: CampaignChannel;
  segment_id: string;
  definition: string;
  period_from: string;
  period_to: string;
  outlets: string;
  template: string;
  control_percent: number;
  quiet_days: number;
  attribution_days: number;
  recurrence: 'none' | 'monthly';
  status: 'draft' | 'launched';
  launched_at: string | null;
  exclusions: string | null;
}

/** A campaign as a draft: checked whole (purpose, segment, outlets, template, control share) before anything is written. */
export function createCampaign(store: Store, input: unknown): Campaign {
  const c = parseOrThrow(campaignCreateSchema, input);
  const segment = requireSegment(store, c.segment);
  const outletIds = c.outlets.map((code) => {
    const outlet = outletByCode(store, code.toUpperCase());
    if (!outlet) throw new AkrabError({ code: 'validation', field: 'outlets', messageKey: 'error.outlet_unknown', params: { code } });
    return outlet.id;
  });
  const today = segmentToday(store);
  const id = newId();
  transact(store, (w) =>
    w.insert(campaigns, {
      id,
      name: c.name,
      purpose: c.purpose,
      channel: c.channel,
      segmentId: segment.id,
      definition: JSON.stringify(segment.where),
      periodFrom: c.periodFrom ?? today,
      periodTo: c.periodTo ?? addDays(c.periodFrom ?? today, 30),
      outlets: JSON.stringify(outletIds),
      template: c.template,
      controlPercent: c.controlPercent,
      quietDays: c.quietDays,
      attributionDays: c.attributionDays,
      recurrence: c.recurrence,
      status: 'draft',
      launchedAt: null,
      exclusions: null,
    }),
  );
  return requireCampaign(store, id);
}

export function campaignRow(store: Store, id: string): CampaignRow {
  const row = store.sqlite.prepare('SELECT * FROM campaigns WHERE id = ? AND deleted_at IS NULL').get(id) as CampaignRow | undefined;
  if (!row) throw new AkrabError({ code: 'not_found', field: 'campaign', messageKey: 'error.campaign_not_found', params: { id } });
  return row;
}

export function toCampaign(store: Store, row: CampaignRow): Campaign {
  return {
    id: row.id,
    name: row.name,
    purpose: row.purpose,
    channel: row.channel,
    segmentId: row.segment_id,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    outletCodes: (JSON.parse(row.outlets) as string[]).map((o) => outletById(store, o)?.code ?? o),
    template: row.template,
    controlPercent: row.control_percent,
    quietDays: row.quiet_days,
    attributionDays: row.attribution_days,
    recurrence: row.recurrence,
    status: row.status,
    launchedAt: row.launched_at,
    exclusions: row.exclusions ? (JSON.parse(row.exclusions) as LaunchSummary) : null,
  };
}

export function requireCampaign(store: Store, id: string): Campaign {
  return toCampaign(store, campaignRow(store, id));
}

export function listCampaigns(store: Store): Campaign[] {
  const rows = store.sqlite.prepare('SELECT * FROM campaigns WHERE deleted_at IS NULL ORDER BY created_at DESC').all() as CampaignRow[];
  return rows.map((r) => toCampaign(store, r));
}
