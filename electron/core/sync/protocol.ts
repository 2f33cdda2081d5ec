import { z } from 'zod';
import { getTableConfig } from 'drizzle-orm/sqlite-core';
import { syncedTables } from '../store/syncedTables';
import { isUnsafeText } from '../../../shared/text';

/**
 * The wire contract between a device and the central server: JSON bodies, validated with zod on both sides.
 * Plain TypeScript, shared by the engine (electron/core/sync) and the server (server/).
 */

/**
 * Synced tables (SQL names) in dependency order: a table comes after every table its foreign keys point
 * at, so a snapshot sends parents before the rows that reference them. Derived from the schema, so a table
 * added to syncedTables syncs without touching the protocol.
 */
export const syncedTableOrder: readonly string[] = (() => {
  const configs = Object.values(syncedTables).map((t) => getTableConfig(t));
  const names = new Set(configs.map((c) => c.name));
  const deps = new Map(
    configs.map((c) => [
      c.name,
      c.foreignKeys.map((fk) => getTableConfig(fk.reference().foreignTable).name).filter((n) => n !== c.name && names.has(n)),
    ]),
  );
  const order: string[] = [];
  const visit = (name: string, path: Set<string>) => {
    if (order.includes(name) || path.has(name)) return;
    path.add(name);
    for (const dep of deps.get(name) ?? []) visit(dep, path);
    order.push(name);
  };
  for (const c of configs) visit(c.name, new Set());
  return order;
})();
export type SyncedTableSqlName = string;
const syncedTableSet = new Set(syncedTableOrder);

export const MAX_PUSH_BATCH = 2000;
export const MAX_PULL_LIMIT = 5000;
export const MAX_SNAPSHOT_ROWS = 2000;
/** Request body limit on the server; a full push batch of ordinary rows stays well under it. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export const deviceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const HLC_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z-[0-9a-f]{4}-[A-Za-z0-9_-]{1,64}$/;
const COLUMN_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;
export const hlcSchema = z.string().max(100).regex(HLC_PATTERN);
const columnName = z.string().regex(COLUMN_PATTERN);
// PostgreSQL cannot store NUL in text, and no field of ours holds control characters: refused at the door.
const safeText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !isUnsafeText(s), 'control characters');
const scalar = z.union([safeText(10_000), z.number().finite(), z.boolean(), z.null()]);
const rowId = safeText(64).min(1);
const tableName = z.string().refine((t) => syncedTableSet.has(t), 'not a synced table');
const fieldData = z.record(columnName, scalar).refine((d) => Object.keys(d).length <= 64, 'too many columns');

export const outgoingChangeSchema = z.object({
  /** The device's local change id (its log sequence); with the device id it names the change. */
  id: z.number().int().nonnegative(),
  hlc: hlcSchema,
  table: tableName,
  rowId,
  op: z.enum(['upsert', 'delete']),
  data: fieldData,
  /** Who made it, signed with their authority key, on the tables whose writes need authority (authority/writeRules.ts). */
  author: z
    .object({ staffId: rowId, kind: z.enum(['pin', 'password']), signature: z.string().regex(/^[A-Za-z0-9_-]{43}$/) })
    .optional(),
});
export type OutgoingChange = z.infer<typeof outgoingChangeSchema>;

export const pushRequestSchema = z.object({
  deviceId: deviceIdSchema,
  batchId: z.string().min(1).max(100),
  changes: z.array(outgoingChangeSchema).min(1).max(MAX_PUSH_BATCH),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;
/** Why the server refused a change: the rule it broke (authority/writeRules.ts) or a clock running ahead. */
export const refusalReasons = [
  'authority_required',
  'staff_not_permitted',
  'audit_append_only',
  'audit_foreign_device',
  'erasure_not_permitted',
  'clock_ahead',
  'ledger_immutable',
  'ledger_adjust_not_permitted',
  // Loyalty events a hostile device forged (loyalty/eventRules.ts, server/authority/ledgerCheck.ts).
  'ledger_transfer_without_merge',
  'ledger_redeem_beyond_balance',
  'ledger_redeem_beyond_offline_limit',
  'ledger_earn_mismatch',
  'ledger_related_mismatch',
  'ledger_expire_fix_mismatch',
  'ledger_points_sign',
  'ledger_expire_mismatch',
  'ledger_reverse_mismatch',
  'ledger_unmerge_mismatch',
  'ledger_adjust_mismatch',
  'ledger_adjust_beyond_balance',
  'ledger_staff_mismatch',
  // Merges (issue 15): written whole by the core's rules (dedup/merge.ts), then touched only by their unmerge.
  'merge_not_found',
  'merge_invalid',
  'merge_two_identities',
  'merge_immutable',
  'dedup_decision_invalid',
  // Points rule and tier versions (loyalty/rules.ts, tiers/programme.ts): added or ended, never rewritten.
  'programme_version_immutable',
  // Campaign contacts (issue 18): written once, by signed-in staff of the pushing outlet, for a real target.
  'campaign_contact_not_permitted',
  'campaign_contact_invalid',
  'campaign_contact_immutable',
  // A card's status (loyalty/cards/cardLife.ts): changed by a manager, though the card is a device's row.
  'card_status_not_permitted',
  // A card's number (registerCustomer, addCard, replaceCard): fixed at issue, but for an erasure, a conflict's
  // resolution and an unmerge's restore (server/authority/cardNumbers.ts).
  'card_number_immutable',
  // A card blanked as an erasure leaves it (`ERASED-<id>`, blocked) with no erasure of its customer, a manager's act
  // (server/authority/cardErasures.ts).
  'card_erasure_without_erasure',
  // A number claimed with a stamp older than a row its device created in an earlier push: a clock set back to win a
  // contested number (applyRemoteChanges.ts `resolveGroup` gives it to the earliest claim).
  'card_number_backdated',
  // A customer folded into another or deleted (dedup/merge.ts): only by a merge the server holds; brought back only
  // by its unmerge.
  'customer_tombstone_without_merge',
  'customer_revival_without_unmerge',
  // A row handed to another customer (dedup/merge.ts): only by a merge, or its unmerge, the server holds.
  'customer_move_without_merge',
  // A purchase, a consent, a complaint's or an opportunity's history, an offer acted on: written once; a merge hands
  // it to another customer (server/authority/writtenOnce.ts); a phone's number, but as an erasure retires it
  // (server/authority/phoneNumbers.ts); where and when a customer registered (server/authority/customerOrigin.ts).
  'row_immutable',
] as const;
export type RefusalReason = (typeof refusalReasons)[number];
export const pushResponseSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  /**
   * Changes not accepted, by the device's change id; the rest of the batch is stored. A reason a later server
   * gives that this version does not know is still a refusal (the change is reverted, the reason audited as sent):
   * an unknown reason must not stop the device syncing.
   */
  refused: z
    .array(
      z.object({
        id: z.number().int(),
        reason: z.union([z.enum(refusalReasons), z.string().min(1).max(100)]),
        /**
         * For a refused change of a table devices compact (logCompaction.ts): the server's values of the fields it
         * wrote. The device's log no longer holds the values the refused change overwrote; the server's are the
         * ones every other replica holds.
         */
        held: fieldData.optional(),
      }),
    )
    .default([]),
  /**
   * Set when changes were refused because their stamps are ahead of the server's clock: the device's clock is
   * wrong. Those changes (and all after them) stay pending until it is right.
   */
  clockAhead: z.object({ serverTime: z.string() }).optional(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

export const remoteChangeSchema = z.object({
  seq: z.number().int(),
  deviceId: deviceIdSchema,
  hlc: hlcSchema,
  table: tableName,
  rowId,
  op: z.enum(['upsert', 'delete']),
  data: fieldData,
});
export type RemoteChangeWire = z.infer<typeof remoteChangeSchema>;

export const pullRequestSchema = z.object({
  deviceId: deviceIdSchema,
  cursor: z.number().int().nonnegative(),
  limit: z.number().int().min(1).max(MAX_PULL_LIMIT),
});
export type PullRequest = z.infer<typeof pullRequestSchema>;
export const pullResponseSchema = z.object({
  changes: z.array(remoteChangeSchema),
  nextCursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

const snapshotKey = z.object({ table: tableName, rowId });
export const snapshotRequestSchema = z.object({
  deviceId: deviceIdSchema,
  after: snapshotKey.nullable(),
  limit: z.number().int().min(1).max(MAX_SNAPSHOT_ROWS),
});
export type SnapshotRequest = z.infer<typeof snapshotRequestSchema>;
export const snapshotRowSchema = z.object({
  table: tableName,
  rowId,
  /** column → [latest value, stamp of the write that set it] */
  fields: z.record(columnName, z.tuple([scalar, hlcSchema])),
});
export type SnapshotRow = z.infer<typeof snapshotRowSchema>;
export const snapshotResponseSchema = z.object({
  /** The server cursor the snapshot is at least as new as; pulling continues from here. */
  cursor: z.number().int().nonnegative(),
  rows: z.array(snapshotRowSchema),
  nextAfter: snapshotKey.nullable(),
});
export type SnapshotResponse = z.infer<typeof snapshotResponseSchema>;

const isSafeText = (v: unknown, min: number, max: number): v is string => typeof v === 'string' && v.length >= min && v.length <= max && !isUnsafeText(v);
const isScalar = (v: unknown) => v === null || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || isSafeText(v, 0, 10_000);
const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSnapshotKey = (v: unknown) => isPlainObject(v) && syncedTableSet.has(v.table as never) && isSafeText(v.rowId, 1, 64);

/**
 * snapshotResponseSchema's rules checked in plain code (a test holds the two to the same answers): zod took a third
 * of the device's CPU in a million-customer bootstrap, a record of tuples of unions for each of 61 million fields.
 * Returns the page, or null when anything in it breaks a rule.
 */
export function parseSnapshotResponse(json: unknown): SnapshotResponse | null {
  if (!isPlainObject(json) || !Array.isArray(json.rows)) return null;
  if (typeof json.cursor !== 'number' || !Number.isSafeInteger(json.cursor) || json.cursor < 0) return null;
  if (json.nextAfter !== null && !isSnapshotKey(json.nextAfter)) return null;
  for (const row of json.rows as unknown[]) {
    if (!isSnapshotKey(row) || !isPlainObject((row as Record<string, unknown>).fields)) return null;
    const fields = (row as { fields: Record<string, unknown> }).fields;
    for (const column in fields) {
      const field = fields[column];
      if (!COLUMN_PATTERN.test(column) || !Array.isArray(field) || field.length !== 2 || !isScalar(field[0])) return null;
      const hlc: unknown = field[1];
      if (typeof hlc !== 'string' || hlc.length > 100 || !HLC_PATTERN.test(hlc)) return null;
    }
  }
  return { cursor: json.cursor, rows: json.rows as SnapshotResponse['rows'], nextAfter: json.nextAfter as SnapshotResponse['nextAfter'] };
}

export const enrolRequestSchema = z.object({
  code: z.string().min(4).max(64),
  deviceId: deviceIdSchema,
  name: z.string().max(200).optional(),
});
export type EnrolRequest = z.infer<typeof enrolRequestSchema>;
export const enrolResponseSchema = z.object({ token: z.string(), deviceId: deviceIdSchema, outletCode: z.string() });
export type EnrolResponse = z.infer<typeof enrolResponseSchema>;

export const errorBodySchema = z.object({ error: z.object({ code: z.string(), messageKey: z.string() }) });

/** The error codes the server answers with; the client maps them onto its own SyncError. */
export type ServerErrorCode =
  | 'bad_request'
  | 'too_large'
  | 'unauthorized'
  | 'device_revoked'
  | 'enrolment_code_invalid'
  | 'device_mismatch'
  | 'device_id_taken'
  | 'not_found'
  | 'rate_limited'
  | 'resync_required'
  | 'loyalty_read_not_permitted'
  | 'internal';

// Loyalty (issue 17 point 4): the counter asks the server's ledger before a redemption.
export const loyaltyBalanceRequestSchema = z.object({
  deviceId: z.string().min(1).max(100),
  customerId: z.string().min(1).max(100),
  /** When the staff member asked (ISO): the server accepts a signature for a few minutes only. */
  at: z.string().min(1).max(40).optional(),
  /** The staff member redeeming, signed with their session's authority key (authority/signing.ts signBalanceRead). */
  author: z.object({ staffId: z.string().min(1).max(100), kind: z.enum(['pin', 'password']), signature: z.string().min(1).max(200) }).optional(),
});
export type LoyaltyBalanceRequest = z.infer<typeof loyaltyBalanceRequestSchema>;
export const loyaltyBalanceResponseSchema = z.object({ balance: z.number().int(), events: z.number().int().nonnegative() });
export type LoyaltyBalanceResponse = z.infer<typeof loyaltyBalanceResponseSchema>;
