/**
 * A short fingerprint of a message text (FNV-1a, 32 bits, with the length): the chat reader in
 * WhatsApp's page reports fingerprints, never texts, and the core compares them with the queued
 * message's. Self-contained, because the shells inject its source into the page
 * (`textHash.toString()`): no imports, no outside references.
 */
export function textHash(text: string): string {
  // WhatsApp trims what it sends; the composer and the bubble show the same text.
  const normalized = text.trim();
  let hash = 0x811c9dc5;
  for (let i = 0; i < normalized.length; i++) {
    hash ^= normalized.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${normalized.length.toString(36)}-${hash.toString(16).padStart(8, '0')}`;
}
