import { text } from 'drizzle-orm/sqlite-core';

/** Audit columns every synced row carries: when and by which device/staff it was created and last changed. */
export const auditColumns = {
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
  createdByDevice: text('created_by_device').notNull(),
  createdByStaff: text('created_by_staff'),
  updatedByDevice: text('updated_by_device').notNull(),
  updatedByStaff: text('updated_by_staff'),
  /** Tombstone: a deleted row stays so the deletion can sync. */
  deletedAt: text('deleted_at'),
};
