import type { ComplaintStatus, ServiceLevel } from '../../../../shared/care';
import { AkrabError } from '../../../../shared/errors';
import { addBusinessDays, addBusinessHours, type BusinessCalendar } from '../serviceLevel/businessTime';

/**
 * The complaint lifecycle: open → in progress → resolved → closed (with the customer's satisfaction),
 * and reopened from resolved or closed. A quick fix at the counter may go straight from open to resolved.
 */
export const legalTransitions: Record<ComplaintStatus, readonly ComplaintStatus[]> = {
  open: ['in_progress', 'resolved'],
  in_progress: ['resolved'],
  resolved: ['closed', 'reopened'],
  closed: ['reopened'],
  reopened: ['in_progress', 'resolved'],
};

/** Statuses in which the complaint still waits on the outlet. */
export const activeStatuses: readonly ComplaintStatus[] = ['open', 'in_progress', 'reopened'];

/**
 * Every column a transition sets. A transition writes the whole block, so when two outlets move the same
 * complaint offline, last-writer-wins per field still leaves one transition's coherent block everywhere.
 */
export interface LifecycleBlock {
  status: ComplaintStatus;
  clockStartedAt: string;
  firstResponseDueAt: string;
  resolutionDueAt: string;
  firstResponseAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  satisfaction: number | null;
  reopenCount: number;
}

export function illegalTransition(from: ComplaintStatus, to: ComplaintStatus): AkrabError {
  return new AkrabError({ code: 'conflict', field: 'status', messageKey: 'error.complaint_transition_illegal', params: { from, to } });
}

/** The due times of a service-level period that starts at `start`. */
export function dueTimes(start: Date, level: ServiceLevel, cal: BusinessCalendar): { firstResponseDueAt: string; resolutionDueAt: string } {
  return {
    firstResponseDueAt: addBusinessHours(start, level.responseHours, cal).toISOString(),
    resolutionDueAt: addBusinessDays(start, level.resolutionDays, cal).toISOString(),
  };
}

export function openedBlock(at: Date, level: ServiceLevel, cal: BusinessCalendar): LifecycleBlock {
  return {
    status: 'open',
    clockStartedAt: at.toISOString(),
    ...dueTimes(at, level, cal),
    firstResponseAt: null,
    resolvedAt: null,
    closedAt: null,
    satisfaction: null,
    reopenCount: 0,
  };
}

/** The block after moving to `to` at `at`; refuses illegal transitions and a close without a 1–5 satisfaction. */
export function transition(
  current: LifecycleBlock,
  to: ComplaintStatus,
  at: Date,
  satisfaction: number | null,
  level: ServiceLevel,
  cal: BusinessCalendar,
): LifecycleBlock {
  if (!legalTransitions[current.status].includes(to)) throw illegalTransition(current.status, to);
  if (to === 'closed' && satisfaction === null)
    throw new AkrabError({ code: 'validation', field: 'satisfaction', messageKey: 'error.satisfaction_required' });
  if (to !== 'closed' && satisfaction !== null)
    throw new AkrabError({ code: 'validation', field: 'satisfaction', messageKey: 'error.satisfaction_only_on_close' });
  if (satisfaction !== null && (!Number.isInteger(satisfaction) || satisfaction < 1 || satisfaction > 5)) {
    throw new AkrabError({ code: 'validation', field: 'satisfaction', messageKey: 'error.satisfaction_range' });
  }
  const iso = at.toISOString();
  switch (to) {
    case 'in_progress':
      return { ...current, status: to, firstResponseAt: current.firstResponseAt ?? iso };
    case 'resolved':
      return { ...current, status: to, firstResponseAt: current.firstResponseAt ?? iso, resolvedAt: iso };
    case 'closed':
      return { ...current, status: to, closedAt: iso, satisfaction };
    case 'reopened':
      // A reopened complaint gets a fresh service-level period from the moment it was reopened.
      return {
        status: to,
        clockStartedAt: iso,
        ...dueTimes(at, level, cal),
        firstResponseAt: null,
        resolvedAt: null,
        closedAt: null,
        satisfaction: null,
        reopenCount: current.reopenCount + 1,
      };
    case 'open':
      throw illegalTransition(current.status, to);
  }
}

/** Past a due time it has not met: no first response in time, or not resolved in time. */
export function isOverdue(
  block: Pick<LifecycleBlock, 'status' | 'firstResponseAt' | 'firstResponseDueAt' | 'resolutionDueAt'>,
  now: Date,
): boolean {
  if (!activeStatuses.includes(block.status)) return false;
  const t = now.toISOString();
  return block.resolutionDueAt < t || (block.firstResponseAt === null && block.firstResponseDueAt < t);
}
