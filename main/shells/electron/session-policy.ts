import { shell, type Session, type WebContents } from 'electron';
import { decideNavigation } from '../../core/security/navigation.ts';
import { decidePermission, type MediaKind } from '../../core/security/permissions.ts';

/**
 * Locks down WhatsApp's session: a plain Chrome user agent on the session and on every request
 * header, permissions denied unless the policy grants them to WhatsApp's origins.
 */
export function applyWhatsAppSessionPolicy(session: Session, userAgent: string, origins: ReadonlySet<string>): void {
  session.setUserAgent(userAgent);
  session.webRequest.onBeforeSendHeaders((details, callback) => {
    callback({ requestHeaders: { ...details.requestHeaders, 'User-Agent': userAgent } });
  });
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const kinds = 'mediaTypes' in details ? ((details.mediaTypes ?? ['unknown']) as MediaKind[]) : [];
    callback(decidePermission(details.requestingUrl, permission, origins, kinds));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => decidePermission(requestingOrigin, permission, origins));
}

/** Our own pages need no permission at all. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * Navigation of a web contents limited to `origins`, redirects included (a WhatsApp address that
 * answers with a redirect elsewhere is checked like a link); ordinary links leave for the system
 * browser, new windows never open inside the kiosk.
 */
export function lockNavigation(contents: WebContents, origins: ReadonlySet<string>): void {
  const check = (details: { url: string; isMainFrame: boolean; preventDefault(): void }) => {
    const decision = decideNavigation(details.url, origins);
    if (decision === 'allow') return;
    details.preventDefault();
    if (decision === 'open-externally' && details.isMainFrame) openExternally(details.url);
  };
  contents.on('will-frame-navigate', check);
  contents.on('will-redirect', check);
  contents.setWindowOpenHandler(({ url }) => {
    if (decideNavigation(url, origins) !== 'deny') openExternally(url);
    return { action: 'deny' };
  });
}

function openExternally(url: string): void {
  shell.openExternal(url).catch((error: unknown) => console.error(`cannot open ${url} in the system browser`, error));
}

/**
 * No page gets a device: WebUSB, WebHID, Web Serial and Web Bluetooth choosers are cancelled and
 * device permissions refused, for WhatsApp as for our own page. Call once per session.
 */
export function denyDevices(session: Session): void {
  session.setDevicePermissionHandler(() => false);
  session.setBluetoothPairingHandler((_details, callback) => callback({ confirmed: false }));
  session.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback(null);
  });
  session.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback('');
  });
  session.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
}

/**
 * Web Bluetooth's chooser is an event of each web contents; unhandled, Electron picks the first
 * device it finds. Call for every web contents (app 'web-contents-created').
 */
export function denyBluetoothChooser(contents: WebContents): void {
  contents.on('select-bluetooth-device', (event, _devices, callback) => {
    event.preventDefault();
    callback('');
  });
}
