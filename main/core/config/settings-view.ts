import type { SettingsView } from '../ipc/contract.ts';
import type { Settings } from './schema.ts';
import { settingsInfo } from './schema-info.ts';

/**
 * The effective settings as our page's read-only Settings panel shows them: every key of the
 * schema in its order, its value as JSON (absent: null, the kiosk derives it) and whether IT's
 * policy locks it.
 */
export function settingsView(settings: Settings, locked: readonly string[]): SettingsView {
  const values = settings as unknown as Record<string, Record<string, unknown>>;
  return {
    entries: settingsInfo().map((info) => {
      const value = values[info.section]?.[info.key];
      return { key: info.path, value: value === undefined ? null : JSON.stringify(value), locked: locked.includes(info.path) };
    }),
  };
}
