import { sql } from 'drizzle-orm';
import { roleRank } from '../../electron/core/auth/roles';
import { AUDIT_STAMP_COLUMNS } from '../../electron/core/authority/writeRules';
import type { OutgoingChange, RefusalReason } from '../../electron/core/sync/protocol';
import { inControlGroup } from '../../electron/core/campaigns/controlGroup';
import { hashedTargetId, targetId } from '../../electron/core/campaigns/launch';
import { campaignOutcomes } from '../../shared/campaigns';
import { rows, type ServerDrizzle } from '../storage/database';
import type { AuthorityView, StaffState } from './authorityView';

type Tx = Pick<ServerDrizzle, 'execute'>;
type Row = Record<string, unknown>;
type Actor = { staff: StaffState; kind: 'pin' | 'password' };

interface Judged {
  device: { deviceId: string; outletCode: string };
  view: AuthorityView;
  actor: Actor | null;
  managerHere: boolean;
}

/**
 * What the server knows of the campaigns, targets and contacts a push's campaign contacts name: their current
 * fields, folded from row_fields and the log (retention may have pruned a row's older changes), and kept up to
 * date as the push's own changes are accepted, so a manager's device may launch and log a contact in one batch.
 */
/** The ids a target of (campaign, customer) may have: the pair's, and the hash older campaigns and devices use. */
function pairTargetIds(data: Row): string[] {
  if (typeof data.campaign_id !== 'string' || typeof data.customer_id !== 'string') return [];
  return [...new Set([targetId(data.campaign_id, data.customer_id), hashedTargetId(data.campaign_id, data.customer_id)])];
}

export class CampaignWriteCheck {
  private constructor(
    private readonly campaigns: Map<string, Row>,
    private readonly targets: Map<string, Row>,
    private readonly contacts: Set<string>,
  ) {}

  static async load(tx: Tx, batch: readonly OutgoingChange[]): Promise<CampaignWriteCheck> {
    const contacts = batch.filter((c) => c.table === 'campaign_contacts');
    const newTargets = batch.filter((c) => c.table === 'campaign_targets');
    // A new target's pair under either id, so one customer cannot be added twice (scheduledTarget).
    const pairIds = newTargets.flatMap((c) => pairTargetIds(c.data));
    const targetIds = [...contacts.map((c) => c.data.target_id), ...newTargets.map((c) => c.rowId), ...pairIds].filter((id): id is string => typeof id === 'string');
    const targets = await currentRows(tx, 'campaign_targets', targetIds);
    const campaignIds = [
      ...contacts.map((c) => c.data.campaign_id),
      ...newTargets.map((c) => c.data.campaign_id),
      ...[...targets.values()].map((t) => t.campaign_id),
    ].filter((id): id is string => typeof id === 'string');
    const campaigns = await currentRows(tx, 'campaigns', campaignIds);
    const known = await currentRows(tx, 'campaign_contacts', contacts.map((c) => c.rowId));
    return new CampaignWriteCheck(campaigns, targets, new Set(known.keys()));
  }

  /** Folds an accepted change of this push into what later changes of the same push are judged against. */
  accepted(change: OutgoingChange): void {
    const into = change.table === 'campaigns' ? this.campaigns : change.table === 'campaign_targets' ? this.targets : null;
    if (into) into.set(change.rowId, { ...(into.get(change.rowId) ?? {}), ...change.data });
    if (change.table === 'campaign_contacts') this.contacts.add(change.rowId);
  }

  /**
   * A target added by a device's scheduled refresh of a recurring campaign (electron/core/campaigns/recurring.ts),
   * which no manager signs: a new row (or the same row restated by another device of the outlet), of a launched monthly campaign, for a month of its period, going to the
   * pushing device's own outlet, with the id and control-group membership that (campaign, customer) determine.
   * Whether the customer matches the segment is the device's word: the manager's launch decided who the campaign
   * is for, and a target still needs the customer's consent before anyone contacts them.
   */
  scheduledTarget(change: OutgoingChange, device: { deviceId: string; outletCode: string }, view: AuthorityView): boolean {
    const data = change.data;
    if (change.table !== 'campaign_targets' || change.op !== 'upsert') return false;
    if (typeof data.campaign_id !== 'string' || typeof data.customer_id !== 'string') return false;
    // Two devices of one outlet may add the same target before either has synced: the second restates the row.
    const known = this.targets.get(change.rowId);
    if (known && (known.deleted_at != null || known.outlet_id !== data.outlet_id || isTrue(known.control) !== isTrue(data.control))) return false;
    const campaign = this.campaigns.get(data.campaign_id);
    if (!campaign || campaign.deleted_at != null || campaign.status !== 'launched' || campaign.recurrence !== 'monthly') return false;
    // Either id the pair determines: devices not yet updated still write the hashed one (launch.ts); but not the
    // pair under one id when the server holds it under the other.
    const ids = pairTargetIds(data);
    if (data.id !== change.rowId || !ids.includes(change.rowId)) return false;
    const heldUnder = (id: string) => this.targets.has(id) && this.targets.get(id)!.deleted_at == null;
    if (ids.some((id) => id !== change.rowId && heldUnder(id))) return false;
    const percent = typeof campaign.control_percent === 'number' ? campaign.control_percent : Number.NaN;
    if (isTrue(data.control) !== inControlGroup(data.campaign_id, data.customer_id, percent)) return false;
    const from = String(campaign.period_from ?? '').slice(0, 7);
    const to = String(campaign.period_to ?? '').slice(0, 7);
    if (typeof data.period !== 'string' || !/^\d{4}-\d{2}$/.test(data.period) || data.period < from || data.period > to) return false;
    if (typeof data.outlet_id !== 'string' || view.outletCode(data.outlet_id) !== device.outletCode) return false;
    return data.created_by_device === device.deviceId && data.deleted_at == null;
  }

  /**
   * A campaign contact as recordCampaignContact writes it: once, by the device that made it, signed by a clerk
   * (or above) of the device's outlet who is named as its staff, at that outlet, with a known outcome, for a
   * target of a launched campaign outside the control group, carrying the target's own campaign and customer.
   * The only later change allowed is a manager's emptying of the note (what an erasure does to free text).
   */
  judge(change: OutgoingChange, { device, view, actor, managerHere }: Judged): RefusalReason | null {
    if (change.op === 'delete') return 'campaign_contact_immutable';
    if (this.contacts.has(change.rowId)) return managerHere && isNoteScrub(change) ? null : 'campaign_contact_immutable';
    const data = change.data;
    if (!actor || roleRank[actor.staff.role] < roleRank.clerk) return 'campaign_contact_not_permitted';
    if (actor.staff.role !== 'admin' && view.outletCode(actor.staff.outletId) !== device.outletCode) return 'campaign_contact_not_permitted';
    if (data.staff !== actor.staff.name) return 'campaign_contact_not_permitted';
    if (data.created_by_device !== device.deviceId) return 'campaign_contact_not_permitted';
    if (typeof data.outlet_id !== 'string' || view.outletCode(data.outlet_id) !== device.outletCode) return 'campaign_contact_not_permitted';

    if (!(campaignOutcomes as readonly unknown[]).includes(data.outcome)) return 'campaign_contact_invalid';
    if (typeof data.at !== 'string' || data.deleted_at != null) return 'campaign_contact_invalid';
    const target = typeof data.target_id === 'string' ? this.targets.get(data.target_id) : undefined;
    if (!target || target.deleted_at != null || isTrue(target.control)) return 'campaign_contact_invalid';
    if (target.campaign_id !== data.campaign_id || target.customer_id !== data.customer_id) return 'campaign_contact_invalid';
    const campaign = this.campaigns.get(data.campaign_id as string);
    if (!campaign || campaign.deleted_at != null || campaign.status !== 'launched') return 'campaign_contact_invalid';
    return null;
  }
}

function isTrue(value: unknown): boolean {
  return value === true || value === 1;
}

function isNoteScrub(change: OutgoingChange): boolean {
  if (change.data.note !== null) return false;
  return Object.keys(change.data).every((c) => c === 'note' || AUDIT_STAMP_COLUMNS.has(c));
}

/** Each row's current fields, last writer by stamp, from the folded fields and the changes not yet folded. */
async function currentRows(tx: Tx, table: string, ids: readonly string[]): Promise<Map<string, Row>> {
  const wanted = JSON.stringify([...new Set(ids)]);
  const result = new Map<string, Row>();
  if (wanted === '[]') return result;
  const stamps = new Map<string, string>();
  const set = (rowId: string, column: string, value: unknown, hlc: string) => {
    const key = `${rowId}\u0000${column}`;
    const before = stamps.get(key);
    if (before !== undefined && before >= hlc) return;
    stamps.set(key, hlc);
    const row = result.get(rowId) ?? {};
    row[column] = value;
    result.set(rowId, row);
  };
  const folded = await rows<{ row_id: string; column: string; value: string; hlc: string }>(
    tx,
    sql`SELECT row_id, "column", value::text AS value, hlc FROM row_fields WHERE table_name = ${table}
        AND row_id IN (SELECT jsonb_array_elements_text(${wanted}::jsonb))`,
  );
  for (const f of folded) set(f.row_id, f.column, JSON.parse(f.value), f.hlc);
  const logged = await rows<{ row_id: string; data: string; hlc: string }>(
    tx,
    sql`SELECT row_id, data::text AS data, hlc FROM changes WHERE table_name = ${table}
        AND row_id IN (SELECT jsonb_array_elements_text(${wanted}::jsonb))`,
  );
  for (const c of logged) {
    for (const [column, value] of Object.entries(JSON.parse(c.data) as Row)) set(c.row_id, column, value, c.hlc);
  }
  return result;
}
