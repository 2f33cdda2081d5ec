import { AUDIT_STAMP_COLUMNS } from '../../electron/core/authority/writeRules';
import type { OutgoingChange } from '../../electron/core/sync/protocol';

/** Versioned programme terms: the points rules (loyalty/rules.ts) and the tier thresholds (loyalty/tiers/programme.ts). */
export const PROGRAMME_VERSION_TABLES: ReadonlySet<string> = new Set(['loyalty_rules', 'loyalty_tiers']);

/**
 * A programme version is set once and then only ended: `setRule` / `setTiers` insert a new version and set the
 * open-ended one's `valid_to`, nothing else, and never delete one. Terms changed in place would apply backwards
 * (earns and tiers already judged by the old terms, offline earns pushed later refused by the new ones), which the
 * core never does even for a manager; before, a manager's signature was all the server asked.
 */
export function programmeVersionChangeAllowed(change: OutgoingChange, held: boolean): boolean {
  if (change.op === 'delete' || (change.data.deleted_at !== undefined && change.data.deleted_at !== null)) return false;
  if (!held) return true;
  return Object.entries(change.data).every(([column, value]) => AUDIT_STAMP_COLUMNS.has(column) || (column === 'valid_to' && typeof value === 'string'));
}
