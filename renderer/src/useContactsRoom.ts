import { useCallback, useEffect, useState } from 'react';
import type { BackupInfo, ContactsSummary } from '../../main/core/ipc/contacts-wire.ts';
import type { KioskApi } from '../../preload/kiosk-api.ts';
import { errorMessage } from './kiosk.ts';

export type ContactsTask = 'import' | 'export' | 'backup' | 'restore';
export type PanelMessage = { kind: 'ok' | 'error'; text: string };

export interface ContactsRoom {
  summary: ContactsSummary | null;
  backups: BackupInfo[];
  message: PanelMessage | null;
  /** The task under way; the panel takes no other meanwhile. */
  busy: ContactsTask | null;
  showError: (text: string) => void;
  /**
   * Runs one task of the panel: busy while it runs, its answer (a sentence, or null) or its error
   * shown afterwards, and the summary and backups read again.
   */
  run: (task: ContactsTask, action: () => Promise<string | null>) => void;
}

/** The contacts panel's shared state: the summary and backups from the main process, and one task at a time. */
export function useContactsRoom(kiosk: KioskApi | null): ContactsRoom {
  const [summary, setSummary] = useState<ContactsSummary | null>(null);
  const [backups, setBackups] = useState<BackupInfo[]>([]);
  const [message, setMessage] = useState<PanelMessage | null>(null);
  const [busy, setBusy] = useState<ContactsTask | null>(null);
  const showError = useCallback((text: string) => setMessage({ kind: 'error', text }), []);

  const refresh = useCallback(
    () =>
      kiosk
        ? Promise.all([kiosk.invoke('contacts:summary', {}), kiosk.invoke('backups:list', {})]).then(([nextSummary, nextBackups]) => {
            setSummary(nextSummary);
            setBackups(nextBackups);
          })
        : Promise.resolve(),
    [kiosk],
  );

  useEffect(() => {
    refresh().catch((error: unknown) => showError(errorMessage(error)));
  }, [refresh, showError]);

  const run = (task: ContactsTask, action: () => Promise<string | null>) => {
    setBusy(task);
    setMessage(null);
    action()
      .then(async (text) => {
        if (text) setMessage({ kind: 'ok', text });
        await refresh();
      })
      .then(
        () => setBusy(null),
        (error: unknown) => {
          showError(errorMessage(error));
          setBusy(null);
        },
      );
  };

  return { summary, backups, message, busy, showError, run };
}
