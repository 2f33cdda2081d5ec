import { campaignOutcomes, finalOutcomes, type CampaignOutcome } from '../../../shared/campaigns';
import { addDays } from '../reports/scope';
import type { Store } from '../store/store';
import { campaignRow, toCampaign } from './campaigns';
import { liftOf, type Lift } from './lift';
import type { Campaign } from '../../../shared/campaigns';

const DAY_MS = 86_400_000;

/** Contact figures of one slice of a campaign (the whole, an outlet, a staff member). */
export interface ResultRow {
  key: string;
  label: string;
  targets: number;
  contacted: number;
  reached: number;
  responded: number;
  /** Purchases within the attribution window after the target's first contact, each counted once. */
  purchases: number;
  revenue: number;
}

export interface GroupOutcome {
  customers: number;
  /** Customers with at least one purchase in the comparison window. */
  buyers: number;
  rate: number;
  revenue: number;
}

export interface CampaignResults {
  campaign: Campaign;
  /** The comparison window of contact and control groups: from launch to the period's end + the attribution days (or now). */
  window: { from: string; to: string } | null;
  total: ResultRow;
  outlets: (ResultRow & { control: GroupOutcome; treated: GroupOutcome; lift: Lift | null })[];
  staff: ResultRow[];
  treated: GroupOutcome;
  control: GroupOutcome;
  lift: Lift | null;
}

interface TargetFacts {
  id: string;
  customerId: string;
  outletId: string | null;
  control: boolean;
  firstAt: number | null;
  firstStaff: string | null;
  /** The outcomes of its contacts, one bit each (OUTCOME_BIT): a hundred thousand targets are built per call. */
  outcomes: number;
  /** Purchases in the comparison window, and those attributed to the first contact. */
  windowPurchases: number;
  windowRevenue: number;
  attributed: number;
  attributedRevenue: number;
}

const OUTCOME_BIT = Object.fromEntries(campaignOutcomes.map((o, i) => [o, 1 << i])) as Record<CampaignOutcome, number>;
const REACHED = finalOutcomes.reduce((bits, o) => bits | OUTCOME_BIT[o], 0);
const RESPONDED = OUTCOME_BIT.responded;

function emptyRow(key: string, label: string): ResultRow {
  return { key, label, targets: 0, contacted: 0, reached: 0, responded: 0, purchases: 0, revenue: 0 };
}

function addTarget(row: ResultRow, t: TargetFacts): void {
  row.targets++;
  if (t.firstAt !== null) row.contacted++;
  if (t.outcomes & REACHED) row.reached++;
  if (t.outcomes & RESPONDED) row.responded++;
  row.purchases += t.attributed;
  row.revenue += t.attributedRevenue;
}

function outcomeOf(targets: readonly TargetFacts[]): GroupOutcome {
  let buyers = 0;
  let revenue = 0;
  for (const t of targets) {
    if (t.windowPurchases > 0) buyers++;
    revenue += t.windowRevenue;
  }
  return { customers: targets.length, buyers, rate: targets.length ? buyers / targets.length : 0, revenue };
}

/**
 * A campaign's results from what the store holds: contacts per target, and the targets' purchases. Attribution: a
 * purchase made after the target's first contact and within the campaign's attribution days counts once, for the
 * outlet of the target and the staff member of that first contact. Lift compares the contact group (every
 * non-control target, contacted or not: intention to treat) with the control group over one window.
 */
export function campaignResults(store: Store, campaignId: string): CampaignResults {
  const row = campaignRow(store, campaignId);
  const campaign = toCampaign(store, row);
  // Rows as arrays and one object literal per target: spreading a hundred thousand row objects cost ~1.5 s at 1M.
  const facts = new Map<string, TargetFacts>();
  for (const [id, customerId, outletId, control] of store.sqlite
    .prepare('SELECT id, customer_id, outlet_id, control FROM campaign_targets WHERE campaign_id = ? AND deleted_at IS NULL')
    .raw()
    .iterate(campaignId) as Iterable<[string, string, string | null, number]>)
    facts.set(id, {
      id,
      customerId,
      outletId,
      control: control === 1,
      firstAt: null,
      firstStaff: null,
      outcomes: 0,
      windowPurchases: 0,
      windowRevenue: 0,
      attributed: 0,
      attributedRevenue: 0,
    });

  /** Per staff member, the targets they contacted and the outcomes of their own contacts. */
  const staffTargets = new Map<string, Map<string, number>>();
  for (const [targetId, at, contactStaff, outcome] of store.sqlite
    .prepare('SELECT target_id, at, staff, outcome FROM campaign_contacts WHERE campaign_id = ? AND deleted_at IS NULL ORDER BY at, id')
    .raw()
    .iterate(campaignId) as Iterable<[string, string, string | null, CampaignOutcome]>) {
    const t = facts.get(targetId);
    if (!t) continue;
    if (t.firstAt === null) {
      t.firstAt = Date.parse(at);
      t.firstStaff = contactStaff;
    }
    const bit = OUTCOME_BIT[outcome];
    t.outcomes |= bit;
    const staff = contactStaff ?? '-';
    const mine = staffTargets.get(staff) ?? new Map<string, number>();
    staffTargets.set(staff, mine);
    mine.set(targetId, (mine.get(targetId) ?? 0) | bit);
  }

  const window = row.launched_at ? { from: row.launched_at, to: windowEnd(row.period_to, row.attribution_days) } : null;
  if (window) {
    const attributionMs = row.attribution_days * DAY_MS;
    // Every purchase of a target in the window, target by target, from the covering purchases_report_idx (no table reads).
    for (const [targetId, purchasedAt, amount] of store.sqlite
      .prepare(
        `SELECT t.id, p.purchased_at, p.amount FROM campaign_targets t
           JOIN purchases p INDEXED BY purchases_report_idx ON p.customer_id = t.customer_id AND p.purchased_at >= ? AND p.purchased_at < ?
          WHERE t.campaign_id = ? AND t.deleted_at IS NULL AND p.deleted_at IS NULL`,
      )
      .raw()
      .iterate(window.from, window.to, campaignId) as Iterable<[string, string, number]>) {
      const t = facts.get(targetId)!;
      t.windowPurchases++;
      t.windowRevenue += amount;
      const at = Date.parse(purchasedAt);
      if (t.firstAt !== null && at > t.firstAt && at <= t.firstAt + attributionMs) {
        t.attributed++;
        t.attributedRevenue += amount;
      }
    }
  }

  const all = [...facts.values()];
  const treatedTargets = all.filter((t) => !t.control);
  const controlTargets = all.filter((t) => t.control);
  const total = emptyRow('campaign', campaign.name);
  for (const t of treatedTargets) addTarget(total, t);

  const codes = new Map(
    (store.sqlite.prepare('SELECT id, code FROM outlets').all() as { id: string; code: string }[]).map((o) => [o.id, o.code]),
  );
  const byOutlet = new Map<string, { treated: TargetFacts[]; control: TargetFacts[] }>();
  for (const t of all) {
    const key = t.outletId ?? '-';
    let group = byOutlet.get(key);
    if (!group) byOutlet.set(key, (group = { treated: [], control: [] }));
    (t.control ? group.control : group.treated).push(t);
  }
  const outletIds = [...byOutlet.keys()].sort((a, b) => (codes.get(a) ?? a).localeCompare(codes.get(b) ?? b));
  const outlets = outletIds.map((id) => {
    const r = emptyRow(id, codes.get(id) ?? '-');
    const { treated, control } = byOutlet.get(id)!;
    for (const t of treated) addTarget(r, t);
    const [to, co] = [outcomeOf(treated), outcomeOf(control)];
    return { ...r, treated: to, control: co, lift: liftOf(to.buyers, to.customers, co.buyers, co.customers) };
  });

  const staff = [...staffTargets.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, targets]) => {
      const r = emptyRow(name, name);
      for (const [id, outcomes] of targets) {
        const t = facts.get(id)!;
        r.targets++;
        r.contacted++;
        if (outcomes & REACHED) r.reached++;
        if (outcomes & RESPONDED) r.responded++;
        // Purchases go to whoever made the first contact, so two staff never both count one sale.
        if (t.firstStaff === name || (t.firstStaff === null && name === '-')) {
          r.purchases += t.attributed;
          r.revenue += t.attributedRevenue;
        }
      }
      return r;
    });

  const treated = outcomeOf(treatedTargets);
  const control = outcomeOf(controlTargets);
  return {
    campaign,
    window,
    total,
    outlets,
    staff,
    treated,
    control,
    lift: liftOf(treated.buyers, treated.customers, control.buyers, control.customers),
  };
}

/** The period's last day + the attribution days, as an exclusive instant. */
function windowEnd(periodTo: string, attributionDays: number): string {
  return `${addDays(periodTo, 1 + attributionDays)}T00:00:00.000Z`;
}
