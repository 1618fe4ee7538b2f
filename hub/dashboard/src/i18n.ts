import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import kioskEn from '../../../renderer/src/i18n/en.json' with { type: 'json' };
import kioskZh from '../../../renderer/src/i18n/zh.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };
import zh from './zh.json' with { type: 'json' };

/** The dashboard's own words, plus the kiosk's fault titles so a fault reads the same on the floor and at the seat. */
export function createI18n(language: string): I18n {
  const instance = i18next.createInstance();
  instance
    .use(initReactI18next)
    .init({
      lng: language.startsWith('zh') ? 'zh' : 'en',
      fallbackLng: 'en',
      resources: { en: { translation: { ...en, fault: kioskEn.fault } }, zh: { translation: { ...zh, fault: kioskZh.fault } } },
      initAsync: false,
      interpolation: { escapeValue: false },
    })
    .catch((error: unknown) => console.error('dashboard: i18n failed to start', error));
  return instance;
}
