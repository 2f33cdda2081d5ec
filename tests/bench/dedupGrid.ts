import { SeededRandom } from '../../electron/core/demo/random';
import type { DuplicateSetOptions } from '../../electron/core/dedup/syntheticDuplicates';

type Setting = Omit<DuplicateSetOptions, 'cards'>;

/**
 * A setting drawn at random from the space the generator describes: every parameter uniform over the range
 * a retailer's data could plausibly take (DOMAIN.md and the description of farming and households).
 * The tuning rows are such draws, so the thresholds are chosen over the variety, not on one shape.
 */
export function randomSetting(seed: number): Setting {
  const r = new SeededRandom(seed * 7919);
  const u = (min: number, max: number) => Math.round((min + r.next() * (max - min)) * 100) / 100;
  const same = u(0.5, 0.85);
  return {
    seed,
    farmerRate: u(0.05, 0.14),
    farmCards: { min: 2, max: 20, alpha: u(1.3, 2.2) },
    revisitRate: u(0.15, 0.7),
    otherOutletRate: u(0.2, 0.6),
    farmPhone: { same, oneDigitOff: u(0.05, Math.min(0.2, 0.95 - same)) },
    farmAddressRate: u(0.45, 0.8),
    ownNameRate: u(0.05, 0.25),
    borrowedDobBlankRate: u(0.2, 0.6),
    reregistrationRate: u(0.06, 0.16),
    householdRate: u(0.06, 0.2),
    householdSharedPhoneRate: u(0.4, 0.9),
    nikRate: u(0.1, 0.5),
    dobBlankRate: u(0.02, 0.3),
    emailRate: u(0.05, 0.3),
    addressBlankRate: u(0.02, 0.3),
    promotionShare: u(0.2, 0.7),
    timeResolution: r.chance(0.5) ? 'day' : 'minute',
  };
}

/** The synthetic settings of the dedup benchmark (tuning rows and held-out rows). */
export const TUNING_SEEDS = [101, 102, 103, 104, 105, 106];

export const DEDUP_GRID: { name: string; role: string; options: Setting }[] = [
  ...TUNING_SEEDS.map((seed) => ({ name: `tuning: random setting ${seed}`, role: 'tuning', options: randomSetting(seed) })),
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
  ...[201, 202, 203].map((seed) => ({ name: `H random setting ${seed}`, role: 'held out', options: randomSetting(seed) })),
];

/** The independent check: a legacy export shaped unlike the grid (its own proportions and noise). */
export const INDEPENDENT_OPTIONS: Setting = {
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
