import type { UiLanguage } from '../ipc/contract.ts';
import type { Settings } from './schema.ts';

export type { UiLanguage };

/** The product ships Chinese and English; any Chinese locale gets Chinese, the rest English. */
export function resolveLanguage(setting: Settings['general']['language'], systemLocale: string): UiLanguage {
  if (setting !== 'system') return setting;
  return /^zh\b/i.test(systemLocale) ? 'zh' : 'en';
}
