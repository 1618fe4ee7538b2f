import { chromium, type Browser } from 'playwright-core';
import { chromiumLaunchOptions } from '../../main/shells/chromium/launch-options.ts';

/** Headless Chromium started the way the Chromium shell starts it, for the user the tests run as. */
export function launchTestChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  const launch = chromiumLaunchOptions({
    executablePath: '/usr/bin/chromium',
    headless: true,
    fullscreen: false,
    appUrl: null,
    uid: process.getuid?.(),
  });
  return chromium.launch({ ...launch.options, args: [...launch.options.args, ...extraArgs] });
}
