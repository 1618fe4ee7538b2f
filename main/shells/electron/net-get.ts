import { net } from 'electron';
import { fetchAnswer, type FetchLike } from '../../core/health/http-probe.ts';

/**
 * The network probe's GET in Electron: `net.request` (Chromium's network stack, the system proxy
 * applies) with manual redirects, answering with the redirect itself. `net.fetch` cannot be used
 * for that: asked for `redirect: 'manual'` it rejects with "Redirect was cancelled" and drops
 * where the redirect pointed, which is what tells a captive portal from WhatsApp. A proxy's or
 * server's credential request is declined, so its 401/407 comes back as the answer. Failures
 * reject with Chromium's net error (net::ERR_...), which http-probe.ts classifies.
 */
export const electronNetGet: FetchLike = (url, init) =>
  new Promise((resolve, reject) => {
    const request = net.request({ url, method: init.method, redirect: 'manual', credentials: 'omit', cache: 'no-store' });
    const finish = () => {
      init.signal.removeEventListener('abort', onAbort);
      request.abort();
    };
    const onAbort = () => {
      finish();
      reject(new Error('net::ERR_ABORTED'));
    };
    init.signal.addEventListener('abort', onAbort, { once: true });
    request.on('redirect', (statusCode, _method, redirectUrl, headers) => {
      resolve(fetchAnswer(statusCode, { ...headers, location: [redirectUrl] }));
      finish();
    });
    request.on('login', (_authInfo, callback) => callback());
    request.on('response', (response) => {
      resolve(fetchAnswer(response.statusCode, response.headers));
      // The status and headers are the answer; the body is not needed.
      finish();
    });
    request.on('error', (error) => {
      init.signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    request.end();
  });
