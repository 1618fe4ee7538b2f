import { useEffect, useState } from 'react';
import type { ContactImportProgress } from '../../main/core/ipc/contacts-wire.ts';
import type { KioskApi } from '../../preload/kiosk-api.ts';

/** How far the import under way is, from the main process's pushes; null while none runs or before the first. */
export function useImportProgress(kiosk: KioskApi | null, importing: boolean): ContactImportProgress | null {
  const [progress, setProgress] = useState<ContactImportProgress | null>(null);
  useEffect(() => {
    if (!kiosk || !importing) return;
    const stop = kiosk.on('contacts:import-progress', setProgress);
    return () => {
      stop();
      // The next import starts from nothing, not from where this one ended.
      setProgress(null);
    };
  }, [kiosk, importing]);
  return progress;
}
