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
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    decidePermission(requestingOrigin, permission, origins),
  );
}

/** Our own pages need no permission at all. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * Navigation of a web contents limited to `origins`; ordinary links leave for the system
 * browser, new windows never open inside the kiosk.
 */
export function lockNavigation(contents: WebContents, origins: ReadonlySet<string>): void {
  contents.on('will-frame-navigate', (details) => {
    const decision = decideNavigation(details.url, origins);
    if (decision === 'allow') return;
    details.preventDefault();
    if (decision === 'open-externally' && details.isMainFrame) void shell.openExternal(details.url);
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (decideNavigation(url, origins) !== 'deny') void shell.openExternal(url);
    return { action: 'deny' };
  });
}
