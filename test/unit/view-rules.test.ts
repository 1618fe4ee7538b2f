import { describe, expect, it } from 'vitest';
import { STATUS_BAR_HEIGHT_PX } from '../../main/core/ipc/layout.ts';
import { RELAYOUT_WINDOW_EVENTS, serviceWorkerOrigin, whatsappViewBounds, whatsappVisibility } from '../../main/core/shell/view-rules.ts';

describe('whatsappViewBounds', () => {
  it('puts WhatsApp right below the status bar, over the rest of the content area', () => {
    expect(whatsappViewBounds({ width: 1280, height: 860 })).toEqual({
      x: 0,
      y: STATUS_BAR_HEIGHT_PX,
      width: 1280,
      height: 860 - STATUS_BAR_HEIGHT_PX,
    });
  });

  it('never gives a negative or fractional size (a minimized window reports 0x0, scaled displays fractions)', () => {
    expect(whatsappViewBounds({ width: 0, height: 0 })).toEqual({ x: 0, y: STATUS_BAR_HEIGHT_PX, width: 0, height: 0 });
    expect(whatsappViewBounds({ width: 800.6, height: STATUS_BAR_HEIGHT_PX - 5 })).toMatchObject({ width: 800, height: 0 });
    expect(whatsappViewBounds({ width: -3, height: 100.9 })).toMatchObject({ width: 0, height: 100 - STATUS_BAR_HEIGHT_PX });
  });

  it('is laid out again on maximize, fullscreen and restore, not only on resize', () => {
    for (const event of ['resize', 'maximize', 'unmaximize', 'enter-full-screen', 'leave-full-screen', 'restore', 'show']) {
      expect(RELAYOUT_WINDOW_EVENTS).toContain(event);
    }
  });
});

describe('whatsappVisibility: what hidden means', () => {
  const seen = { whatsappInFront: true, windowVisible: true, minimized: false };

  it('is seen only in front, in a shown, not minimized window, and then is not backgrounded', () => {
    expect(whatsappVisibility(seen)).toEqual({ visible: true, backgroundThrottling: false });
  });

  it('covered by the failover pane, minimized or in a hidden window, it is hidden and may be backgrounded (Page Visibility says hidden)', () => {
    for (const state of [
      { ...seen, whatsappInFront: false },
      { ...seen, minimized: true },
      { ...seen, windowVisible: false },
      { whatsappInFront: false, windowVisible: false, minimized: true },
    ]) {
      expect(whatsappVisibility(state)).toEqual({ visible: false, backgroundThrottling: true });
    }
  });
});

describe('serviceWorkerOrigin', () => {
  const origins = new Set(['https://web.whatsapp.com']);

  it("takes the page's own origin when it is WhatsApp's", () => {
    expect(serviceWorkerOrigin('https://web.whatsapp.com/some/path', 'https://web.whatsapp.com/', origins)).toBe(
      'https://web.whatsapp.com',
    );
  });

  it('takes the configured address before anything loaded (about:blank has the opaque origin "null")', () => {
    expect(serviceWorkerOrigin('about:blank', 'https://web.whatsapp.com/', origins)).toBe('https://web.whatsapp.com');
    expect(serviceWorkerOrigin('', 'https://web.whatsapp.com/', origins)).toBe('https://web.whatsapp.com');
    expect(serviceWorkerOrigin('chrome-error://chromewebdata/', 'https://web.whatsapp.com/', origins)).toBe('https://web.whatsapp.com');
  });

  it('unregisters nothing outside WhatsApp: a foreign page or a bad address gives no origin', () => {
    expect(serviceWorkerOrigin('https://evil.example/', 'not a url', origins)).toBeNull();
    expect(serviceWorkerOrigin('about:blank', 'https://evil.example/', origins)).toBeNull();
  });
});
