import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../main/core/ipc/router.ts';
import {
  APP_ORIGIN,
  resolveAppUrl,
  resolveUiPath,
  UI_CONTENT_SECURITY_POLICY,
  UI_ENTRY_URL,
} from '../../main/core/security/app-protocol.ts';

const root = resolve('/srv/kiosk/dist/renderer');

describe('resolveUiPath', () => {
  it('serves the built files under the root, and / as the entry page', () => {
    expect(resolveUiPath(root, '/')).toMatchObject({ ok: true, file: join(root, 'index.html'), contentType: 'text/html; charset=utf-8' });
    expect(resolveUiPath(root, '/index.html?lang=zh#x')).toMatchObject({ ok: true, file: join(root, 'index.html') });
    expect(resolveUiPath(root, '/assets/index-Ab12.js')).toMatchObject({ ok: true, file: join(root, 'assets', 'index-Ab12.js') });
    expect(resolveUiPath(root, '/assets/%E5%BC%A0.css')).toMatchObject({ ok: true, file: join(root, 'assets', '张.css') });
  });

  it.each([
    ['/../etc/passwd.html', 'dot segment'],
    ['/assets/../../secret.js', 'dot segment'],
    ['/%2e%2e/secret.js', 'dot segment'],
    ['/%2E%2E/%2E%2E/secret.js', 'dot segment'],
    ['/./index.html', 'dot segment'],
    ['/assets%2f..%2f..%2fsecret.js', 'encoded slash'],
    ['/assets%2F..%2Fsecret.js', 'encoded slash'],
    ['/..%5c..%5csecret.js', 'encoded slash'],
    ['/..\\secret.js', 'backslash'],
    ['/index.html%00.js', 'encoded slash, backslash or null byte'],
    ['/index\0.html', 'null byte'],
    ['/C:/Windows/win.ini', 'drive letter'],
    ['/c%3a/secret.js', 'drive letter'],
    ['//etc/passwd', 'empty path segment'],
    ['index.html', 'not an absolute request path'],
    ['/%E0%A4%A', 'malformed'],
  ])('refuses %s', (path, reason) => {
    const result = resolveUiPath(root, path);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason.split(' ')[0]);
  });

  it('serves no dotfile and no kind of file our pages do not use', () => {
    expect(resolveUiPath(root, '/.env')).toMatchObject({ ok: false, status: 404 });
    expect(resolveUiPath(root, '/assets/.git/config')).toMatchObject({ ok: false, status: 404 });
    expect(resolveUiPath(root, '/main.mjs.map')).toMatchObject({ ok: false, status: 404 });
    expect(resolveUiPath(root, '/kiosk.sqlite')).toMatchObject({ ok: false, status: 404 });
  });

  it('never resolves outside the root, whatever the path', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', '.', '/', '\\', '%', '2', 'e', 'f', '5', 'c', '0', ':', '\0', 'C', '.html') }),
        (tail) => {
          const result = resolveUiPath(root, `/${tail}`);
          if (result.ok) expect(result.file.startsWith(root + (root.endsWith('/') ? '' : '/'))).toBe(true);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe('resolveAppUrl', () => {
  it('serves only our own origin', () => {
    expect(resolveAppUrl(root, UI_ENTRY_URL)).toMatchObject({ ok: true, file: join(root, 'index.html') });
    expect(resolveAppUrl(root, `${APP_ORIGIN}/assets/app.css`)).toMatchObject({ ok: true });
    for (const url of [
      'app://kiosk.evil/index.html',
      'app://kiosk@evil/index.html',
      'app://kiosk:81/index.html',
      'file:///etc/passwd',
      'app://other/index.html',
    ]) {
      expect(resolveAppUrl(root, url)).toMatchObject({ ok: false, status: 404 });
    }
    expect(resolveAppUrl(root, `${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd.html`)).toMatchObject({ ok: false, status: 400 });
  });
});

describe('the UI trusted origin', () => {
  it("is the protocol's entry page: our pages on it are trusted, WhatsApp, file:// and other schemes are not", () => {
    expect(isTrustedSender(`${APP_ORIGIN}/index.html`, true, UI_ENTRY_URL)).toBe(true);
    expect(isTrustedSender(`${APP_ORIGIN}/index.html#/failover`, true, UI_ENTRY_URL)).toBe(true);
    expect(isTrustedSender(`${APP_ORIGIN}/index.html`, false, UI_ENTRY_URL)).toBe(false);
    expect(isTrustedSender('https://web.whatsapp.com/', true, UI_ENTRY_URL)).toBe(false);
    expect(isTrustedSender('file:///srv/kiosk/dist/renderer/index.html', true, UI_ENTRY_URL)).toBe(false);
    expect(isTrustedSender('app://kiosk.evil/index.html', true, UI_ENTRY_URL)).toBe(false);
  });

  it('comes with a strict Content-Security-Policy: nothing inline, nothing from elsewhere, no framing', () => {
    expect(UI_CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(UI_CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(UI_CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(UI_CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
  });
});
