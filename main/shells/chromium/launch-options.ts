import { BACKGROUND_KEEPALIVE_SWITCHES } from '../../core/shell/view-rules.ts';

/** Flags that keep Chromium quiet on a closed network and keep a background WhatsApp alive. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // WhatsApp keeps running while the failover pane is in front: its socket, and our probe's
  // heartbeat, must not be throttled as a background tab (the same switches as Electron's).
  ...BACKGROUND_KEEPALIVE_SWITCHES.map((name) => `--${name}`),
  // No page gets a device: without these APIs there is no device chooser an agent could be led
  // to answer (the Electron shell cancels the choosers instead).
  '--disable-blink-features=WebUSB,WebHID,Serial,WebBluetooth',
];

export interface ChromiumLaunchInput {
  executablePath: string;
  headless: boolean;
  /** `kiosk.fullscreen`: the window covers the screen and cannot be left (never in headless). */
  fullscreen: boolean;
  /** Our UI page: Chromium opens it as an app window, without tabs or address bar. */
  appUrl: string | null;
  /** The user id the kiosk runs as (`process.getuid?.()`); undefined on Windows. */
  uid: number | undefined;
}

/** What playwright-core's launch/launchPersistentContext takes. */
export interface ChromiumLaunchOptions {
  executablePath: string;
  headless: boolean;
  chromiumSandbox: boolean;
  args: string[];
}

export interface ChromiumLaunch {
  options: ChromiumLaunchOptions;
  /** Set when the sandbox is off: for the status bar and the log. */
  warning: string | null;
}

export const SANDBOX_OFF_WARNING =
  "Chromium runs without its sandbox because the kiosk was started as root, where Chromium's sandbox cannot work: " +
  'start it as an ordinary user.';

/**
 * How the Chromium shell starts Chromium. The sandbox stays on wherever the OS allows it, which
 * is everywhere but root (Chromium refuses to start sandboxed as root, as on our CI); there it
 * goes off with a warning. Playwright itself adds --no-sandbox unless `chromiumSandbox` is true.
 */
export function chromiumLaunchOptions(input: ChromiumLaunchInput): ChromiumLaunch {
  const root = input.uid === 0;
  const args = [...CHROMIUM_ARGS];
  if (input.appUrl !== null) args.push(`--app=${input.appUrl}`);
  if (input.fullscreen && !input.headless) args.push('--kiosk', '--start-fullscreen');
  return {
    options: { executablePath: input.executablePath, headless: input.headless, chromiumSandbox: !root, args },
    warning: root ? SANDBOX_OFF_WARNING : null,
  };
}
