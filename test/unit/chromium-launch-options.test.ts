import { describe, expect, it } from 'vitest';
import { chromiumLaunchOptions, SANDBOX_OFF_WARNING } from '../../main/shells/chromium/launch-options.ts';

const base = { executablePath: '/usr/bin/chromium', headless: false, fullscreen: false, appUrl: 'http://127.0.0.1:4000/index.html' };

describe('chromiumLaunchOptions', () => {
  it('keeps the sandbox on for an ordinary user, with no warning', () => {
    const launch = chromiumLaunchOptions({ ...base, uid: 1000 });
    expect(launch.options.chromiumSandbox).toBe(true);
    expect(launch.options.args).not.toContain('--no-sandbox');
    expect(launch.warning).toBeNull();
  });

  it('keeps it on where the OS has no user ids (Windows)', () => {
    expect(chromiumLaunchOptions({ ...base, uid: undefined })).toMatchObject({ options: { chromiumSandbox: true }, warning: null });
  });

  it('turns it off only as root, where it cannot work, and says so', () => {
    const launch = chromiumLaunchOptions({ ...base, uid: 0 });
    expect(launch.options.chromiumSandbox).toBe(false);
    expect(launch.warning).toBe(SANDBOX_OFF_WARNING);
    expect(launch.warning).toMatch(/sandbox/);
  });

  it('opens our page as an app window', () => {
    expect(chromiumLaunchOptions({ ...base, uid: 1000 }).options.args).toContain('--app=http://127.0.0.1:4000/index.html');
    expect(chromiumLaunchOptions({ ...base, appUrl: null, uid: 1000 }).options.args.some((arg) => arg.startsWith('--app'))).toBe(false);
  });

  it('goes fullscreen kiosk when the setting asks, never headless', () => {
    expect(chromiumLaunchOptions({ ...base, fullscreen: true, uid: 1000 }).options.args).toEqual(
      expect.arrayContaining(['--kiosk', '--start-fullscreen']),
    );
    const headless = chromiumLaunchOptions({ ...base, fullscreen: true, headless: true, uid: 1000 });
    expect(headless.options.headless).toBe(true);
    expect(headless.options.args).not.toContain('--kiosk');
    expect(headless.options.args).not.toContain('--start-fullscreen');
    expect(chromiumLaunchOptions({ ...base, uid: 1000 }).options.args).not.toContain('--kiosk');
  });
});
