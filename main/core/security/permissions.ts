/**
 * Deny by default. WhatsApp gets what an agent needs (notifications for new chats, microphone
 * and camera for voice notes and calls, clipboard for pasting, fullscreen for media) and only on
 * its own origins; nothing else ever gets a permission.
 */
const WHATSAPP_PERMISSIONS: ReadonlySet<string> = new Set([
  'notifications',
  'media',
  'clipboard-sanitized-write',
  'clipboard-read',
  'fullscreen',
]);

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
