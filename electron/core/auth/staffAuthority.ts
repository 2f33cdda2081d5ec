import { AkrabError } from '../../../shared/errors';
import { roleRank, type Role, type Session } from './roles';

/**
 * Who may manage whom, checked in the core whatever the screen shows: admins manage every account; a manager
 * manages the store clerks and booth staff of their own outlet, and gives no one a role at manager or above.
 * Nobody manages their own account this way (their PIN and password: `changeOwnSecret`).
 */
const forbidden = (messageKey: string) => new AkrabError({ code: 'forbidden', messageKey });

/** May `actor` give `role` at the outlet `outletId` (a new account, or a role change)? */
export function assertMayAssign(actor: Session, role: Role, outletId: string | null): void {
  if (actor.role === 'admin') return;
  if (actor.role !== 'manager') throw forbidden('error.forbidden_role');
  if (roleRank[role] >= roleRank.manager) throw forbidden('error.staff_role_too_high');
  if (!outletId || outletId !== actor.outletId) throw forbidden('error.staff_other_outlet');
}

/** May `actor` change the existing account `target` (role, active, PIN reset)? */
export function assertMayManage(actor: Session, target: { id: string; role: Role; outletId: string | null }): void {
  if (target.id === actor.staffId) throw forbidden('error.staff_self');
  if (actor.role === 'admin') return;
  if (actor.role !== 'manager') throw forbidden('error.forbidden_role');
  if (roleRank[target.role] >= roleRank.manager) throw forbidden('error.staff_role_too_high');
  if (!target.outletId || target.outletId !== actor.outletId) throw forbidden('error.staff_other_outlet');
}
