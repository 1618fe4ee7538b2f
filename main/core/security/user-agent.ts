/**
 * WhatsApp Web turns away browsers it does not know, and Electron's default user agent names
 * Electron. We present the Chrome that is really underneath: same major version, no app or
 * Electron token, and the reduced form Chrome itself sends (minor versions zeroed).
 */
export function chromeUserAgent(chromeVersion: string, platform: NodeJS.Platform): string {
  const major = /^(\d+)\./.exec(chromeVersion)?.[1];
  if (!major) throw new Error(`not a Chrome version: "${chromeVersion}"`);
  return `Mozilla/5.0 (${platformToken(platform)}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`;
}

function platformToken(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'win32':
      return 'Windows NT 10.0; Win64; x64';
    case 'darwin':
      return 'Macintosh; Intel Mac OS X 10_15_7';
    default:
      return 'X11; Linux x86_64';
  }
}

/** True when a user agent passes for plain Chrome: no wrapper or headless token. */
export function isCleanChromeUserAgent(userAgent: string): boolean {
  return /Chrome\/\d+/.test(userAgent) && !/Electron\/|HeadlessChrome/.test(userAgent);
}
