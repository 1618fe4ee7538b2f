import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { UiLanguage } from '../format.ts';
import en from './en.json' with { type: 'json' };
import zh from './zh.json' with { type: 'json' };

/** Both languages are bundled: the kiosk has no network to fetch them from. */
export const resources = {
  en: { translation: en },
  zh: { translation: zh },
} as const;

/** A ready i18next instance (synchronous: resources are bundled). */
export function createI18n(language: UiLanguage = 'en'): I18n {
  const instance = i18next.createInstance();
  // Resources are bundled, so init completes synchronously (initAsync: false).
  instance
    .use(initReactI18next)
    .init({
      lng: language,
      fallbackLng: 'en',
      supportedLngs: ['en', 'zh'],
      resources,
      initAsync: false,
      // React escapes text itself; escaping here would double-escape.
      interpolation: { escapeValue: false },
      returnNull: false,
    })
    .catch((error: unknown) => console.error('kiosk: i18n failed to start', error));
  return instance;
}
