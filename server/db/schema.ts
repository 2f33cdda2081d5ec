import { pgTable, text, bigint, bigserial, jsonb, timestamp, uniqueIndex, primaryKey, index } from 'drizzle-orm/pg-core';

/** Enrolled devices. The token is random (32 bytes) and only its sha256 is kept. */
export const devices = pgTable('devices', {
  id: text('id').primaryKey(),
  outletCode: text('outlet_code').notNull(),
  name: text('name'),
  tokenHash: text('token_hash').notNull().unique('devices_token_hash_unique'),
  enrolledAt: timestamp('enrolled_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/** One-time enrolment codes an admin hands to a device; stored hashed, spent on first use. */
export const enrolmentCodes = pgTable('enrolment_codes', {
  codeHash: text('code_hash').primaryKey(),
  outletCode: text('outlet_code').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  usedByDevice: text('used_by_device'),
  /** Set for a re-enrolment: the code replaces this known device's token (the old one is revoked); else only a new id may use it. */
  forDevice: text('for_device'),
});

/**
 * Each staff member's authority keys (derived from their PIN and password; electron/core/authority/signing.ts).
 * The server alone keeps them: they arrive with the change that sets a secret and are stripped from it, so no
 * device holds them and none can sign as someone whose secret it does not know.
 */
export const staffKeys = pgTable(
  'staff_keys',
  {
    staffId: text('staff_id').notNull(),
    kind: text('kind').notNull(),
    key: text('key').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.kind] })],
);

/**
 * Every read of a customer's points balance (issue 17 point 4): which device, which staff member, which customer,
 * when. Any enrolled device may ask for any customer's balance (a customer redeems at any outlet of the chain),
 * so who asked is kept for the manager to answer later.
 */
export const loyaltyBalanceReads = pgTable(
  'loyalty_balance_reads',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deviceId: text('device_id').notNull(),
    staffId: text('staff_id').notNull(),
    customerId: text('customer_id').notNull(),
    readAt: timestamp('read_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('loyalty_balance_reads_customer_idx').on(t.customerId, t.readAt)],
);

/**
 * The append-only change log. `seq` is the pull cursor; pushes take a transaction-scoped advisory lock
 * before inserting, so sequence numbers become visible in commit order and a puller never skips one.
 * (device_id, hlc) names a change: a retried batch inserts nothing twice.
 */
export const changes = pgTable(
  'changes',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    deviceId: text('device_id').notNull(),
    hlc: text('hlc').notNull(),
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    op: text('op').notNull(),
    data: jsonb('data').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('changes_device_hlc_unique').on(t.deviceId, t.hlc),
    index('changes_device_seq_idx').on(t.deviceId, t.seq),
    // A row's history: what an erasure rewrites (server/storage/forgetEarlierValues.ts).
    index('changes_row_idx').on(t.tableName, t.rowId),
  ],
);

/** One value per (table, row, column), with the stamp of the change that wrote it. */
function fieldValueTable<N extends string>(name: N) {
  return pgTable(
    name,
    {
      tableName: text('table_name').notNull(),
      rowId: text('row_id').notNull(),
      column: text('column').notNull(),
      value: jsonb('value'),
      hlc: text('hlc').notNull(),
    },
    (t) => [primaryKey({ columns: [t.tableName, t.rowId, t.column] })],
  );
}

/**
 * The latest value of every field (last writer wins by HLC, compared bytewise with COLLATE "C"), so a new
 * device can bootstrap from a snapshot instead of replaying the log. Folded in from the log lazily (before a
 * snapshot or digest is served, up to `materialised_seq`), which keeps pushes to one insert.
 * Snapshots walk it table by table in dependency order (parents first).
 */
export const rowFields = fieldValueTable('row_fields');

/**
 * Each row of row_fields as the JSON a snapshot page serves (`{"column": [value, stamp], …}`), kept current by
 * statement triggers on row_fields (migration 0004), so whatever writes row_fields — folding, an erasure's fix —
 * updates it in the same transaction. A snapshot page is then one keyset range of this table, a row per row,
 * not a row per field (issue 20: a 1,000,000-customer chain is 61 million fields).
 */
export const snapshotRows = pgTable(
  'snapshot_rows',
  {
    tableName: text('table_name').notNull(),
    rowId: text('row_id').notNull(),
    fields: text('fields').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tableName, t.rowId] })],
);

/**
 * What each customer erasure left in every field it wrote (its value and stamp; pseudonyms and nulls, never
 * personal data). A change of such a field stamped before the erasure that arrives later (a device that was
 * offline) is stored with the erased value instead of its own: it would lose to the erasure anyway.
 */
export const erasedFields = fieldValueTable('erased_fields');

/** Server-wide bookkeeping, e.g. how far row_fields has folded the log (`materialised_seq`). */
export const serverState = pgTable('server_state', {
  key: text('key').primaryKey(),
  value: bigint('value', { mode: 'number' }).notNull(),
});

export const serverSchema = { devices, enrolmentCodes, staffKeys, changes, rowFields, snapshotRows, erasedFields, serverState };
