import { AkrabError } from '../../../shared/errors';
import type { ReportFilters } from '../../../shared/reports';
import { outletById } from '../outlets/outlets';
import type { Store } from '../store/store';

/** Who is asking, as far as report scoping cares (the auth session's role and outlet). */
export interface ReportViewer {
  role: 'booth' | 'clerk' | 'manager' | 'admin';
  outletId: string | null;
}

/**
 * Branch managers see their own outlet: no outlet chosen means theirs, another outlet is refused.
 * Admins, and managers with no outlet of their own, see every outlet. Apply before building a report.
 */
export function scopeFiltersFor(store: Store, filters: ReportFilters, viewer: ReportViewer | null): ReportFilters {
  if (!viewer || viewer.role === 'admin' || !viewer.outletId) return filters;
  const own = outletById(store, viewer.outletId);
  if (!own) return filters;
  const wanted = filters.outlets.map((c) => c.trim().toUpperCase());
  if (wanted.some((code) => code !== own.code))
    throw new AkrabError({ code: 'forbidden', field: 'outlets', messageKey: 'error.outlet_forbidden' });
  return { ...filters, outlets: [own.code] };
}
