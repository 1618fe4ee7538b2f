/**
 * WhatsApp Web's service worker, reduced to what matters to the kiosk:
 * - it caches the app shell, so a reload while WhatsApp is down still shows the (offline) app;
 * - once the server has answered "update your browser", it keeps serving that page for every
 *   visit, even after the cause is gone, until the worker is unregistered. That is the
 *   real-world trap behind the fix "unregister the service worker, then reload".
 */
const SHELL_CACHE = 'wa-shell';
const REJECTED_CACHE = 'wa-browser-rejected';
const REJECTED_HEADER = 'x-sim-browser-check';
const SHELL = [
  '/',
  '/app.js',
  '/chats.js',
  '/dom.js',
  '/db.js',
  '/keys.js',
  '/model-storage.js',
  '/pending.js',
  '/page-faults.js',
  '/pairing.js',
  '/socket.js',
  '/style.css',
];

self.addEventListener('install', (event) => {
  self.skipWaiting();
  event.waitUntil(precache());
});

self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || !SHELL.includes(url.pathname)) return;
  if (url.pathname !== '/') event.respondWith(networkFirst(event.request, url.pathname));
  else if (event.request.mode === 'navigate') event.respondWith(navigate(event.request));
});

/** A new registration starts clean: that is why unregistering gets a page out of the trap. */
async function precache() {
  await Promise.all([caches.delete(REJECTED_CACHE), caches.delete(SHELL_CACHE)]);
  await Promise.all(
    SHELL.map((path) =>
      fetch(path, { cache: 'no-store' }).then(
        (response) => keep(path, response),
        () => {},
      ),
    ),
  );
}

async function navigate(request) {
  return (await caches.match('/', { cacheName: REJECTED_CACHE })) ?? networkFirst(request, '/');
}

async function networkFirst(request, path) {
  const cached = () => caches.match(path, { cacheName: SHELL_CACHE });
  try {
    const response = await fetch(request);
    if (response.status < 500) {
      await keep(path, response.clone());
      return response;
    }
    return (await cached()) ?? response;
  } catch {
    return (await cached()) ?? Response.error();
  }
}

async function keep(path, response) {
  if (response.headers.get(REJECTED_HEADER) === 'rejected') {
    await (await caches.open(REJECTED_CACHE)).put('/', response);
  } else if (response.ok) {
    await (await caches.open(SHELL_CACHE)).put(path, response);
  }
}
