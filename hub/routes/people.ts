import { verify as argonVerify } from '@node-rs/argon2';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { hashToken, newToken } from '../hub.ts';
import { emptyBody, hashPassword, json, passwordSchema, SESSION_COOKIE, type RouteContext } from './common.ts';

const loginSchema = z.strictObject({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) });
const ownPasswordSchema = z.strictObject({ oldPassword: z.string().min(1).max(256), newPassword: passwordSchema });

/** Per address, every attempt (an office behind one address signs in at shift start). */
const SIGN_INS_PER_ADDRESS_MINUTE = 30;
/** Per username, wrong passwords only: a guesser spread over many addresses still meets it. */
const WRONG_PASSWORDS_PER_USER = 10;
const WRONG_PASSWORD_WINDOW = '15 minutes';

/** Signing in and out, who am I, and my own password. */
export function peopleRoutes(app: FastifyInstance, { hub, options, live, now, anyone, audit }: RouteContext): void {
  const wrongPasswords = app.createRateLimit({
    max: WRONG_PASSWORDS_PER_USER,
    timeWindow: WRONG_PASSWORD_WINDOW,
    keyGenerator: (request) => `user:${(request.body as { username: string }).username.toLowerCase()}`,
  });

  app.post<{ Body: z.infer<typeof loginSchema> }>(
    '/api/login',
    {
      schema: { body: json(loginSchema) },
      bodyLimit: 2048,
      config: { rateLimit: { max: SIGN_INS_PER_ADDRESS_MINUTE, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const seen = await wrongPasswords(request, { increment: false });
      if (!seen.isAllowed && seen.remaining === 0) return reply.code(429).send({ error: 'too many wrong passwords for this user; wait' });
      const user = await hub.store.account(request.body.username);
      const ok = user !== null && user.disabledAt === null && (await argonVerify(user.passwordHash, request.body.password));
      if (!user || !ok) {
        await wrongPasswords(request);
        return reply.code(401).send({ error: 'wrong username or password' });
      }
      const id = newToken();
      await hub.store.createSession(hashToken(id), user.id, now() + options.sessionHours * 3_600_000);
      await hub.store.noteLogin(user.id, now());
      await hub.store.audit({ at: now(), actor: user.username, action: 'login' });
      reply.setCookie(SESSION_COOKIE, id, { httpOnly: true, secure: options.secureCookies, sameSite: 'strict', path: '/' });
      return { username: user.username, role: user.role, csrfToken: reply.generateCsrf() };
    },
  );

  app.get('/api/me', { onRequest: anyone }, async (request, reply) => ({ ...request.account, csrfToken: reply.generateCsrf() }));

  app.post('/api/logout', { onRequest: [anyone, app.csrfProtection], schema: { body: json(emptyBody) } }, async (request, reply) => {
    await hub.store.deleteSession(request.sessionHash!);
    live.endSession(request.sessionHash!);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true };
  });

  app.post<{ Body: z.infer<typeof ownPasswordSchema> }>(
    '/api/me/password',
    { onRequest: [anyone, app.csrfProtection], schema: { body: json(ownPasswordSchema) }, bodyLimit: 2048 },
    async (request, reply) => {
      const { username } = request.account!;
      const user = await hub.store.account(username);
      if (!user || !(await argonVerify(user.passwordHash, request.body.oldPassword)))
        return reply.code(403).send({ error: 'the current password is wrong' });
      // This session stays; the account's other sessions (another browser, a stolen cookie) end.
      const sessionHash = request.sessionHash!;
      await hub.store.changeAccount(username, { passwordHash: await hashPassword(request.body.newPassword), keepSession: sessionHash });
      live.endUser(username, sessionHash);
      await audit(request, 'change-own-password', username);
      return { ok: true };
    },
  );
}
