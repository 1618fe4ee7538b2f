import { readFile } from 'node:fs/promises';
import fastify from 'fastify';
import { refuseForeignHosts } from '../../core/security/loopback-host.ts';
import { resolveUiPath, UI_SECURITY_HEADERS } from '../../core/security/app-protocol.ts';

/**
 * Serves the built renderer on loopback for the Chromium shell (module scripts do not run from
 * file:// in Chrome): the Chromium shell's equivalent of the Electron shell's app:// protocol,
 * through the same path resolver (no traversal, no dotfiles, only our kinds of file) and with
 * the same security headers. Loopback only (by address and by Host header: no DNS rebinding).
 */
export async function startUiServer(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const app = fastify({ logger: false });
  refuseForeignHosts(app);
  app.get('/*', async (request, reply) => {
    // The raw path as it arrived: the resolver decides on it before anything decodes it.
    const resolved = resolveUiPath(root, request.raw.url ?? '');
    if (!resolved.ok) return reply.code(resolved.status).headers(UI_SECURITY_HEADERS).send();
    let body: Buffer;
    try {
      body = await readFile(resolved.file);
    } catch {
      return reply.code(404).headers(UI_SECURITY_HEADERS).send();
    }
    return reply.headers(UI_SECURITY_HEADERS).type(resolved.contentType).send(body);
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url: `${address}/index.html`, close: () => app.close() };
}
