import { create } from 'zustand';

export type Screen =
  | { name: 'lookup' }
  | { name: 'customer'; customerId: string }
  | { name: 'register'; prefill?: { cardNo?: string; phone?: string; fullName?: string } }
  | { name: 'dedupReview' }
  | { name: 'reports' }
  | { name: 'audit' }
  | { name: 'careSettings' }
  | { name: 'staff' }
  | { name: 'account' }
  // Segments and campaigns (issue 18).
  | { name: 'campaigns' }
  // Loyalty programme settings and flagged balances (issue 17).
  | { name: 'loyaltySettings'; section?: 'programme' | 'tiers' | 'flagged' }
  // Knowing each customer (issue 19): the pipeline board and forecast.
  | { name: 'pipeline' };

interface NavigationState {
  screen: Screen;
  go: (screen: Screen) => void;
}

/** Which screen is showing: the whole of routing, since a desktop app has no URLs to share. */
export const useNavigation = create<NavigationState>((set) => ({
  screen: { name: 'lookup' },
  go: (screen) => set({ screen }),
}));
