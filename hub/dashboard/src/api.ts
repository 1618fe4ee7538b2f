import type { EscalationPolicy } from '../../escalation.ts';
import type { HubIncident, PlatformIncident, SeatView } from '../../model.ts';
import type { AccountRow, AlertRecord, AuditEntry, EnrolmentTokenRow } from '../../store/store.ts';

export type { AccountRow, AlertRecord, AuditEntry, EnrolmentTokenRow, EscalationPolicy, HubIncident, PlatformIncident, SeatView };

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
  | { type: 'platform'; platforms: PlatformIncident[] }
  /** The session ended (signed out, account changed or removed): the stream closes after this. */
  | { type: 'ended' };

/** A refused request: its HTTP status and the hub's own words (technical detail under a translated message). */
export class ApiError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, { credentials: 'same-origin', ...init });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
    throw new ApiError(response.status, body.error ?? body.message ?? `HTTP ${response.status}`);
  }
  return (await response.json()) as T;
}

/** A change: the session cookie and the CSRF token both. */
const change = <T>(method: string, path: string, csrf: string, body: unknown = {}) =>
  call<T>(path, {
    method,
    headers: { 'x-csrf-token': csrf, ...(method === 'DELETE' ? {} : { 'content-type': 'application/json' }) },
    ...(method === 'DELETE' ? {} : { body: JSON.stringify(body) }),
  });

export const api = {
  me: () => call<Account>('api/me'),
  login: (username: string, password: string) =>
    call<Account>('api/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    }),
  post: <T>(path: string, csrf: string, body: unknown = {}) => change<T>('POST', path, csrf, body),
  put: <T>(path: string, csrf: string, body: unknown) => change<T>('PUT', path, csrf, body),
  delete: <T>(path: string, csrf: string) => change<T>('DELETE', path, csrf),
  incidents: (window: string) => call<IncidentsAnswer>(`api/incidents?window=${window}`),
  timeline: (id: number) => call<{ events: { at: number; kind: string; fault: string | null }[] }>(`api/incidents/${id}/timeline`),
  alerts: (incidentId: number) => call<{ alerts: AlertRecord[] }>(`api/alerts?incident=${incidentId}`),
  uptime: (window: string) => call<UptimeAnswer>(`api/uptime?window=${window}`),
  users: () => call<{ users: AccountRow[] }>('api/users'),
  tokens: () => call<{ tokens: EnrolmentTokenRow[] }>('api/enrolment-tokens'),
  audit: (before: number | null) =>
    call<{ entries: AuditEntry[]; more: boolean }>(`api/audit${before === null ? '' : `?before=${before}`}`),
  escalation: () => call<{ policy: EscalationPolicy; changedAt: number | null; changedBy: string | null }>('api/settings/escalation'),
};
