/**
 * What a cache purge may clear. Deliberately absent: IndexedDB, Local Storage and cookies, where
 * WhatsApp keeps the login; clearing them logs the agent out (only the IT deep reset does that).
 */
export const PURGE_PARTS = ['http-cache', 'code-cache', 'shader-cache', 'service-workers', 'cache-storage'] as const;
export type PurgePart = (typeof PURGE_PARTS)[number];

export type PurgeReason = 'scheduled' | 'version-change';

export interface PurgePlan {
  parts: PurgePart[];
  /** Parts left on purpose this time, with why (for the run's record). */
  kept: { part: PurgePart; why: 'whatsapp-unreachable' | 'not-needed' }[];
}

/**
 * The scheduled purge clears the caches; the service worker and Cache Storage only while WhatsApp
 * is reachable, because offline they are what still shows the chats. After an app or browser
 * version change only the GPU (shader) and code caches go: stale ones are a known cause of blank
 * windows, and nothing else needs to.
 */
export function planPurge(reason: PurgeReason, whatsappReachable: boolean): PurgePlan {
  if (reason === 'version-change') {
    return {
      parts: ['shader-cache', 'code-cache'],
      kept: (['http-cache', 'service-workers', 'cache-storage'] as const).map((part) => ({ part, why: 'not-needed' as const })),
    };
  }
  const workers: PurgePart[] = ['service-workers', 'cache-storage'];
  return {
    parts: ['http-cache', 'code-cache', 'shader-cache', ...(whatsappReachable ? workers : [])],
    kept: whatsappReachable ? [] : workers.map((part) => ({ part, why: 'whatsapp-unreachable' as const })),
  };
}
