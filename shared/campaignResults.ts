import type { ReportView } from './reports';

/** Campaign results as the screen shows them: the figures, and the same report the exports write (with its chart). */
export interface CampaignResultsView {
  campaignId: string;
  name: string;
  lift: { difference: number; low: number; high: number; relative: number | null; method: string } | null;
  treated: { customers: number; buyers: number; rate: number };
  control: { customers: number; buyers: number; rate: number };
  report: ReportView;
}
