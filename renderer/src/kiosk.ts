import type { KioskApi } from '../../preload/kiosk-api.ts';

/** The shell's API, or null when the page is opened outside a shell (e.g. in a plain browser). */
export function getKiosk(): KioskApi | null {
  const candidate = (window as Partial<Window>).kiosk;
  return candidate && typeof candidate.invoke === 'function' && typeof candidate.on === 'function' ? candidate : null;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
