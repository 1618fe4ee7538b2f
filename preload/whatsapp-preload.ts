import { contextBridge, ipcRenderer } from 'electron';
import type { Markers } from '../main/core/health/markers.ts';
import { WHATSAPP_BATCH_MAX } from '../main/core/contacts/batch-limit.ts';
import { runContactsReader } from './probe/contacts-reader.ts';
import { runProbe, runSocketReader, SOCKET_MESSAGE_TAG } from './probe/probe.ts';

// The WhatsApp view's preload: exposes nothing to the page. The probe runs here, in the
// isolated world; only the reader goes into the main world, where WhatsApp's models are.
const config = ipcRenderer.sendSync('probe:config') as { markers: Markers; intervalMs: number; contactsIntervalMs: number } | null;
if (config) {
  const { markers } = config;
  runProbe(markers, (facts) => ipcRenderer.send('probe:facts', facts), config.intervalMs, SOCKET_MESSAGE_TAG);
  runContactsReader(markers.contacts, (batch) => ipcRenderer.send('probe:contacts', batch), {
    intervalMs: config.contactsIntervalMs,
    batchSize: WHATSAPP_BATCH_MAX,
  });
  contextBridge.executeInMainWorld({
    func: runSocketReader,
    args: [
      markers.socketState.module,
      markers.socketState.path,
      config.intervalMs,
      SOCKET_MESSAGE_TAG,
      { streamPath: markers.socketState.streamPath, messages: markers.models.messages, version: markers.models.version },
    ],
  });
}
