/** A file's bytes as base64, the way a CRM file travels to the main process. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // In chunks: spreading millions of bytes into one call overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
