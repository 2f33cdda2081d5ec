import { create } from 'zustand';

interface LookupState {
  query: string;
  /** Highlighted result; -1 while the clerk has not moved with the arrow keys. */
  activeIndex: number;
  setQuery: (query: string) => void;
  setActiveIndex: (index: number) => void;
  clear: () => void;
}

/** The search box survives a visit to a customer page, so Esc there brings the clerk back to the same list. */
export const useLookup = create<LookupState>((set) => ({
  query: '',
  activeIndex: -1,
  setQuery: (query) => set({ query, activeIndex: -1 }),
  setActiveIndex: (activeIndex) => set({ activeIndex }),
  clear: () => set({ query: '', activeIndex: -1 }),
}));
