import type { Booted } from './boot.ts';
import type { HttpProbeResult } from './health/http-probe.ts';
import type { DashboardWindow } from './hub-host/hub-host.ts';
import type { MaintenanceEnvironment } from './maintenance/maintenance.ts';
import type { SecretResolver } from './outbox/secrets.ts';
import type { Clock, KioskUi, SystemSignals, WhatsAppSurface } from './ports.ts';
import type { SecretBox } from './reporter/reporter.ts';

/** What the boot sequence opened, and the shell's ports. */
export interface KioskDeps extends Pick<Booted, 'config' | 'language' | 'markers' | 'db' | 'writeGate' | 'log' | 'backupsDir'> {
  clock: Clock;
  surface: WhatsAppSurface;
  ui: KioskUi;
  system: SystemSignals;
  /** IT's checklist and phone-script files live under here; default: the repository's `resources/`. */
  resourcesDir?: string;
  /** The runtime's own HTTP probe where it has one (Electron's net.fetch follows the system proxy). */
  networkProbe?: (url: string, timeoutMs: number) => Promise<HttpProbeResult>;
  /** Where maintenance works and the versions the shell runs. */
  maintenance: MaintenanceEnvironment;
  /** The outbox's secrets where the shell keeps them better than a reference (Electron: safeStorage). */
  secrets?: SecretResolver;
  /** Where the shell can encrypt at rest (Electron: safeStorage): the hub's device token. */
  secretBox?: SecretBox;
  /** The shell's window for the hub's dashboard; absent, the kiosk offers no dashboard button. */
  dashboardWindow?: DashboardWindow;
  /** The built hub dashboard where the shell runs bundled (Electron). */
  hubDashboardDir?: string;
}
