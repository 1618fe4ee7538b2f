import { useCallback, useEffect, useState } from 'react';
import type { QueueItem } from '../../../../main/core/ipc/contract.ts';
import type { KioskApi } from '../../../../preload/kiosk-api.ts';
import { errorMessage } from '../../kiosk.ts';

/** The offline queue as the pane shows it: listed again whenever replay changes a message. */
export function useQueue(kiosk: KioskApi | null) {
  const [items, setItems] = useState<QueueItem[]>([]);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    if (!kiosk) return;
    kiosk
      .invoke('queue:list', { limit: 100 })
      .then((list) => {
        setItems(list);
        setError(null);
      })
      .catch((failure: unknown) => setError(errorMessage(failure)));
  }, [kiosk]);

  useEffect(() => {
    reload();
    return kiosk?.on('queue:changed', reload);
  }, [kiosk, reload]);

  return { items, error, reload };
}
