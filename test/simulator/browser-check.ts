/** WhatsApp's own floor for Chrome; older or embedded browsers get the "update your browser" page. */
export const MIN_CHROME_MAJOR = 120;

/**
 * The real site refuses Electron and headless Chrome by user agent, which is why the kiosk must
 * present a plain Chrome user agent.
 */
export function isSupportedBrowser(userAgent: string | undefined, minChromeMajor = MIN_CHROME_MAJOR): boolean {
  if (userAgent === undefined || /Electron\/|HeadlessChrome/.test(userAgent)) return false;
  const major = /\bChrome\/(\d+)/.exec(userAgent)?.[1];
  return major !== undefined && Number(major) >= minChromeMajor;
}
