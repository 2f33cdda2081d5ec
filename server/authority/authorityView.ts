import { sql } from 'drizzle-orm';
import type { Role, Session } from '../../electron/core/auth/roles';
import { rows, type ServerDrizzle } from '../storage/database';
import { heldRows } from '../storage/heldRows';

export interface StaffState {
  id: string;
  name: string;
  role: Role;
  outletId: string | null;
  active: boolean;
  deleted: boolean;
}

/**
 * What the server knows of staff, outlets and authority keys, read from the rows it holds when a push needs it
 * (staff and outlets are small tables) and kept up to date as the push's own changes are accepted.
 */
export class AuthorityView {
  private constructor(
    private readonly staff: Map<string, StaffState>,
    private readonly outletCodes: Map<string, string>,
    private readonly keys: Map<string, string>,
  ) {}

  static async load(db: Pick<ServerDrizzle, 'execute'>): Promise<AuthorityView> {
    // From the rows as the server holds them, not the log alone: retention prunes staff and outlet changes.
    const view = new AuthorityView(new Map(), new Map(), new Map());
    for (const [id, row] of await heldRows(db, 'staff', 'all')) view.applyStaff(id, row);
    for (const [id, row] of await heldRows(db, 'outlets', 'all')) if (typeof row.code === 'string') view.outletCodes.set(id, row.code);
    const keys = await rows<{ staff_id: string; kind: string; key: string }>(db, sql`SELECT staff_id, kind, key FROM staff_keys`);
    for (const k of keys) view.keys.set(`${k.staff_id}:${k.kind}`, k.key);
    return view;
  }

  staffMember(id: string): StaffState | undefined {
    return this.staff.get(id);
  }

  key(staffId: string, kind: string): string | undefined {
    return this.keys.get(`${staffId}:${kind}`);
  }

  setKey(staffId: string, kind: string, key: string): void {
    this.keys.set(`${staffId}:${kind}`, key);
  }

  outletCode(outletId: string | null): string | null {
    return outletId ? (this.outletCodes.get(outletId) ?? null) : null;
  }

  /** Folds one accepted (or stored) change of a staff row into the view. */
  applyStaff(rowId: string, data: Readonly<Record<string, unknown>>): void {
    const before = this.staff.get(rowId) ?? { id: rowId, name: '', role: 'booth' as Role, outletId: null, active: true, deleted: false };
    this.staff.set(rowId, {
      id: rowId,
      name: typeof data.name === 'string' ? data.name : before.name,
      role: typeof data.role === 'string' ? (data.role as Role) : before.role,
      outletId: 'outlet_id' in data ? ((data.outlet_id as string | null) ?? null) : before.outletId,
      active: 'active' in data ? data.active === 1 || data.active === true : before.active,
      deleted: 'deleted_at' in data ? data.deleted_at !== null : before.deleted,
    });
  }

  sessionOf(staff: StaffState): Session {
    return { staffId: staff.id, name: staff.name, role: staff.role, outletId: staff.outletId };
  }
}
