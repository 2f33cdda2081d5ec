import {
  reportFiltersSchema,
  type ReportFiltersInput,
  type ReportLanguage,
  type ReportName,
  type ReportFilters,
} from '../../../shared/reports';
import { scanningView, type Store } from '../store/store';
import { cleanupReport } from './cleanup';
import { neglectedReport } from './neglected';
import { loyaltyReport } from './loyalty';
import { pipelineReport } from './pipeline';
import { registrationsReport } from './registrations';
import { rfmReport } from './rfm';
import { topCustomersReport } from './topCustomers';
import type { ReportData } from './types';

export type ReportBuilder = (store: Store, filters: ReportFilters, language: ReportLanguage) => ReportData;

export const reportBuilders: Record<ReportName, ReportBuilder> = {
  registrations: registrationsReport,
  rfm: rfmReport,
  neglected: neglectedReport,
  cleanup: cleanupReport,
  'top-customers': topCustomersReport,
  pipeline: pipelineReport,
  loyalty: loyaltyReport,
};

/** Builds a report from the local store: works offline, reads only, streams its long lists on demand. */
export function runReport(store: Store, name: ReportName, filters: ReportFiltersInput = {}, language: ReportLanguage = 'id'): ReportData {
  return buildReport(store, name, reportFiltersSchema.parse(filters), language);
}

/**
 * Runs a report's builder on the reading connection inside one read transaction, so its summary and tables come
 * from one snapshot: a sync, an import or the duplicate scan's thread saving its results may write between two of
 * its statements (the clean-up report reads the scan's clusters, then its estimate).
 */
export function buildReport(store: Store, name: ReportName, filters: ReportFilters, language: ReportLanguage): ReportData {
  const view = scanningView(store);
  return view.sqlite.transaction(() => reportBuilders[name](view, filters, language)).deferred();
}
