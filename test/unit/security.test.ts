import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { electronHardening } from '../../main/core/security/hardening.ts';
import { isLoopbackHost } from '../../main/core/security/loopback-host.ts';
import { chromeUserAgent, isCleanChromeUserAgent } from '../../main/core/security/user-agent.ts';
import { allowedOrigins, decideNavigation } from '../../main/core/security/navigation.ts';
import { decidePermission } from '../../main/core/security/permissions.ts';

describe('chromeUserAgent', () => {
  it('names the real Chrome major version and nothing of Electron', () => {
    const ua = chromeUserAgent('138.0.7204.97', 'win32');
    expect(ua).toBe('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36');
    expect(isCleanChromeUserAgent(ua)).toBe(true);
  });

  it('uses the platform token of each OS', () => {
    expect(chromeUserAgent('156.0.8078.73', 'linux')).toContain('(X11; Linux x86_64)');
    expect(chromeUserAgent('156.0.8078.73', 'darwin')).toContain('(Macintosh; Intel Mac OS X 10_15_7)');
  });

  it('refuses something that is not a Chrome version', () => {
    expect(() => chromeUserAgent('', 'linux')).toThrow(/not a Chrome version/);
  });

  it('recognises user agents that give the wrapper away', () => {
    expect(isCleanChromeUserAgent('Mozilla/5.0 Chrome/138.0.0.0 Electron/45.5.0 Safari/537.36')).toBe(false);
    expect(isCleanChromeUserAgent('Mozilla/5.0 HeadlessChrome/156.0.0.0 Safari/537.36')).toBe(false);
  });
});

describe('decideNavigation', () => {
  const allowed = allowedOrigins('https://web.whatsapp.com/', ['https://media.example.net/x']);

  it('allows WhatsApp and the configured extra origins', () => {
    expect(decideNavigation('https://web.whatsapp.com/some/path?q=1', allowed)).toBe('allow');
    expect(decideNavigation('https://media.example.net/other', allowed)).toBe('allow');
    expect(decideNavigation('blob:https://web.whatsapp.com/1234-5678', allowed)).toBe('allow');
  });

  it('sends ordinary links to the system browser', () => {
    expect(decideNavigation('https://shop.example.com/order/1', allowed)).toBe('open-externally');
    expect(decideNavigation('mailto:someone@example.com', allowed)).toBe('open-externally');
  });

  it('refuses look-alikes, other schemes and garbage', () => {
    expect(decideNavigation('https://web.whatsapp.com.evil.example/', allowed)).toBe('open-externally');
    expect(decideNavigation('http://web.whatsapp.com/', allowed)).toBe('open-externally');
    expect(decideNavigation('https://user:pw@evil.example/', allowed)).toBe('deny');
    expect(decideNavigation('file:///etc/passwd', allowed)).toBe('deny');
    expect(decideNavigation('javascript:alert(1)', allowed)).toBe('deny');
    expect(decideNavigation('blob:https://evil.example/1', allowed)).toBe('deny');
    expect(decideNavigation('not a url', allowed)).toBe('deny');
  });

  it('denies blob: URLs whose inner part is not an allowed origin, odd ones included', () => {
    const odd = ['blob:null/x', 'blob:foo', 'blob:', 'blob:file:///etc/passwd', 'blob:blob:https://web.whatsapp.com/1', 'blob:%zz'];
    for (const target of odd) {
      expect(decideNavigation(target, allowed), target).toBe('deny');
    }
  });

  it('never throws, whatever it is handed', () => {
    const schemes = fc.constantFrom(
      ...['https:', 'http:', 'blob:', 'blob:https:', 'blob:null', 'data:', 'file:', 'mailto:', 'javascript:', 'about:', 'x-y:', ''],
    );
    const target = fc.oneof(
      fc.string(),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.tuple(schemes, fc.string()).map(([scheme, rest]) => scheme + rest),
      fc.tuple(schemes, fc.webUrl()).map(([scheme, url]) => `${scheme}${url}`),
      fc.string({ unit: 'binary' }).map((rest) => `blob:${rest}`),
    );
    fc.assert(
      fc.property(target, (url) => {
        expect(['allow', 'open-externally', 'deny']).toContain(decideNavigation(url, allowed));
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('decidePermission', () => {
  const allowed = allowedOrigins('https://web.whatsapp.com/', []);

  it('grants WhatsApp notifications, microphone and camera', () => {
    expect(decidePermission('https://web.whatsapp.com/', 'notifications', allowed)).toBe(true);
    expect(decidePermission('https://web.whatsapp.com/', 'media', allowed, ['audio', 'video'])).toBe(true);
  });

  it('denies what WhatsApp does not need, even to WhatsApp', () => {
    const devices = ['usb', 'hid', 'serial', 'bluetooth'];
    for (const permission of ['geolocation', 'midi', 'display-capture', 'openExternal', 'unknown', 'clipboard-read', ...devices]) {
      expect(decidePermission('https://web.whatsapp.com/', permission, allowed)).toBe(false);
    }
    expect(decidePermission('https://web.whatsapp.com/', 'media', allowed, ['unknown'])).toBe(false);
  });

  it('denies everything to every other origin', () => {
    expect(decidePermission('https://evil.example/', 'notifications', allowed)).toBe(false);
    expect(decidePermission('file:///x', 'media', allowed, ['audio'])).toBe(false);
    expect(decidePermission('', 'notifications', allowed)).toBe(false);
  });
});

describe('isLoopbackHost', () => {
  it('accepts our own loopback names on our port only', () => {
    expect(isLoopbackHost('127.0.0.1:4000', 4000)).toBe(true);
    expect(isLoopbackHost('localhost:4000', 4000)).toBe(true);
    expect(isLoopbackHost('LocalHost:4000', 4000)).toBe(true);
    expect(isLoopbackHost('[::1]:4000', 4000)).toBe(true);
    const foreign = [undefined, '', '127.0.0.1', 'localhost', '127.0.0.1:4001', 'evil.example:4000', 'localhost.evil.example:4000'];
    for (const host of foreign) {
      expect(isLoopbackHost(host, 4000), String(host)).toBe(false);
    }
  });
});

describe('electronHardening', () => {
  it('takes DevTools and the default menu away from the installed app only', () => {
    expect(electronHardening(true)).toEqual({ devTools: false, applicationMenu: 'none' });
    expect(electronHardening(false)).toEqual({ devTools: true, applicationMenu: 'default' });
  });
});
