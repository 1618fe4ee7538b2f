import { join } from 'node:path';
import type { Settings } from '../config/schema.ts';

type HubSettings = Settings['hub'];

/** The reference the reporter reads the hosted hub's one-time enrolment token from (HubHost fills it in). */
export const SELF_ENROLMENT_REF = 'env:KIOSK_HUB_SELF_ENROLMENT';
export const SELF_ENROLMENT_NAME = SELF_ENROLMENT_REF.slice('env:'.length);
/** The hosted hub's first IT account, made from hub.serveAdminPasswordRef. */
export const ADMIN_USERNAME = 'admin';
/** The hub's own rule for passwords (hub/server.ts, userSchema). */
export const MIN_ADMIN_PASSWORD_LENGTH = 12;

export interface ServePlan {
  address: string;
  port: number;
  /** Where this kiosk itself reaches the hub it serves: loopback when it listens on every address. */
  localUrl: string;
  configFile: string | null;
  adminPasswordRef: string | null;
}

export interface HubHostPlan {
  serve: ServePlan | null;
  /** The hub this seat reports to: IT's `hub.url`, else the hub it serves itself; null: no reporting. */
  reportTo: { url: string; self: boolean } | null;
  dashboardInKiosk: boolean;
}

const WILDCARDS: Record<string, string> = { '0.0.0.0': '127.0.0.1', '::': '::1' };

function urlOf(address: string, port: number): string {
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}/`;
}

export function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.');
}

/** What the `hub` settings ask of this kiosk: serve a hub, report to which one, offer the dashboard. */
export function planHubHost(hub: HubSettings): HubHostPlan {
  const serve = hub.serveEnabled
    ? {
        address: hub.serveAddress,
        port: hub.servePort,
        localUrl: urlOf(WILDCARDS[hub.serveAddress] ?? hub.serveAddress, hub.servePort),
        configFile: hub.serveConfigFile ?? null,
        adminPasswordRef: hub.serveAdminPasswordRef ?? null,
      }
    : null;
  const reportTo = hub.url ? { url: hub.url, self: false } : serve ? { url: serve.localUrl, self: true } : null;
  return { serve, reportTo, dashboardInKiosk: hub.dashboardInKiosk };
}

/** The settings the reporter runs with: a seat reporting to its own hub enrols with the token HubHost gives it. */
export function reporterHubSettings(hub: HubSettings, plan: HubHostPlan): HubSettings {
  if (!plan.reportTo?.self) return hub;
  return { ...hub, url: plan.reportTo.url, enrolmentTokenRef: SELF_ENROLMENT_REF };
}

/**
 * The hosted hub's configuration before validation: the kiosk's defaults (SQLite in its data
 * folder; a public URL for alert links; Secure cookies only where the browser can keep them, i.e.
 * loopback, as a floor hub is plain HTTP unless IT puts TLS in front), IT's file over them, and
 * the listening address and port from the settings only. A file that sets those is refused.
 */
export function embeddedHubConfig(
  serve: ServePlan,
  file: unknown,
  where: { dataDir: string; hostname: string },
): { ok: true; config: Record<string, unknown> } | { ok: false; error: string } {
  if (file !== undefined && (typeof file !== 'object' || file === null || Array.isArray(file))) {
    return { ok: false, error: 'the hub configuration file must hold a JSON object' };
  }
  const given = (file ?? {}) as Record<string, unknown>;
  const refused = ['host', 'port'].filter((key) => Object.hasOwn(given, key));
  if (refused.length > 0) {
    return { ok: false, error: `the hub configuration file sets ${refused.join(' and ')}: use hub.serveAddress and hub.servePort instead` };
  }
  const publicHost = WILDCARDS[serve.address] ? where.hostname : serve.address;
  return {
    ok: true,
    config: {
      database: `sqlite:${join(where.dataDir, 'hub.sqlite')}`,
      publicUrl: urlOf(publicHost, serve.port),
      secureCookies: isLoopback(serve.address),
      ...given,
      host: serve.address,
      port: serve.port,
    },
  };
}

/** Where the hub this kiosk serves is: not served (or stopped), starting, listening, or failed to start. */
export type HostingState = 'off' | 'starting' | 'running' | 'failed';

/** The dashboard address the kiosk may open, or null: switched off, no hub known, or its own hub is not running. */
export function dashboardUrl(plan: HubHostPlan, hosting: HostingState): string | null {
  if (!plan.dashboardInKiosk || !plan.reportTo) return null;
  if (plan.reportTo.self && hosting !== 'running') return null;
  return plan.reportTo.url;
}
