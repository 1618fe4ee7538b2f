import { HubReporter, type ReporterDeps } from '../reporter/reporter.ts';
import { HubHost, type HubHostDeps } from './hub-host.ts';

export type HubLinkDeps = Omit<ReporterDeps, 'env'> & Omit<HubHostDeps, 'settings' | 'log'>;

/**
 * This seat's tie to the supervisors' hub: the hub it may serve for a small team, and the
 * reporter, which reports to IT's hub or to that one (then only once it listens).
 */
export class HubLink {
  readonly host: HubHost;
  readonly #reporter: HubReporter;

  constructor(deps: HubLinkDeps) {
    const { dataDir, secrets, problem, window, dashboardDir, ...reporter } = deps;
    this.host = new HubHost({
      settings: deps.settings,
      log: deps.log,
      dataDir,
      secrets,
      problem,
      ...(window ? { window } : {}),
      ...(dashboardDir ? { dashboardDir } : {}),
    });
    const reporting = this.host.reporting();
    this.#reporter = new HubReporter({ ...reporter, settings: reporting.settings, ...(reporting.env ? { env: reporting.env } : {}) });
  }

  async start(): Promise<void> {
    await this.host.start();
    if (this.host.reporterCanRun) this.#reporter.start();
  }

  async stop(): Promise<void> {
    this.#reporter.stop();
    await this.host.stop();
  }
}
