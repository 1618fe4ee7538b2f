import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNELS } from '../main/core/ipc/channels.ts';
import { WHATSAPP_BATCH_MAX, type ProbeConfig } from '../main/core/ipc/probe-wire.ts';
import { runContactsReader } from './probe/contacts-reader.ts';
import { runProbe, runSocketReader, SOCKET_MESSAGE_TAG, socketReaderArgs } from './probe/probe.ts';

// The WhatsApp view's preload: exposes nothing to the page. The probe runs here, in the
// isolated world; only the reader goes into the main world, where WhatsApp's models are.
const config = ipcRenderer.sendSync(IPC_CHANNELS.probeConfig) as ProbeConfig | null;
if (config) {
  const { markers } = config;
  const reportNow = runProbe(markers, (facts) => ipcRenderer.send(IPC_CHANNELS.probeFacts, facts), config.intervalMs, SOCKET_MESSAGE_TAG);
  ipcRenderer.on(IPC_CHANNELS.probeNow, () => reportNow());
  runContactsReader(markers.contacts, (batch) => ipcRenderer.send(IPC_CHANNELS.probeContacts, batch), {
    intervalMs: config.contactsIntervalMs,
    batchSize: WHATSAPP_BATCH_MAX,
  });
  contextBridge.executeInMainWorld({
    func: runSocketReader,
    args: socketReaderArgs(markers, config.intervalMs),
  });
}
