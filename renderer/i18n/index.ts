import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import id from './id.json';
import en from './en.json';

export type Language = 'id' | 'en';
export const languages: Language[] = ['id', 'en'];
export const resources = { id: { translation: id }, en: { translation: en } } as const;

/** A fresh i18next instance (one per app, one per test), synchronous: the resources are bundled. */
export function createI18n(language: Language): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'id',
    initAsync: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

/** Intl locale for numbers and dates in the chosen language: English keeps day-first dates. */
export function localeOf(language: string): string {
  return language === 'en' ? 'en-GB' : 'id-ID';
}
