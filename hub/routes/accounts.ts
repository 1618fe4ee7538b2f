import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { HubStore } from '../store/store.ts';
import { hashPassword, json, passwordSchema, roleSchema, usernameSchema, type RouteContext } from './common.ts';

const userSchema = z.strictObject({ username: usernameSchema, password: passwordSchema, role: roleSchema });
const userParams = z.strictObject({ name: usernameSchema });
const roleBody = z.strictObject({ role: roleSchema });
const passwordBody = z.strictObject({ password: passwordSchema });
const disabledBody = z.strictObject({ disabled: z.boolean() });

type Change = Parameters<HubStore['changeAccount']>[1];

/**
 * IT manages the accounts: list, add, change a role, reset a password, disable or remove. Every
 * change but adding ends the account's sessions and live streams at once (it signs in again, with
 * its new role or password), and none may leave the hub without an enabled IT account.
 */
export function accountRoutes(app: FastifyInstance, { hub, now, itOnly, live, audit }: RouteContext): void {
  const change = async (
    request: FastifyRequest<{ Params: { name: string } }>,
    reply: FastifyReply,
    what: Change,
    action: string,
    detail?: string,
  ) => {
    const { name } = request.params;
    const result = await hub.store.changeAccount(name, what);
    if (result === 'unknown') return reply.code(404).send({ error: 'no such user' });
    if (result === 'last-it') return reply.code(409).send({ error: 'this is the last IT account: add another IT account first' });
    live.endUser(name);
    await audit(request, action, name, detail);
    return { ok: true };
  };
  const onChange = { onRequest: [itOnly, app.csrfProtection], bodyLimit: 2048 };

  app.get('/api/users', { onRequest: itOnly }, async () => ({ users: await hub.store.accounts() }));

  app.post<{ Body: z.infer<typeof userSchema> }>(
    '/api/users',
    { ...onChange, schema: { body: json(userSchema) } },
    async (request, reply) => {
      if (await hub.store.user(request.body.username)) return reply.code(409).send({ error: 'user exists' });
      await hub.store.addUser(request.body.username, await hashPassword(request.body.password), request.body.role, now());
      await audit(request, 'add-user', request.body.username, request.body.role);
      return { ok: true };
    },
  );

  app.post<{ Params: z.infer<typeof userParams>; Body: z.infer<typeof roleBody> }>(
    '/api/users/:name/role',
    { ...onChange, schema: { params: json(userParams), body: json(roleBody) } },
    (request, reply) => change(request, reply, { role: request.body.role }, 'change-role', request.body.role),
  );

  app.post<{ Params: z.infer<typeof userParams>; Body: z.infer<typeof passwordBody> }>(
    '/api/users/:name/password',
    { ...onChange, schema: { params: json(userParams), body: json(passwordBody) } },
    async (request, reply) => change(request, reply, { passwordHash: await hashPassword(request.body.password) }, 'reset-password'),
  );

  app.post<{ Params: z.infer<typeof userParams>; Body: z.infer<typeof disabledBody> }>(
    '/api/users/:name/disabled',
    { ...onChange, schema: { params: json(userParams), body: json(disabledBody) } },
    (request, reply) =>
      change(request, reply, { disabledAt: request.body.disabled ? now() : null }, request.body.disabled ? 'disable-user' : 'enable-user'),
  );

  app.delete<{ Params: z.infer<typeof userParams> }>(
    '/api/users/:name',
    { onRequest: [itOnly, app.csrfProtection], schema: { params: json(userParams) } },
    (request, reply) => change(request, reply, { remove: true }, 'remove-user'),
  );
}
