import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import type { Settings } from '../config/schema.ts';
import type { Logger } from '../log/logger.ts';
import { secretRefOf, type SecretResolver } from '../outbox/secrets.ts';
import type { EmbeddedHub, EmbeddedHubOptions } from './embedded-hub.ts';
import {
  dashboardUrl,
  embeddedHubConfig,
  MIN_ADMIN_PASSWORD_LENGTH,
  planHubHost,
  reporterHubSettings,
  SELF_ENROLMENT_NAME,
  type HostingState,
  type HubHostPlan,
  type ServePlan,
} from './plan.ts';

/** The shell's window for the hub's dashboard: locked to the hub's origin, a session of its own. */
export interface DashboardWindow {
  open(url: string): Promise<void>;
}

export interface HubHostDeps {
  settings: Pick<Settings, 'hub' | 'kiosk'>;
  /** The kiosk's data folder: the hosted hub's SQLite file goes there. */
  dataDir: string;
  log: Logger;
  secrets: SecretResolver;
  /** A problem IT must see (the status bar's settings problems); the kiosk goes on. */
  problem(message: string): void;
  window?: DashboardWindow;
  /** The built dashboard, where the shell runs bundled (Electron: dist/hub beside the app). */
  dashboardDir?: string;
}

/** How long the kiosk's shutdown waits for the hosted hub to close. */
const CLOSE_WAIT_MS = 3_000;

/** The hub's code (fastify, argon2, its store) is loaded only by a kiosk that serves it. */
async function loadEmbeddedHub(config: Record<string, unknown>, options: EmbeddedHubOptions): Promise<EmbeddedHub> {
  return (await import('./embedded-hub.ts')).startEmbeddedHub(config, options);
}

/**
 * The supervisors' hub inside one kiosk, for a small team with no server, and the dashboard
 * button. A hub that cannot start (port taken, bad file) is logged and shown to IT; the kiosk
 * itself is never stopped by it.
 */
export class HubHost {
  readonly plan: HubHostPlan;
  readonly #deps: HubHostDeps;
  /** The reporter's environment: the one-time enrolment token for its own hub appears here. */
  readonly #reporterEnv: Record<string, string | undefined> = {};
  #state: HostingState;
  #hub: EmbeddedHub | null = null;
  #starting: Promise<void> | null = null;

  constructor(deps: HubHostDeps) {
    this.#deps = deps;
    this.plan = planHubHost(deps.settings.hub);
    this.#state = this.plan.serve ? 'starting' : 'off';
  }

  /** What the reporter runs with: IT's hub and environment, or this kiosk's own hub and its token. */
  reporting(): { settings: Pick<Settings, 'hub' | 'kiosk'>; env?: Record<string, string | undefined> } {
    const { settings } = this.#deps;
    if (!this.plan.reportTo?.self) return { settings };
    return { settings: { ...settings, hub: reporterHubSettings(settings.hub, this.plan) }, env: this.#reporterEnv };
  }

  /** Whether the reporter may start: not when it would report to a hosted hub that did not start. */
  get reporterCanRun(): boolean {
    return !this.plan.reportTo?.self || this.#state === 'running';
  }

  /** Starts the hosted hub when the settings ask for it. Never throws. */
  async start(): Promise<void> {
    const serve = this.plan.serve;
    if (!serve) return;
    this.#starting = this.#run(serve);
    await this.#starting;
  }

  /**
   * Closes the hosted hub, after a start still under way. Its connections (dashboards' live
   * streams too) are closed at once; should anything else hold the close up, the kiosk's shutdown
   * waits only so long and the hub finishes on its own.
   */
  async stop(): Promise<void> {
    await this.#starting;
    const hub = this.#hub;
    this.#hub = null;
    if (!hub) return;
    this.#state = 'off';
    const { log } = this.#deps;
    const closed = hub.close().then(
      () => true,
      (error: unknown) => {
        log.error({ err: String(error) }, 'the hosted hub did not close cleanly');
        return true;
      },
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const waited = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), CLOSE_WAIT_MS);
    });
    const done = await Promise.race([closed, waited]);
    clearTimeout(timer);
    if (!done) log.warn('the hosted hub is still closing; it finishes on its own');
  }

  async #run(serve: ServePlan): Promise<void> {
    const { log } = this.#deps;
    try {
      this.#hub = await this.#startHub(serve);
      this.#state = 'running';
      if (this.#hub.selfEnrolmentToken) this.#reporterEnv[SELF_ENROLMENT_NAME] = this.#hub.selfEnrolmentToken;
      log.info({ url: this.#hub.url, adminCreated: this.#hub.adminCreated, address: serve.address }, 'serving the hub');
    } catch (error) {
      this.#state = 'failed';
      const message = `the hub this kiosk serves (hub.serveEnabled) did not start: ${(error as Error).message}`;
      log.error({ it: true, port: serve.port }, message);
      this.#deps.problem(message);
    }
  }

  /** The dashboard's address for our page's button, or null where none may be offered. */
  dashboard(): { url: string | null } {
    return { url: this.#deps.window ? dashboardUrl(this.plan, this.#state) : null };
  }

  async openDashboard(): Promise<{ opened: true }> {
    const { url } = this.dashboard();
    if (!url) throw new Error('no hub dashboard to open here (hub.url, hub.serveEnabled, hub.dashboardInKiosk)');
    await this.#deps.window!.open(url);
    this.#deps.log.info({ url }, 'hub dashboard opened');
    return { opened: true };
  }

  async #startHub(serve: ServePlan): Promise<EmbeddedHub> {
    const { settings, log } = this.#deps;
    const file = serve.configFile ? await readConfigFile(serve.configFile) : undefined;
    const config = embeddedHubConfig(serve, file, { dataDir: this.#deps.dataDir, hostname: hostname() });
    if (!config.ok) throw new Error(config.error);
    return loadEmbeddedHub(config.config, {
      adminPassword: this.#adminPassword(serve.adminPasswordRef),
      selfSeatId: this.plan.reportTo?.self ? settings.kiosk.seatId : null,
      ...(this.#deps.dashboardDir ? { dashboardDir: this.#deps.dashboardDir } : {}),
      onError: (what, error) => log.error({ err: String(error) }, `hosted hub: ${what} failed`),
    });
  }

  /** A password that cannot be read or is too short is IT's problem to fix; the hub runs without the account. */
  #adminPassword(ref: string | null): string | null {
    if (!ref) return null;
    try {
      const password = this.#deps.secrets.resolve(secretRefOf(ref));
      if (password.length >= MIN_ADMIN_PASSWORD_LENGTH) return password;
      this.#deps.problem(
        `hub.serveAdminPasswordRef: the password needs ${MIN_ADMIN_PASSWORD_LENGTH} characters or more; no admin account was created`,
      );
    } catch (error) {
      this.#deps.problem(`hub.serveAdminPasswordRef: ${(error as Error).message}; no admin account was created`);
    }
    return null;
  }
}

async function readConfigFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`the hub configuration file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
      cause: error,
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`the hub configuration file ${file} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}
