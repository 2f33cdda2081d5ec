import type { DuplicateSetOptions } from '../../electron/core/dedup/syntheticDuplicates';

/** The synthetic settings of the dedup benchmark (tuning rows and held-out rows). */
export const DEDUP_GRID: { name: string; role: string; options: Omit<DuplicateSetOptions, 'cards'> }[] = [
  { name: 'tuning: default, seed 101', role: 'tuning', options: { seed: 101 } },
  { name: 'tuning: default, seed 102', role: 'tuning', options: { seed: 102 } },
  { name: 'tuning: default, seed 103', role: 'tuning', options: { seed: 103 } },
  { name: 'A default, seed 1', role: 'held out', options: { seed: 1 } },
  { name: 'B seed case 1.75 cards/person', role: 'held out', options: { seed: 2, farmerRate: 0.12, farmCards: { min: 2, max: 20, alpha: 1.4 } } },
  { name: 'C day-only dates (legacy export)', role: 'held out', options: { seed: 3, timeResolution: 'day' } },
  {
    name: 'D noisy farm phones, less address',
    role: 'held out',
    options: { seed: 4, farmPhone: { same: 0.55, oneDigitOff: 0.2 }, farmAddressRate: 0.5 },
  },
  {
    name: 'E big households sharing phones',
    role: 'held out',
    options: { seed: 5, householdRate: 0.2, householdSize: [2, 5], householdSharedPhoneRate: 0.9, householdTogetherRate: 0.15 },
  },
  {
    name: 'F sparse fields',
    role: 'held out',
    options: { seed: 6, nikRate: 0.1, dobBlankRate: 0.3, emailRate: 0.05, addressBlankRate: 0.3, borrowedDobBlankRate: 0.2 },
  },
  {
    name: 'G slow farmers, busy promotions',
    role: 'held out',
    options: { seed: 7, revisitRate: 0.7, revisitDays: [14, 120], otherOutletRate: 0.6, promotionShare: 0.7 },
  },
];

/** The independent check: a legacy export shaped unlike the grid (its own proportions and noise). */
export const INDEPENDENT_OPTIONS: Omit<DuplicateSetOptions, 'cards'> = {
  seed: 900,
  timeResolution: 'day',
  farmerRate: 0.1,
  reregistrationRate: 0.12,
  householdRate: 0.12,
  farmCards: { min: 2, max: 20, alpha: 1.6 },
  revisitRate: 0.45,
  farmPhone: { same: 0.7, oneDigitOff: 0.12 },
  farmAddressRate: 0.6,
  ownNameRate: 0.2,
  borrowedDobBlankRate: 0.35,
  householdSharedPhoneRate: 0.7,
  nikRate: 0.3,
  emailRate: 0.1,
  promotionShare: 0.5,
};
