import fastify from 'fastify';
import fastifyStatic from '@fastify/static';
import { refuseForeignHosts } from '../../core/security/loopback-host.ts';

/**
 * Serves the built renderer on loopback for the Chromium shell (module scripts do not run from
 * file:// in Chrome). Loopback only (by address and by Host header: no DNS rebinding), no
 * directory listing, nothing but the build output.
 */
export async function startUiServer(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const app = fastify({ logger: false });
  refuseForeignHosts(app);
  await app.register(fastifyStatic, { root, index: 'index.html', list: false, dotfiles: 'deny' });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url: `${address}/index.html`, close: () => app.close() };
}
