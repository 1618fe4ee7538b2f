import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import Papa from 'papaparse';
import { z } from 'zod';
import { enrolSchema, reportSchema, type Enrolment, type Report } from '../main/core/reporter/wire.ts';
import { hashToken, newToken, type Hub } from './hub.ts';
import type { HubIncident, Role } from './model.ts';
import { computeUptime } from './uptime.ts';

const SESSION_COOKIE = 'hub_session';
const json = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-7' }) as Record<string, unknown>;
const loginSchema = z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
const userSchema = z.strictObject({
  username: z.string().regex(/^[0-9A-Za-z._@-]{1,64}$/),
  password: z.string().min(12).max(256),
  role: z.enum(['supervisor', 'it']),
});
const tokenRequestSchema = z.strictObject({
  team: z.string().min(1).max(64).optional(),
  site: z.string().min(1).max(64).optional(),
  days: z.int().min(1).max(365).optional(),
});
const idParams = z.strictObject({ id: z.string().regex(/^\d{1,15}$/) });
const seatParams = z.strictObject({ id: z.string().regex(/^[0-9A-Za-z._-]{1,64}$/) });
const windowQuery = z.strictObject({ window: z.enum(['24h', '30d']).default('24h') });

export interface ServerOptions {
  secureCookies: boolean;
  sessionHours: number;
  /** Where the built dashboard is (dist/hub); the API works without it. */
  dashboardDir: string | null;
}

/** argon2id with the library's defaults (19 MiB, 2 passes: OWASP's minimum profile). */
export const hashPassword = (password: string): Promise<string> => argonHash(password, { algorithm: 2 });

interface Account {
  username: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyRequest {
    account?: Account;
  }
}

/**
 * The hub's HTTP API and dashboard. Seats speak with a bearer device token; people with a session
 * cookie, and every change they make carries a CSRF token. Every body is validated against its
 * schema with no type coercion and no extra keys; bodies are small and capped; rate limits apply.
 */
export async function buildServer(hub: Hub, options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: 64 * 1024,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false } },
    logger: false,
  });
  await app.register(cookie);
  await app.register(csrf, { cookieOpts: { httpOnly: true, sameSite: 'strict', secure: options.secureCookies, path: '/' } });
  await app.register(rateLimit, { global: false });
  const now = () => hub.options.now?.() ?? Date.now();

  const seatAuth = async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    const token = /^Bearer ([0-9A-Za-z._-]{10,200})$/.exec(header)?.[1];
    const seatId = token ? await hub.authenticate(token) : null;
    if (!seatId) return reply.code(401).send({ error: 'unknown, forged or revoked device token' });
    (request as FastifyRequest & { seatId: string }).seatId = seatId;
  };
  const sessionAuth = (roles: readonly Role[]) => async (request: FastifyRequest, reply: FastifyReply) => {
    const id = request.cookies[SESSION_COOKIE];
    const account = id ? await hub.store.sessionUser(hashToken(id), now()) : null;
    if (!account) return reply.code(401).send({ error: 'not signed in' });
    if (!roles.includes(account.role)) return reply.code(403).send({ error: 'not allowed for this role' });
    request.account = account;
  };
  const anyone = sessionAuth(['supervisor', 'it']);
  const itOnly = sessionAuth(['it']);
  const audit = (request: FastifyRequest, action: string, target?: string, detail?: string) =>
    hub.store.audit({ at: now(), actor: request.account!.username, action, ...(target ? { target } : {}), ...(detail ? { detail } : {}) });

  // Seats

  app.post<{ Body: Enrolment }>(
    '/api/v1/enrol',
    { schema: { body: json(enrolSchema) }, bodyLimit: 2048, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const result = await hub.enrol(request.body);
      if (result.result === 'bad-token') return reply.code(401).send({ error: 'enrolment token unknown, revoked or expired' });
      if (result.result === 'taken') return reply.code(409).send({ error: 'this seat id is already enrolled; IT must revoke it first' });
      return { seatId: request.body.seatId, deviceToken: result.deviceToken };
    },
  );

  app.post<{ Body: Report }>(
    '/api/v1/report',
    {
      schema: { body: json(reportSchema) },
      onRequest: seatAuth,
      config: { rateLimit: { max: 120, timeWindow: '1 minute', keyGenerator: (request) => request.headers.authorization ?? request.ip } },
    },
    async (request, reply) => {
      const outcome = await hub.report((request as FastifyRequest & { seatId: string }).seatId, request.body);
      if (!outcome.ok)
        return reply.code(outcome.status).send({ error: outcome.error, ...(outcome.lastN === undefined ? {} : { lastN: outcome.lastN }) });
      return outcome.answer;
    },
  );

  // People

  app.post<{ Body: z.infer<typeof loginSchema> }>(
    '/api/login',
    { schema: { body: json(loginSchema) }, bodyLimit: 2048, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const user = await hub.store.user(request.body.username);
      const ok = user !== null && (await argonVerify(user.passwordHash, request.body.password));
      if (!user || !ok) return reply.code(401).send({ error: 'wrong username or password' });
      const id = newToken();
      await hub.store.createSession(hashToken(id), user.id, now() + options.sessionHours * 3_600_000);
      await hub.store.audit({ at: now(), actor: user.username, action: 'login' });
      reply.setCookie(SESSION_COOKIE, id, { httpOnly: true, secure: options.secureCookies, sameSite: 'strict', path: '/' });
      return { username: user.username, role: user.role, csrfToken: reply.generateCsrf() };
    },
  );

  app.get('/api/me', { onRequest: anyone }, async (request, reply) => ({ ...request.account, csrfToken: reply.generateCsrf() }));

  app.post('/api/logout', { onRequest: [anyone, app.csrfProtection] }, async (request, reply) => {
    await hub.store.deleteSession(hashToken(request.cookies[SESSION_COOKIE]!));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.get('/api/floor', { onRequest: anyone }, () => ({
    seats: hub.seats,
    platforms: hub.platforms,
    heartbeatMs: hub.options.heartbeatMs,
  }));

  app.get('/api/live', { onRequest: anyone }, (request, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    const send = (data: unknown) => reply.raw.write(`data: ${JSON.stringify(data)}\n\n`);
    send({ type: 'snapshot', seats: hub.seats, platforms: hub.platforms });
    const unsubscribe = hub.subscribe(send);
    const keepAlive = setInterval(() => reply.raw.write(': keep-alive\n\n'), 15_000);
    request.raw.once('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
    });
  });

  app.get<{ Querystring: z.infer<typeof windowQuery> }>(
    '/api/incidents',
    { onRequest: anyone, schema: { querystring: json(windowQuery) } },
    async (request) => {
      const from = now() - windowMs(request.query.window);
      return { incidents: await hub.store.incidents({ from }), escalation: escalationView(hub) };
    },
  );

  app.get<{ Params: z.infer<typeof idParams> }>(
    '/api/incidents/:id/timeline',
    { onRequest: anyone, schema: { params: json(idParams) } },
    async (request) => ({
      events: await hub.store.timeline(Number(request.params.id)),
    }),
  );

  app.get<{ Querystring: z.infer<typeof windowQuery> }>(
    '/api/incidents.csv',
    { onRequest: anyone, schema: { querystring: json(windowQuery) } },
    async (request, reply) => {
      const incidents = await hub.store.incidents({ from: now() - windowMs(request.query.window), limit: 100_000 });
      await audit(request, 'export-incidents', request.query.window);
      reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="incidents.csv"');
      return Papa.unparse(incidents.map(csvRow), { escapeFormulae: true });
    },
  );

  app.post<{ Params: z.infer<typeof idParams> }>(
    '/api/incidents/:id/ack',
    { onRequest: [anyone, app.csrfProtection], schema: { params: json(idParams) } },
    async (request, reply) => {
      const done = await hub.acknowledge(Number(request.params.id), request.account!.username);
      if (!done) return reply.code(409).send({ error: 'unknown or already acknowledged' });
      await audit(request, 'acknowledge', request.params.id);
      return { ok: true };
    },
  );

  app.get<{ Querystring: z.infer<typeof windowQuery> }>(
    '/api/uptime',
    { onRequest: anyone, schema: { querystring: json(windowQuery) } },
    async (request) => {
      const to = now();
      const from = to - windowMs(request.query.window);
      const teams = new Map(hub.seats.map((seat) => [seat.id, seat.team]));
      const incidents = await hub.store.incidents({ from });
      return {
        ...computeUptime(await hub.store.stateChanges(from, to), teams, { from, to, buckets: 48 }),
        times: incidents.map((incident) => ({
          id: incident.id,
          at: incident.startedAt,
          detectionMs: incident.detectedAt === null ? null : incident.detectedAt - incident.startedAt,
          failoverMs: incident.failoverAt === null ? null : incident.failoverAt - incident.startedAt,
        })),
      };
    },
  );

  // IT only

  app.post<{ Params: z.infer<typeof seatParams> }>(
    '/api/seats/:id/revoke',
    { onRequest: [itOnly, app.csrfProtection], schema: { params: json(seatParams) } },
    async (request, reply) => {
      if (!(await hub.revoke(request.params.id))) return reply.code(404).send({ error: 'unknown or already revoked seat' });
      await audit(request, 'revoke-seat', request.params.id);
      return { ok: true };
    },
  );

  app.post<{ Body: z.infer<typeof tokenRequestSchema> }>(
    '/api/enrolment-tokens',
    { onRequest: [itOnly, app.csrfProtection], schema: { body: json(tokenRequestSchema) } },
    async (request) => {
      const { team, site, days } = request.body;
      const token = await hub.createEnrolmentToken({
        ...(team ? { team } : {}),
        ...(site ? { site } : {}),
        ...(days ? { expiresAt: now() + days * 86_400_000 } : {}),
      });
      await audit(request, 'create-enrolment-token', team ?? site ?? 'any');
      return { token };
    },
  );

  app.post<{ Body: z.infer<typeof userSchema> }>(
    '/api/users',
    { onRequest: [itOnly, app.csrfProtection], schema: { body: json(userSchema) } },
    async (request, reply) => {
      if (await hub.store.user(request.body.username)) return reply.code(409).send({ error: 'user exists' });
      await hub.store.addUser(request.body.username, await hashPassword(request.body.password), request.body.role, now());
      await audit(request, 'add-user', request.body.username, request.body.role);
      return { ok: true };
    },
  );

  app.get('/api/audit', { onRequest: itOnly }, async () => ({ entries: await hub.store.auditLog() }));
  app.get('/api/alerts', { onRequest: anyone }, async () => ({ alerts: await hub.store.alerts() }));

  if (options.dashboardDir && existsSync(options.dashboardDir)) {
    await app.register(fastifyStatic, { root: options.dashboardDir, index: 'index.html' });
  }
  return app;
}

function windowMs(window: '24h' | '30d'): number {
  return window === '24h' ? 86_400_000 : 30 * 86_400_000;
}

function escalationView(hub: Hub) {
  const { levels, rtoMinutes, mtdMinutes } = hub.options.escalation;
  return { levels: levels.map((level) => level.name), rtoMs: rtoMinutes * 60_000, mtdMs: mtdMinutes * 60_000 };
}

function csvRow(incident: HubIncident) {
  const iso = (at: number | null) => (at === null ? '' : new Date(at).toISOString());
  return {
    id: incident.id,
    seat: incident.seatId,
    team: incident.team,
    site: incident.site,
    fault: incident.fault ?? '',
    started: iso(incident.startedAt),
    detected: iso(incident.detectedAt),
    failover: iso(incident.failoverAt),
    recovered: iso(incident.recoveredAt),
    platform: incident.platformId ?? '',
    escalationLevel: incident.levelReached,
    acknowledgedBy: incident.ackedBy ?? '',
  };
}
