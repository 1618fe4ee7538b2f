/**
 * Deny by default. WhatsApp gets what an agent needs (notifications for new chats, microphone
 * and camera for voice notes and calls, writing to the clipboard for "copy", fullscreen for
 * media) and only on its own origins; nothing else ever gets a permission. Not `clipboard-read`:
 * pasting is the agent's own paste, which needs no permission, while the asynchronous read would
 * let the page read whatever the agent copied elsewhere. Devices (USB, HID, serial, Bluetooth)
 * are never granted.
 */
const WHATSAPP_PERMISSIONS: ReadonlySet<string> = new Set(['notifications', 'media', 'clipboard-sanitized-write', 'fullscreen']);

export type MediaKind = 'audio' | 'video' | 'unknown';

export function decidePermission(
  requestingUrl: string,
  permission: string,
  allowed: ReadonlySet<string>,
  mediaKinds: readonly MediaKind[] = [],
): boolean {
  let origin: string;
  try {
    origin = new URL(requestingUrl).origin;
  } catch {
    return false;
  }
  if (!allowed.has(origin)) return false;
  if (!WHATSAPP_PERMISSIONS.has(permission)) return false;
  // Screen capture and unknown device kinds are never granted.
  if (permission === 'media') return mediaKinds.every((kind) => kind === 'audio' || kind === 'video');
  return true;
}
