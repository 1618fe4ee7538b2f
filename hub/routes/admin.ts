import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { escalationChanges, escalationSchema, type EscalationPolicy } from '../escalation.ts';
import { enrolSchema } from '../../main/core/reporter/wire.ts';
import { hashToken } from '../hub.ts';
import { emptyBody, idParams, json, jsonShape, type RouteContext } from './common.ts';

/** A seat's id, as it enrolled. */
const seatParams = z.strictObject({ id: enrolSchema.shape.seatId });
const tokenRequestSchema = z.strictObject({
  team: z.string().min(1).max(64).optional(),
  site: z.string().min(1).max(64).optional(),
  days: z.int().min(1).max(365).optional(),
});
const auditQuery = z.strictObject({
  before: z
    .string()
    .regex(/^\d{1,15}$/)
    .optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/)
    .optional(),
});
const AUDIT_PAGE = 100;

/** What only IT does besides accounts: revoke seats, enrolment tokens, the audit log, the escalation settings. */
export function adminRoutes(app: FastifyInstance, { hub, now, itOnly, audit }: RouteContext): void {
  const onChange = [itOnly, app.csrfProtection];

  app.post<{ Params: z.infer<typeof seatParams> }>(
    '/api/seats/:id/revoke',
    { onRequest: onChange, schema: { params: json(seatParams), body: json(emptyBody) } },
    async (request, reply) => {
      if (!(await hub.revoke(request.params.id))) return reply.code(404).send({ error: 'unknown or already revoked seat' });
      await audit(request, 'revoke-seat', request.params.id);
      return { ok: true };
    },
  );

  // Enrolment tokens: the token is shown once, in the answer that creates it; the hub keeps its hash.

  app.get('/api/enrolment-tokens', { onRequest: itOnly }, async () => ({ tokens: await hub.store.enrolmentTokens() }));

  app.post<{ Body: z.infer<typeof tokenRequestSchema> }>(
    '/api/enrolment-tokens',
    { onRequest: onChange, schema: { body: json(tokenRequestSchema) }, bodyLimit: 2048 },
    async (request) => {
      const { team, site, days } = request.body;
      const token = await hub.createEnrolmentToken({
        ...(team ? { team } : {}),
        ...(site ? { site } : {}),
        ...(days ? { expiresAt: now() + days * 86_400_000 } : {}),
      });
      const id = await hub.store.enrolmentTokenId(hashToken(token));
      const scope = `team ${team ?? 'any'}, site ${site ?? 'any'}, ${days ? `${days} days` : 'no expiry'}`;
      await audit(request, 'create-enrolment-token', `#${id}`, scope);
      return { id, token };
    },
  );

  app.post<{ Params: z.infer<typeof idParams> }>(
    '/api/enrolment-tokens/:id/revoke',
    { onRequest: onChange, schema: { params: json(idParams), body: json(emptyBody) } },
    async (request, reply) => {
      if (!(await hub.store.revokeEnrolmentToken(Number(request.params.id), now())))
        return reply.code(404).send({ error: 'unknown or already revoked enrolment token' });
      await audit(request, 'revoke-enrolment-token', `#${request.params.id}`);
      return { ok: true };
    },
  );

  app.get<{ Querystring: z.infer<typeof auditQuery> }>(
    '/api/audit',
    { onRequest: itOnly, schema: { querystring: json(auditQuery) } },
    async (request) => {
      const limit = Math.min(Math.max(Number(request.query.limit ?? AUDIT_PAGE), 1), 500);
      const entries = await hub.store.auditPage(request.query.before === undefined ? null : Number(request.query.before), limit);
      return { entries, more: entries.length === limit };
    },
  );

  // Escalation: the config file's policy until IT saves one here; every hub on the database follows.

  app.get('/api/settings/escalation', { onRequest: itOnly }, async () => {
    const saved = await hub.store.setting('escalation');
    return { policy: hub.escalation, changedAt: saved?.changedAt ?? null, changedBy: saved?.changedBy ?? null };
  });

  app.put<{ Body: unknown }>(
    '/api/settings/escalation',
    { onRequest: onChange, schema: { body: jsonShape(escalationSchema) }, bodyLimit: 16 * 1024 },
    async (request, reply) => {
      // The JSON schema refused the wrong shapes; zod adds what JSON schema cannot say (e-mail, URL scheme) and the defaults.
      const parsed = escalationSchema.safeParse(request.body);
      if (!parsed.success) return reply.code(400).send({ error: z.prettifyError(parsed.error) });
      const policy: EscalationPolicy = parsed.data;
      const before = await hub.saveEscalation(policy, request.account!.username);
      await audit(request, 'change-setting', 'escalation', escalationChanges(before, policy));
      return { policy };
    },
  );
}
