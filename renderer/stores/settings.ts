import { create } from 'zustand';
import type { Language } from '../i18n';

const KEY = 'akrab.language';

function storedLanguage(): Language {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'id';
  } catch {
    // Storage can be unavailable (privacy mode); Indonesian is the default anyway.
    return 'id';
  }
}

interface SettingsState {
  language: Language;
  setLanguage: (language: Language) => void;
}

/** Per-device preferences, remembered in localStorage (this device's browser profile / Electron session). */
export const useSettings = create<SettingsState>((set) => ({
  language: storedLanguage(),
  setLanguage: (language) => {
    localStorage.setItem(KEY, language);
    set({ language });
  },
}));
