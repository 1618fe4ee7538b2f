import type { HubIncident, PlatformIncident, SeatView } from '../../model.ts';

export type { HubIncident, PlatformIncident, SeatView };

export interface Account {
  username: string;
  role: 'supervisor' | 'it';
  csrfToken: string;
}

export interface IncidentsAnswer {
  incidents: HubIncident[];
  escalation: { levels: string[]; rtoMs: number; mtdMs: number };
}

export interface UptimeAnswer {
  seats: { seatId: string; team: string; uptime: number }[];
  teams: { team: string; uptime: number }[];
  failoverSeries: { at: number; seats: number }[];
  times: { id: number; at: number; detectionMs: number | null; failoverMs: number | null }[];
}

export type LiveMessage =
  | { type: 'snapshot'; seats: SeatView[]; platforms: PlatformIncident[] }
  | { type: 'seat'; seat: SeatView }
  | { type: 'incident'; incident: HubIncident }
  | { type: 'platform'; platforms: PlatformIncident[] };

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, { credentials: 'same-origin', ...init });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

export const api = {
  me: () => call<Account>('api/me'),
  login: (username: string, password: string) =>
    call<Account>('api/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    }),
  /** A change: the session cookie and the CSRF token both. */
  post: <T>(path: string, csrf: string, body: unknown = {}) =>
    call<T>(path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify(body) }),
  incidents: (window: string) => call<IncidentsAnswer>(`api/incidents?window=${window}`),
  timeline: (id: number) => call<{ events: { at: number; kind: string; fault: string | null }[] }>(`api/incidents/${id}/timeline`),
  uptime: (window: string) => call<UptimeAnswer>(`api/uptime?window=${window}`),
};
