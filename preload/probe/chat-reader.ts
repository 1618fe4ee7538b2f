import type { ChatMarkers, ChatReport } from '../../main/core/ipc/chat-wire.ts';

/**
 * Reads WhatsApp's open chat for the offline queue's replay, once, in the probe's isolated world:
 * the `/send` link the page was opened with, whether the chat and its compose box are there, the
 * invalid-number dialog, and the newest outgoing rows with their status (clock or tick) and text
 * fingerprint. Never a text. Self-contained (the Chromium shell injects its source text), so
 * `hash` (offline-queue/text-hash.ts) and the row cap come in as arguments.
 */
export function readOpenChat(markers: ChatMarkers, hash: (text: string) => string, maxRows: number): ChatReport {
  const iconNames = (root: Element): string[] => {
    const found: string[] = [];
    for (const icon of root.querySelectorAll(markers.icon)) {
      const value = icon.getAttribute(markers.iconAttribute) ?? (icon.tagName.toLowerCase() === 'title' ? icon.textContent : null);
      if (value) found.push(value.trim());
    }
    return found;
  };
  const status = (row: Element): 'pending' | 'settled' | 'none' => {
    const names = iconNames(row);
    if (names.some((name) => markers.pending.includes(name))) return 'pending';
    return names.some((name) => markers.settled.includes(name)) ? 'settled' : 'none';
  };
  const params = new URLSearchParams(location.search);
  const link = location.pathname.endsWith('/send')
    ? { phone: (params.get('phone') ?? '').replace(/\D/g, '').slice(0, 20), withText: (params.get('text') ?? '') !== '' }
    : null;
  const composer = document.querySelector(markers.composer);
  const draft = composer?.textContent?.trim() ?? '';
  const rows = [...document.querySelectorAll(markers.outgoing)].slice(-maxRows);
  return {
    link,
    chatOpen: document.querySelector(markers.main) !== null && composer !== null,
    composer: draft === '' ? null : hash(draft),
    invalidDialog: document.querySelector(markers.invalidDialog) !== null,
    outgoing: rows.map((row, index) => {
      const text = row.querySelector(markers.messageText)?.textContent ?? null;
      return {
        id: (row.getAttribute(markers.idAttribute) ?? `#${index}`).slice(0, 200),
        hash: text === null ? null : hash(text),
        status: status(row),
      };
    }),
  };
}

/** The expression both shells evaluate in the probe's world: the reader's source with its arguments. */
export function chatReaderSource(markers: ChatMarkers, hashSource: string, maxRows: number): string {
  return `(${readOpenChat.toString()})(${JSON.stringify(markers)}, ${hashSource}, ${maxRows})`;
}
