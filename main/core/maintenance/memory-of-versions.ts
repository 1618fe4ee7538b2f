import { z } from 'zod';
import type { KeyValueStore } from '../db/kv.ts';
import type { Versions } from './versions.ts';

const VERSIONS_KEY = 'maintenance.versions';
const MARKER_CHECK_KEY = 'maintenance.markerCheck';
const REJECTED_KEY = 'maintenance.browserRejectedAt';

const versionsSchema = z.object({
  app: z.string(),
  browser: z.string(),
  electron: z.string().nullable(),
  whatsapp: z.string().nullable(),
});

export const markerCheckSchema = z.object({ build: z.string(), at: z.number(), missing: z.array(z.string()) });
export type MarkerCheck = z.infer<typeof markerCheckSchema>;

/** What version checks remember across restarts (and what `npm run diagnose` reads while the kiosk is off). */
export class VersionMemory {
  readonly #kv: KeyValueStore;

  constructor(kv: KeyValueStore) {
    this.#kv = kv;
  }

  versions(): Versions | null {
    return this.#read(VERSIONS_KEY, versionsSchema);
  }

  setVersions(versions: Versions, at: number): void {
    this.#kv.set(VERSIONS_KEY, JSON.stringify(versions), at);
  }

  markerCheck(): MarkerCheck | null {
    return this.#read(MARKER_CHECK_KEY, markerCheckSchema);
  }

  setMarkerCheck(check: MarkerCheck): void {
    this.#kv.set(MARKER_CHECK_KEY, JSON.stringify(check), check.at);
  }

  browserRejectedAt(): number | null {
    const value = Number(this.#kv.get(REJECTED_KEY));
    return Number.isFinite(value) && value > 0 ? value : null;
  }

  setBrowserRejected(at: number): void {
    this.#kv.set(REJECTED_KEY, String(at), at);
  }

  /** A value that no longer parses (an older app wrote it) is as good as none. */
  #read<T>(key: string, schema: z.ZodType<T>): T | null {
    const raw = this.#kv.get(key);
    if (raw === null) return null;
    try {
      const parsed = schema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }
}
