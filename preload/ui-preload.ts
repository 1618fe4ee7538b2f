import { contextBridge, ipcRenderer } from 'electron';
import type { IpcResult } from '../main/core/ipc/router.ts';
import { createKioskApi } from './bridge.ts';

// Channel names repeated from the Electron shell: a sandboxed preload is bundled on its own.
const INVOKE_CHANNEL = 'kiosk:invoke';
const EVENT_CHANNEL = 'kiosk:event';

contextBridge.exposeInMainWorld(
  'kiosk',
  createKioskApi(
    'electron',
    (channel, request) => ipcRenderer.invoke(INVOKE_CHANNEL, channel, request) as Promise<IpcResult>,
    (deliver) => {
      ipcRenderer.on(EVENT_CHANNEL, (_event, name: string, payload: unknown) => deliver(name, payload));
    },
  ),
);
