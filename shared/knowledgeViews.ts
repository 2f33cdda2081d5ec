import type { OpenStage, Opportunity, OpportunityStage } from './knowledge';

/** What the pipeline board and the forecast calls return (issue 19). */

export interface PipelineColumn {
  stage: OpportunityStage;
  count: number;
  /** Sum of budgets (open stages, lost) or of won amounts (won), in rupiah. */
  total: number;
  opportunities: Opportunity[];
}

export interface WinRate {
  stage: OpenStage;
  category: string | null;
  wins: number;
  closed: number;
  rate: number;
}

export interface ForecastCell {
  month: string;
  outletId: string | null;
  outletCode: string | null;
  opportunities: number;
  repeat: number;
  total: number;
}

export interface PastMonth extends ForecastCell {
  actual: number;
}

export interface Forecast {
  asOf: string;
  outletCode: string | null;
  months: ForecastCell[];
  past: PastMonth[];
  winRates: WinRate[];
}
