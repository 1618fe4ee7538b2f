import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Heartbeat, Report, SeatEvent } from '../../../main/core/reporter/wire.ts';
import { hubConfigSchema, type HubConfig } from '../../../hub/config.ts';
import { hashPassword } from '../../../hub/server.ts';
import { startHub, type RunningHub } from '../../../hub/start.ts';
import type { Role } from '../../../hub/model.ts';

export function heartbeat(patch: Partial<Heartbeat> = {}): Heartbeat {
  return {
    level: 'healthy',
    fault: null,
    healthSince: 1_000,
    mode: 'whatsapp',
    modeSince: 1_000,
    appVersion: '0.1.0',
    whatsappVersion: '2.3000.1',
    memoryMb: 300,
    ...patch,
  };
}

export function sqliteConfig(patch: Partial<HubConfig> = {}): HubConfig {
  const dir = mkdtempSync(join(tmpdir(), 'hub-'));
  return hubConfigSchema.parse({ port: 0, database: `sqlite:${join(dir, 'hub.sqlite')}`, ...patch });
}

/** A hub on a free loopback port plus what tests do against it: enrol seats, report, sign in. */
export async function openHub(config: HubConfig): Promise<TestHub> {
  return new TestHub(await startHub(config));
}

export class TestHub {
  readonly running: RunningHub;
  #n = 0;

  constructor(running: RunningHub) {
    this.running = running;
  }

  get url(): string {
    return this.running.url;
  }

  get hub() {
    return this.running.hub;
  }

  post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  }

  async enrol(seatId: string, scope: { team?: string; site?: string } = {}): Promise<string> {
    const enrolmentToken = await this.hub.createEnrolmentToken(scope);
    const response = await this.post('/api/v1/enrol', { enrolmentToken, seatId });
    if (!response.ok) throw new Error(`enrol ${seatId}: ${response.status}`);
    return ((await response.json()) as { deviceToken: string }).deviceToken;
  }

  report(token: string, beat: Heartbeat, events: SeatEvent[] = [], n = ++this.#n + Date.now()): Promise<Response> {
    const body: Report = { n, sentAt: Date.now(), heartbeat: beat, events };
    return this.post('/api/v1/report', body, { authorization: `Bearer ${token}` });
  }

  /** Signs a new account in; returns the cookie header and CSRF token its requests carry. */
  async signIn(username: string, role: Role): Promise<{ cookie: string; csrf: string }> {
    const password = 'correct horse battery staple';
    await this.hub.store.addUser(username, await hashPassword(password), role, Date.now());
    const response = await this.post('/api/login', { username, password });
    if (!response.ok) throw new Error(`login ${username}: ${response.status}`);
    const cookie = response.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ');
    return { cookie, csrf: ((await response.json()) as { csrfToken: string }).csrfToken };
  }

  close(): Promise<void> {
    return this.running.close();
  }
}
