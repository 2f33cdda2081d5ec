import { campaignContacts } from '../../../db/schema/segments';
import {
  campaignContactSchema,
  finalOutcomes,
  type CampaignChannel,
  type CampaignContactItem,
  type CampaignOutcome,
} from '../../../shared/campaigns';
import type { InteractionChannel, InteractionOutcome } from '../../../shared/care';
import { AkrabError } from '../../../shared/errors';
import { whatsappLink } from '../../../shared/phone';
import type { Session } from '../auth/roles';
import { insertInteraction } from '../care/interactions/interactions';
import { parseOrThrow } from '../care/settings/careSettings';
import { renderTemplate, salutation } from '../care/templates/templates';
import { newId } from '../ids';
import { currentOutlet } from '../outlets/outlets';
import { writeConsents } from '../privacy/consents';
import { consentGranted } from '../segments/compile';
import { segmentTierOptions, segmentToday } from '../segments/segments';
import type { Store } from '../store/store';
import { transact } from '../store/writer';

const interactionChannel: Record<CampaignChannel, InteractionChannel> = {
  whatsapp: 'whatsapp',
  phone: 'phone',
  sms: 'sms',
  email: 'email',
  letter: 'note',
};
const interactionOutcome: Record<CampaignOutcome, InteractionOutcome> = {
  reached: 'reached',
  responded: 'reached',
  declined: 'reached',
  opted_out: 'reached',
  no_answer: 'no_answer',
};

/** The final outcomes as SQL literals (fixed words, not user input). */
export const FINAL_OUTCOMES_SQL = finalOutcomes.map((o) => `'${o}'`).join(', ');

interface ContactRow {
  targetId: string;
  campaignId: string;
  campaignName: string;
  channel: CampaignChannel;
  template: string;
  customerId: string;
  fullName: string;
  gender: 'M' | 'F' | null;
  cardNo: string | null;
  phone: string | null;
  product: string | null;
  lastOutcome: CampaignOutcome | null;
  tierCode: string | null;
}

/**
 * The campaign contacts on an outlet's "my day": its targets in campaigns running today, not in the control group,
 * not yet answered for good, and still consenting to the campaign's purpose (an opt-out given at any outlet
 * removes the target as soon as it has synced here).
 */
export function campaignContactsFor(store: Store, options: { outletId?: string | null; limit?: number } = {}): CampaignContactItem[] {
  const outletId = options.outletId ?? store.outletId;
  if (!outletId) return [];
  const today = segmentToday(store);
  const rows = store.sqlite
    .prepare(
      `SELECT t.id AS targetId, k.id AS campaignId, k.name AS campaignName, k.channel, k.template, c.id AS customerId, c.full_name AS fullName, c.gender,
              (SELECT card_no FROM cards WHERE customer_id = c.id AND status = 'active' AND deleted_at IS NULL ORDER BY issued_at LIMIT 1) AS cardNo,
              (SELECT e164 FROM phones WHERE customer_id = c.id AND deleted_at IS NULL ORDER BY e164 LIKE '+628%' DESC, created_at LIMIT 1) AS phone,
              (SELECT main_product FROM purchases WHERE customer_id = c.id AND deleted_at IS NULL AND main_product IS NOT NULL ORDER BY purchased_at DESC LIMIT 1) AS product,
              (SELECT outcome FROM campaign_contacts x WHERE x.target_id = t.id AND x.deleted_at IS NULL ORDER BY x.at DESC LIMIT 1) AS lastOutcome,
              (SELECT tier_code FROM customer_tiers WHERE customer_id = c.id) AS tierCode
         FROM campaign_targets t INDEXED BY campaign_targets_outlet_idx
         JOIN campaigns k ON k.id = t.campaign_id
         JOIN customers c ON c.id = t.customer_id
        WHERE t.outlet_id = ? AND t.control = 0 AND t.deleted_at IS NULL
          AND k.status = 'launched' AND k.deleted_at IS NULL AND k.period_from <= ? AND k.period_to >= ?
          AND c.deleted_at IS NULL AND c.merged_into IS NULL
          AND NOT EXISTS (SELECT 1 FROM campaign_contacts x WHERE x.target_id = t.id AND x.deleted_at IS NULL AND x.outcome IN (${FINAL_OUTCOMES_SQL}))
          AND ${consentGranted('c', 'k.purpose')} = 1
        ORDER BY k.period_to, c.name_search
        LIMIT ?`,
    )
    .all(outletId, today, today, options.limit ?? 200) as ContactRow[];
  const tierName = tierNames(store);
  return rows.map((r) => toItem(store, r, tierName(r.tierCode)));
}

/** The name of a tier by its code (the current programme's words), for the `{tier}` placeholder. */
export function tierNames(store: Store): (code: string | null) => string {
  const names = new Map(segmentTierOptions(store).map((o) => [o.code, o.name]));
  return (code) => (code ? (names.get(code) ?? code) : '');
}

function toItem(store: Store, r: ContactRow, tier: string): CampaignContactItem {
  const message = renderTemplate(r.template, {
    sapaan: salutation(r.fullName, r.gender),
    nama: r.fullName,
    kartu: r.cardNo ?? '',
    tier,
    produk: r.product ?? '',
    outlet: currentOutlet(store)?.name ?? '',
  });
  const mobile = r.phone?.startsWith('+628') ? r.phone : null;
  return {
    targetId: r.targetId,
    campaignId: r.campaignId,
    campaignName: r.campaignName,
    channel: r.channel,
    customerId: r.customerId,
    fullName: r.fullName,
    cardNo: r.cardNo,
    phone: r.phone,
    message,
    whatsapp: r.channel === 'whatsapp' && mobile ? whatsappLink(mobile, message) : null,
    tel: r.phone ? `tel:${r.phone}` : null,
    lastOutcome: r.lastOutcome,
  };
}

interface TargetRow {
  id: string;
  campaign_id: string;
  customer_id: string;
  control: number;
  purpose: string;
  channel: CampaignChannel;
  name: string;
  status: string;
}

/**
 * Logs a contact with a target: an interaction in the customer's history and a campaign contact with its outcome,
 * in one transaction. An opt-out withdraws the customer's consent for the campaign's purpose, here and, after
 * sync, everywhere. A customer who no longer consents cannot be contacted for this purpose.
 */
export function recordCampaignContact(store: Store, actor: Session | null, input: unknown): { id: string; interactionId: string } {
  const i = parseOrThrow(campaignContactSchema, input);
  const target = store.sqlite
    .prepare(
      `SELECT t.id, t.campaign_id, t.customer_id, t.control, k.purpose, k.channel, k.name, k.status
         FROM campaign_targets t JOIN campaigns k ON k.id = t.campaign_id WHERE t.id = ? AND t.deleted_at IS NULL`,
    )
    .get(i.targetId) as TargetRow | undefined;
  if (!target) throw new AkrabError({ code: 'not_found', field: 'targetId', messageKey: 'error.campaign_target_not_found' });
  if (target.control) throw new AkrabError({ code: 'validation', field: 'targetId', messageKey: 'error.campaign_target_control' });
  const consenting = store.sqlite
    .prepare(`SELECT ${consentGranted('c')} FROM customers c WHERE c.id = ?`)
    .pluck()
    .get(target.purpose, target.customer_id);
  if (consenting !== 1) throw new AkrabError({ code: 'validation', field: 'targetId', messageKey: 'error.campaign_consent_withdrawn' });
  const id = newId();
  const interactionId = newId();
  transact(store, (w) => {
    const at = w.nowIso;
    insertInteraction(store, w, {
      id: interactionId,
      customerId: target.customer_id,
      channel: interactionChannel[target.channel],
      direction: 'out',
      at,
      note: i.note ? `${target.name}: ${i.note}` : target.name,
      outcome: interactionOutcome[i.outcome],
      followUpId: null,
    });
    w.insert(campaignContacts, {
      id,
      campaignId: target.campaign_id,
      targetId: target.id,
      customerId: target.customer_id,
      interactionId,
      outletId: store.outletId,
      staff: actor?.name ?? store.staff,
      at,
      outcome: i.outcome,
      note: i.note,
    });
    if (i.outcome === 'opted_out')
      writeConsents(w, store, actor, target.customer_id, [{ purpose: target.purpose as never, granted: false }], 'counter');
  });
  return { id, interactionId };
}
