import type { ReportFilters, ReportLanguage, ReportName, SummaryItem } from '../../../shared/reports';
import type { Store } from '../store/store';
import { labels, type Labels } from './labels';
import { resolveScope, scopeHeader, type PeriodDefaults, type Scope } from './scope';
import type { ReportData, ReportSection } from './types';

export interface ReportContext {
  store: Store;
  filters: ReportFilters;
  language: ReportLanguage;
  scope: Scope;
  L: Labels;
}

export function reportContext(store: Store, filters: ReportFilters, language: ReportLanguage, defaults: PeriodDefaults): ReportContext {
  return { store, filters, language, scope: resolveScope(store, filters, defaults), L: labels(language) };
}

export function assemble(ctx: ReportContext, name: ReportName, summary: SummaryItem[], sections: ReportSection[]): ReportData {
  return {
    name,
    title: ctx.L.reportTitle[name],
    language: ctx.language,
    period: { from: ctx.scope.from, to: ctx.scope.to },
    outlets: scopeHeader(ctx.scope),
    generatedAt: ctx.store.now().toISOString(),
    timeZone: reportZone(ctx),
    generatedBy: ctx.store.staff,
    summary,
    sections,
  };
}

export const share = (part: number, whole: number) => (whole > 0 ? part / whole : 0);
export const DAY_MS = 86_400_000;

/**
 * The zone a report's "generated at" reads in: the outlets' own when they share one, else this device's outlet's,
 * else WIB.
 */
function reportZone(ctx: ReportContext): string {
  const zones = new Set(ctx.scope.outlets.filter((o) => o.id !== null).map((o) => o.timeZone));
  if (zones.size === 1) return [...zones][0]!;
  const own = ctx.store.outletId
    ? (ctx.store.sqlite.prepare('SELECT time_zone FROM outlets WHERE id = ?').pluck().get(ctx.store.outletId) as string | undefined)
    : undefined;
  return own ?? 'Asia/Jakarta';
}
