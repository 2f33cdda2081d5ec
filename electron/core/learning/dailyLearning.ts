import type { Store } from '../store/store';
import { learnOfferRules, type LearnedOfferRules } from '../offers/offerRules';
import { computeForecastBase, type ForecastBase } from '../opportunities/forecast';

/** What the daily learning is asked for: each part only when its remembered copy is stale. */
export interface LearningWants {
  offerRules: boolean;
  forecastBase: boolean;
}

export interface Learnt {
  offerRules?: LearnedOfferRules;
  forecastBase?: ForecastBase;
}

/** The daily learning's reading: the co-purchase rules and the forecast's slow part, writing nothing. */
export function learn(store: Store, wants: LearningWants): Learnt {
  return {
    ...(wants.offerRules ? { offerRules: learnOfferRules(store) } : {}),
    ...(wants.forecastBase ? { forecastBase: computeForecastBase(store) } : {}),
  };
}
