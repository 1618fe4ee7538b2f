import { useEffect, useState } from 'react';
import { z } from 'zod';
import { incidentSummarySchema, type IncidentSummary } from '../../main/core/ipc/contract.ts';
import type { KioskApi } from '../../preload/kiosk-api.ts';
import { errorMessage } from './kiosk.ts';

const incidentListSchema = z.array(incidentSummarySchema);

export type IncidentsState = { state: 'loading' } | { state: 'ready'; incidents: IncidentSummary[] } | { state: 'error'; message: string };

/** Refresh this often while shown, so ongoing incidents' durations stay current. */
const REFRESH_MS = 30_000;
const NOT_CONNECTED: IncidentsState = { state: 'error', message: 'not connected' };

/**
 * Recent incidents from `incidents:list`. Fetched when shown, again whenever `refreshKey`
 * changes (pass something that changes with the health state) and every 30 s.
 */
export function useIncidents(kiosk: KioskApi | null, limit: number, refreshKey: string): IncidentsState {
  const [result, setResult] = useState<IncidentsState>({ state: 'loading' });

  useEffect(() => {
    if (!kiosk) return;
    let active = true;
    const load = () => {
      kiosk.invoke('incidents:list', { limit }).then(
        (payload) => {
          if (!active) return;
          const parsed = incidentListSchema.safeParse(payload);
          if (parsed.success) setResult({ state: 'ready', incidents: parsed.data });
          else {
            console.error('kiosk: invalid incident list', parsed.error.issues);
            setResult({ state: 'error', message: 'invalid answer' });
          }
        },
        (error: unknown) => {
          if (active) setResult({ state: 'error', message: errorMessage(error) });
        },
      );
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      active = false;
      clearInterval(timer);
    };
  }, [kiosk, limit, refreshKey]);

  return kiosk ? result : NOT_CONNECTED;
}
