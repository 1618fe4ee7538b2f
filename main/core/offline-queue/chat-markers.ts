/**
 * Where the chat reader (preload/probe/chat-reader.ts) finds, in WhatsApp Web's open chat, what
 * the offline queue's replay needs: the compose box, the text of outgoing rows, and the dialog a
 * `/send` link to a number not on WhatsApp shows. Language-independent markup only. Outgoing
 * rows and their status icons are the probe's own markers (resources/probe/markers.json).
 */
export interface ChatMarkers {
  /** The open chat. */
  main: string;
  /** The open chat's compose box: WhatsApp puts a `/send` link's text there. */
  composer: string;
  outgoing: string;
  idAttribute: string;
  /** A row's message text, inside an outgoing row. */
  messageText: string;
  icon: string;
  iconAttribute: string;
  pending: string[];
  settled: string[];
  /** The modal popup ("Phone number shared via url is invalid"), by its markup, not its words. */
  invalidDialog: string;
}

/**
 * Sources: `#main footer div[contenteditable="true"]` and `span.selectable-text` inside
 * `.copyable-text` are what open-source WhatsApp Web automations select (wppconnect-team/wa-js,
 * pedroslopez/whatsapp-web.js `Client.js` sendMessage fallbacks, mukulhase/WebWhatsapp-Wrapper);
 * `[data-animate-modal-popup="true"]` is the popup container of the invalid-number and other
 * modal dialogs in the same projects (assumption: its markup, not its translated text, is stable).
 */
export const CHAT_MARKER_SELECTORS = {
  main: '#main',
  composer: '#main footer [contenteditable="true"]',
  messageText: 'span.selectable-text',
  invalidDialog: '[data-animate-modal-popup="true"]',
} as const;

/** The replay's markers: the selectors above and the probe pack's outgoing rows and status icons. */
export function chatMarkers(messages: {
  outgoing: string;
  idAttribute: string;
  icon: string;
  iconAttribute: string;
  pending: string[];
  settled: string[];
}): ChatMarkers {
  const { outgoing, idAttribute, icon, iconAttribute, pending, settled } = messages;
  return { ...CHAT_MARKER_SELECTORS, outgoing, idAttribute, icon, iconAttribute, pending, settled };
}
