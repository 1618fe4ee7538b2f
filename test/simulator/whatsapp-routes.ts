import type { FastifyInstance, FastifyReply } from 'fastify';
import { isSupportedBrowser } from './browser-check.ts';
import { HttpError, parseInput } from './errors.ts';
import { LANGS, type Lang } from './i18n.ts';
import type { SimulatorOptions } from './options.ts';
import { appPage, ASSET_PATH, pageConfig, rejectedPage } from './pages.ts';
import { addressBookQuerySchema, pageFrameSchema, socketQuerySchema } from './protocol.ts';
import type { Simulation } from './simulation.ts';
import { SseStream } from './sse.ts';
import type { StaticFile } from './static-files.ts';

/** Marks the "update your browser" answer so the service worker (public/sw.js) can keep it. */
const REJECTED_HEADER = 'x-sim-browser-check';

export interface PageAssets {
  /** public/: the page's scripts, styles and service worker, served at the root. */
  public: ReadonlyMap<string, StaticFile>;
  /** media/: what the photo message downloads. */
  media: ReadonlyMap<string, StaticFile>;
}

/** The simulated web.whatsapp.com: the page, its assets, its socket and its media. */
export function registerWhatsAppRoutes(app: FastifyInstance, simulation: Simulation, options: SimulatorOptions, assets: PageAssets): void {
  // `/send?phone=&text=` is the same app: it opens that chat with the text, or says the number is invalid.
  app.get<{ Querystring: { lang?: string } }>('/send', async (request, reply) =>
    servePage(request.query.lang, request.headers['user-agent'], reply),
  );
  app.get<{ Querystring: { lang?: string } }>('/', async (request, reply) =>
    servePage(request.query.lang, request.headers['user-agent'], reply),
  );

  async function servePage(langParam: string | undefined, userAgent: string | undefined, reply: FastifyReply) {
    const asked = LANGS.find((lang) => lang === langParam);
    const lang: Lang = asked ?? simulation.lang;
    reply.header('cache-control', 'no-store').type('text/html; charset=utf-8');
    if (simulation.faults.has('browser-rejected') || !isSupportedBrowser(userAgent, simulation.build.minChromeMajor)) {
      return reply.header(REJECTED_HEADER, 'rejected').send(rejectedPage(lang));
    }
    return reply.send(appPage(pageConfig(options, lang, asked !== undefined, simulation.build)));
  }

  app.get(ASSET_PATH, async (_request, reply) => {
    simulation.assetFetched();
    return reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send('#app{}\n');
  });

  for (const [name, file] of assets.public) {
    app.get(`/${name}`, async (_request, reply) => reply.type(file.type).header('cache-control', 'no-cache').send(file.body));
  }

  app.get('/ws/chat', async (request, reply) => {
    const query = parseInput(socketQuerySchema, request.query, 'socket query');
    reply.hijack();
    // A refused socket looks like a failed websocket handshake: the connection just dies.
    if (!simulation.acceptsSocket()) {
      request.raw.socket.destroy();
      return;
    }
    simulation.connect(query.client, query.key, new SseStream(reply.raw));
  });

  app.post<{ Params: { client: string } }>('/ws/chat/:client', async (request) => {
    return simulation.receive(request.params.client, parseInput(pageFrameSchema, request.body, 'socket frame'));
  });

  // What WhatsApp's initial sync carries after linking: the address book, in slices.
  app.get<{ Params: { client: string } }>('/ws/chat/:client/address-book', async (request, reply) => {
    const { offset, limit } = parseInput(addressBookQuerySchema, request.query, 'address book query');
    reply.header('cache-control', 'no-store');
    return simulation.addressBookSlice(request.params.client, offset, limit);
  });

  app.get<{ Params: { file: string } }>('/media/:file', async (request, reply) => {
    if (simulation.faults.has('media-failure')) throw new HttpError(500, 'media transfer failed');
    const file = assets.media.get(request.params.file);
    if (file === undefined) throw new HttpError(404, 'no such media');
    return reply.type(file.type).header('cache-control', 'no-store').send(file.body);
  });
}
