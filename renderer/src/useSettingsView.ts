import { useEffect, useState } from 'react';
import { settingsViewSchema, type SettingsView } from '../../main/core/ipc/contract.ts';
import type { KioskApi } from '../../preload/kiosk-api.ts';
import { errorMessage } from './kiosk.ts';

export type SettingsViewState = { state: 'loading' } | { state: 'ready'; view: SettingsView } | { state: 'error'; message: string };

const NOT_CONNECTED: SettingsViewState = { state: 'error', message: 'not connected' };

/** The effective settings and their locks from `settings:view`, fetched when the panel opens (they change only at restart). */
export function useSettingsView(kiosk: KioskApi | null): SettingsViewState {
  const [result, setResult] = useState<SettingsViewState>({ state: 'loading' });

  useEffect(() => {
    if (!kiosk) return;
    let active = true;
    kiosk.invoke('settings:view', {}).then(
      (payload) => {
        if (!active) return;
        const parsed = settingsViewSchema.safeParse(payload);
        setResult(parsed.success ? { state: 'ready', view: parsed.data } : { state: 'error', message: 'invalid answer' });
      },
      (error: unknown) => {
        if (active) setResult({ state: 'error', message: errorMessage(error) });
      },
    );
    return () => {
      active = false;
    };
  }, [kiosk]);

  return kiosk ? result : NOT_CONNECTED;
}
