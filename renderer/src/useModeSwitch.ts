import { useCallback, useEffect, useState } from 'react';
import type { KioskApi } from '../../preload/kiosk-api.ts';
import { errorMessage } from './kiosk.ts';

export type ModeChoice = 'whatsapp' | 'failover' | 'auto';

export interface ModeSwitchState {
  pending: ModeChoice | null;
  error: string | null;
  choose: (mode: ModeChoice) => void;
}

const ERROR_SHOWN_MS = 10_000;

/** Calls `mode:set`; the answer is the new status, handed to `onStatus`. */
export function useModeSwitch(kiosk: KioskApi | null, onStatus: (status: unknown) => void): ModeSwitchState {
  const [pending, setPending] = useState<ModeChoice | null>(null);
  const [error, setError] = useState<string | null>(null);

  // A failed switch is shown in the bar for a while, then makes room again.
  useEffect(() => {
    if (!error) return;
    const timer = setTimeout(() => setError(null), ERROR_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [error]);

  const choose = useCallback(
    (mode: ModeChoice) => {
      if (!kiosk) return;
      setPending(mode);
      setError(null);
      kiosk.invoke('mode:set', { mode }).then(
        (status) => {
          setPending(null);
          onStatus(status);
        },
        (failure: unknown) => {
          setPending(null);
          setError(errorMessage(failure));
        },
      );
    },
    [kiosk, onStatus],
  );

  return { pending, error, choose };
}
