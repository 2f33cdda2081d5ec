/**
 * What authority a synced table's writes need, enforced by the central server on every pushed change
 * (server/authority) just as the core's permissions enforce them on staff at a screen:
 * - `device`: an enrolled device may write it (customers, purchases, contacts, complaints, consents…); a card's
 *   status only as a manager changes it (server/authority/cardStatus.ts), a customer folded into another or
 *   deleted only by a merge the server holds (server/authority/customerTombstones.ts), a row handed to another
 *   customer only by a merge (or its unmerge) the server holds that covers the row (server/authority/customerMoves.ts);
 * - `append_only`: new rows stamped with the pushing device only; never updated or deleted, except the
 *   erasure's emptying of `details`, signed by a manager;
 * - `manager_signed`: signed by an active manager of the device's outlet (or an admin), with a password session;
 * - `staff_admin`: staff accounts, checked as staffAuthority.ts checks them, or one's own secrets;
 * - `ledger`: the points ledger. Events are written whole and never changed: a change must carry the event's
 *   kind, points and customer, and a delete is refused; each event follows the rules the core writes it by
 *   (loyalty/eventRules.ts, server/authority/ledgerCheck.ts): an `adjust` signed by the manager it names, with a
 *   reason; a transfer signed by a manager, of a merge the server holds; a redemption not provisional within the
 *   server's balance; an earn with its rule's points; an event naming another is on that event's customer;
 * - `campaign_contact`: a contact made for a campaign, written once by the pushing device, signed by a clerk (or
 *   above) of that device's outlet named as its `staff`, for a target of a launched campaign that is not in the
 *   control group, with the target's own campaign and customer (server/authority/campaignWrites.ts).
 * Tables not named here are `device`.
 */
export type WriteRule = 'device' | 'append_only' | 'manager_signed' | 'staff_admin' | 'ledger' | 'campaign_contact';

const rules: Readonly<Record<string, WriteRule>> = {
  staff: 'staff_admin',
  audit_log: 'append_only',
  care_settings: 'manager_signed',
  closed_days: 'manager_signed',
  merges: 'manager_signed',
  merge_items: 'manager_signed',
  dedup_decisions: 'manager_signed',
  loyalty_rules: 'manager_signed',
  points_ledger: 'ledger',
  // Segments and campaigns (issue 18): managers define and launch; the outlets' staff log contacts.
  segments: 'manager_signed',
  campaigns: 'manager_signed',
  campaign_targets: 'manager_signed',
  campaign_contacts: 'campaign_contact',
  // Knowing each customer (issue 19): the interest tags and offer-rule minimums are the manager's to curate.
  interest_tags: 'manager_signed',
  knowledge_settings: 'manager_signed',
  loyalty_tiers: 'manager_signed',
  card_events: 'manager_signed',
};

export function writeRuleOf(table: string): WriteRule {
  return rules[table] ?? 'device';
}

/**
 * Columns of device tables whose writes the server still judges: a card's status is a manager's to change
 * (loyalty/cards/cardLife.ts, server/authority/cardStatus.ts), so a change writing it is signed too.
 */
const SIGNED_COLUMNS: Readonly<Record<string, readonly string[]>> = { cards: ['status'] };

/** Changes of these tables (or writing these columns) are signed by the session that made them. */
export function needsSignature(table: string, data?: Readonly<Record<string, unknown>>): boolean {
  if (writeRuleOf(table) !== 'device') return true;
  const columns = SIGNED_COLUMNS[table];
  return columns !== undefined && data !== undefined && columns.some((c) => c in data);
}

/** Audit columns every writer fills; they say nothing about what a change does. */
export const AUDIT_STAMP_COLUMNS = new Set(['updated_at', 'updated_by_device', 'updated_by_staff']);
