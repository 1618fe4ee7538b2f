import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNELS } from '../main/core/ipc/channels.ts';
import type { IpcResult } from '../main/core/ipc/router.ts';
import { createKioskApi } from './bridge.ts';

contextBridge.exposeInMainWorld(
  'kiosk',
  createKioskApi(
    'electron',
    (channel, request) => ipcRenderer.invoke(IPC_CHANNELS.invoke, channel, request) as Promise<IpcResult>,
    (deliver) => {
      ipcRenderer.on(IPC_CHANNELS.event, (_event, name: string, payload: unknown) => deliver(name, payload));
    },
  ),
);
