import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumLaunchOptions, SANDBOX_OFF_WARNING } from '../../main/shells/chromium/launch-options.ts';
import { startUiServer } from '../../main/shells/chromium/ui-server.ts';

const CHROMIUM = '/usr/bin/chromium';
const NOBODY = 65_534;

/** What chrome://sandbox says about the renderers of this browser. */
async function sandboxStatus(context: BrowserContext): Promise<string> {
  const page = await context.newPage();
  await page.goto('chrome://sandbox');
  return page.locator('body').innerText();
}

function hasSetpriv(): boolean {
  try {
    execFileSync('setpriv', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The Chromium shell's launch, as chromium-kiosk starts it, in real Chromium. */
describe('Chromium started with the launch options of the Chromium shell', () => {
  let ui: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), 'ui-root-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>kiosk ui</title><p>status bar</p>');
    ui = await startUiServer(root);
  });
  afterAll(() => ui?.close());

  it('starts for the user running the tests, opens our page as its app window, sandboxed unless root', async () => {
    const uid = process.getuid?.();
    const launch = chromiumLaunchOptions({ executablePath: CHROMIUM, headless: true, fullscreen: true, appUrl: ui.url, uid });
    const profile = mkdtempSync(join(tmpdir(), 'sandbox-profile-'));
    const context = await chromium.launchPersistentContext(profile, launch.options);
    try {
      const app = context.pages()[0];
      expect(app?.url()).toBe(ui.url);
      await expect.poll(() => app?.title()).toBe('kiosk ui');
      // A secure context (loopback), where these would otherwise exist: no device API at all.
      expect(await app?.evaluate(() => window.isSecureContext)).toBe(true);
      const present = await app?.evaluate(() =>
        ['usb', 'hid', 'serial', 'bluetooth'].filter((api) => (navigator as unknown as Record<string, unknown>)[api] !== undefined),
      );
      expect(present).toEqual([]);
      const status = await sandboxStatus(context);
      if (uid === 0) {
        expect(launch.warning).toBe(SANDBOX_OFF_WARNING);
        expect(status).not.toMatch(/You are adequately sandboxed/);
      } else {
        expect(launch.warning).toBeNull();
        expect(status).toMatch(/You are adequately sandboxed/);
      }
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });

  const asRoot = process.getuid?.() === 0;
  const skipReason = !asRoot
    ? 'not running as root: the test above already ran the ordinary-user path'
    : !hasSetpriv()
      ? 'setpriv (util-linux) is missing, so Chromium cannot be started as another user'
      : null;
  it.skipIf(skipReason !== null)(
    `keeps the sandbox on for an ordinary user (Chromium run as uid ${NOBODY})${skipReason ? ` [skipped: ${skipReason}]` : ''}`,
    async () => {
      // Playwright starts this wrapper as root; it drops to nobody before Chromium starts, so
      // Chromium runs exactly as it would for an agent's ordinary account.
      const dir = mkdtempSync(join(tmpdir(), 'sandbox-nobody-'));
      chmodSync(dir, 0o777);
      const home = join(dir, 'home');
      const profile = join(dir, 'profile');
      const wrapper = join(dir, 'chromium-as-nobody');
      const script = [
        '#!/bin/sh',
        `mkdir -p ${home} ${profile}`,
        `chown ${NOBODY}:${NOBODY} ${home} ${profile}`,
        `exec setpriv --reuid=${NOBODY} --regid=${NOBODY} --clear-groups env HOME=${home} ${CHROMIUM} "$@"`,
      ];
      writeFileSync(wrapper, `${script.join('\n')}\n`);
      chmodSync(wrapper, 0o755);
      const launch = chromiumLaunchOptions({ executablePath: wrapper, headless: true, fullscreen: false, appUrl: ui.url, uid: NOBODY });
      expect(launch.options.chromiumSandbox).toBe(true);
      expect(launch.warning).toBeNull();
      const context = await chromium.launchPersistentContext(profile, launch.options);
      try {
        expect(context.pages()[0]?.url()).toBe(ui.url);
        expect(await sandboxStatus(context)).toMatch(/You are adequately sandboxed/);
        expect(existsSync(join(profile, 'Default'))).toBe(true);
      } finally {
        await context.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
