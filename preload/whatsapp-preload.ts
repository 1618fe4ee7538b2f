import { contextBridge, ipcRenderer } from 'electron';
import type { Markers } from '../main/core/health/markers.ts';
import { WHATSAPP_BATCH_MAX } from '../main/core/contacts/batch-limit.ts';
import { runContactsReader } from './probe/contacts-reader.ts';
import { runProbe, runSocketReader, SOCKET_MESSAGE_TAG } from './probe/probe.ts';

// The WhatsApp view's preload: exposes nothing to the page. The probe runs here, in the
// isolated world; only the socket reader goes into the main world, where WhatsApp's state is.
const config = ipcRenderer.sendSync('probe:config') as { markers: Markers; intervalMs: number; contactsIntervalMs: number } | null;
if (config) {
  runProbe(config.markers, (facts) => ipcRenderer.send('probe:facts', facts), config.intervalMs, SOCKET_MESSAGE_TAG);
  runContactsReader(config.markers.contacts, (batch) => ipcRenderer.send('probe:contacts', batch), {
    intervalMs: config.contactsIntervalMs,
    batchSize: WHATSAPP_BATCH_MAX,
  });
  contextBridge.executeInMainWorld({
    func: runSocketReader,
    args: [config.markers.socketState.module, config.markers.socketState.path, config.intervalMs, SOCKET_MESSAGE_TAG],
  });
}
