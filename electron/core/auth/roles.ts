import type { roles } from '../../../db/schema/staff';

export type Role = (typeof roles)[number];

/** Each role can do everything the roles before it can. */
export const roleRank: Record<Role, number> = { booth: 0, clerk: 1, manager: 2, admin: 3 };

export interface Session {
  staffId: string;
  name: string;
  role: Role;
  outletId: string | null;
}
