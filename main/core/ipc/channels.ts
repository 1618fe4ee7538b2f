/**
 * The Electron shell's IPC channel names, shared by the main process and the preloads (each
 * preload is bundled with its own copy of these constants).
 */
export const IPC_CHANNELS = {
  /** Our page asks the core (ipcRenderer.invoke). */
  invoke: 'kiosk:invoke',
  /** The core pushes an event to our page. */
  event: 'kiosk:event',
  /** The probe in WhatsApp's view asks for its configuration (sendSync). */
  probeConfig: 'probe:config',
  probeFacts: 'probe:facts',
  /** The core asks the probe for a report now (webContents.send). */
  probeNow: 'probe:now',
  probeContacts: 'probe:contacts',
} as const;
