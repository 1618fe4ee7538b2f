import { useCallback, useEffect, useState } from 'react';
import type { OutboxInfo, OutboxItem } from '../../../../main/core/ipc/outbox-wire.ts';
import type { KioskApi } from '../../../../preload/kiosk-api.ts';
import { errorMessage } from '../../kiosk.ts';

/** The outbox list is read again this often while the pane is shown: states move on their own. */
const LIST_REFRESH_MS = 1_500;

export interface OutboxView {
  info: OutboxInfo | null;
  items: OutboxItem[];
  error: string | null;
  /** Reads the list again now (after queueing or cancelling). */
  refresh: () => void;
}

/** The outbox's channels, templates, notice offer and messages, for the pane's tools. */
export function useOutbox(kiosk: KioskApi | null, refreshKey: string): OutboxView {
  const [info, setInfo] = useState<OutboxInfo | null>(null);
  const [items, setItems] = useState<OutboxItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    if (!kiosk) return;
    let active = true;
    kiosk.invoke('outbox:info', {}).then(
      (answer) => active && setInfo(answer),
      (failure: unknown) => active && setError(errorMessage(failure)),
    );
    return () => {
      active = false;
    };
  }, [kiosk, refreshKey]);

  useEffect(() => {
    if (!kiosk) return;
    let active = true;
    const load = () => {
      kiosk.invoke('outbox:list', { limit: 30 }).then(
        (answer) => {
          if (!active) return;
          setItems(answer);
          setError(null);
        },
        (failure: unknown) => active && setError(errorMessage(failure)),
      );
    };
    load();
    const timer = setInterval(load, LIST_REFRESH_MS);
    return () => {
      active = false;
      clearInterval(timer);
    };
  }, [kiosk, tick]);

  return { info, items, error, refresh };
}
