import { CONTACTS } from './contacts.ts';
import { STRINGS, type Lang } from './i18n.ts';
import type { SimulatorOptions } from './options.ts';
import type { SimBuild } from './types.ts';

/** What the page script needs to start before its socket connects (see public/app.js). */
export interface PageConfig {
  lang: Lang;
  /** `?lang=` in the address pins the language: pushes from the server do not change it. */
  langPinned: boolean;
  strings: typeof STRINGS;
  contacts: typeof CONTACTS;
  loadingMs: number;
  offlineBannerMs: number;
  /** The page mirrors the address book into IndexedDB "model-storage" (see public/model-storage.js). */
  modelStorage: boolean;
  markup: SimulatorOptions['markup'];
  /** The WhatsApp build this page runs, and whether it moved the status icons' names. */
  build: string;
  buildMovesMarker: boolean;
}

export function pageConfig(options: SimulatorOptions, lang: Lang, langPinned: boolean, build: SimBuild): PageConfig {
  return {
    lang,
    langPinned,
    strings: STRINGS,
    contacts: CONTACTS,
    loadingMs: options.loadingMs,
    offlineBannerMs: options.offlineBannerMs,
    modelStorage: options.modelStorage,
    markup: options.markup,
    build: build.version,
    buildMovesMarker: build.movesMarker,
  };
}

/**
 * A long-cached asset, as WhatsApp's versioned bundles are: a browser fetches it once per build and
 * then serves it from its HTTP cache, so the simulator's count of its fetches shows a cache purge.
 */
export const ASSET_PATH = '/static/app-asset.css';

/** The app shell: an empty `#app` the page script fills in. */
export function appPage(config: PageConfig): string {
  // JSON inside <script> must not be able to close the element.
  const json = JSON.stringify(config).replaceAll('<', '\\u003c');
  return documentShell(
    config.lang,
    `<div id="app"></div>
<script id="sim-config" type="application/json">${json}</script>
<link rel="stylesheet" href="${ASSET_PATH}?build=${encodeURIComponent(config.build)}">
<script type="module" src="/app.js"></script>`,
  );
}

/**
 * The "update your browser" page. It registers the service worker like the app does, which is
 * what makes the rejection sticky until the worker is unregistered (see public/sw.js).
 */
export function rejectedPage(lang: Lang): string {
  const t = STRINGS[lang];
  return documentShell(
    lang,
    `<div id="app">
  <div class="rejected">
    <h1>${t.rejectedTitle}</h1>
    <p>${t.rejectedHint}</p>
    <p><a href="https://www.google.com/chrome/" target="_blank" rel="noopener noreferrer">${t.rejectedLink}</a></p>
  </div>
</div>
<script>navigator.serviceWorker?.register('/sw.js').catch(() => {});</script>`,
  );
}

/** The document around a page's body, as WhatsApp serves it. */
function documentShell(lang: Lang, body: string): string {
  return `<!doctype html>
<html lang="${htmlLang(lang)}">
<head>
<meta charset="utf-8">
<title>WhatsApp</title>
<link rel="stylesheet" href="/style.css">
</head>
<body>
${body}
</body>
</html>
`;
}

/** What a proxy that wants credentials answers in WhatsApp's place. */
export const PROXY_AUTH_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>407 Proxy Authentication Required</title></head>
<body><h1>Proxy Authentication Required</h1></body></html>
`;

/** The captive portal's sign-in page, served by "the rest of the internet" (another origin). */
export const PORTAL_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Guest Wi-Fi</title></head>
<body><h1>Welcome to Guest Wi-Fi</h1><form><label>Room or e-mail <input name="who"></label><button>Connect</button></form></body></html>
`;

export const OUTAGE_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>503 Service Unavailable</title></head>
<body><h1>503 Service Unavailable</h1></body></html>
`;

function htmlLang(lang: Lang): string {
  return lang === 'zh' ? 'zh-CN' : 'en';
}
