import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { enrolSchema, reportSchema, type Enrolment, type Report } from '../../main/core/reporter/wire.ts';
import { hashToken } from '../hub.ts';
import { json, type RouteContext } from './common.ts';

/** Per seat: a beat every 5 s is 12 a minute; a seat back from an outage resends its buffered events quickly. */
const REPORTS_PER_SEAT_MINUTE = 300;
/** Per address, refused tokens only: many seats behind one NAT address never reach it, a forger soon does. */
const BAD_TOKENS_PER_ADDRESS_MINUTE = 30;
/** Per address, every enrolment: a roll-out behind one address still enrols a seat every second. */
const ENROLMENTS_PER_ADDRESS_MINUTE = 60;

/**
 * The seats' API: enrolment with IT's token, then reports with the seat's own device token. A
 * request with no valid token costs its address: too many and the address is refused before any
 * token is looked at. An authenticated seat is limited by its own id, so rotating headers gains a
 * forger nothing.
 */
export function seatRoutes(app: FastifyInstance, { hub, now }: RouteContext): void {
  const badTokens = app.createRateLimit({
    max: BAD_TOKENS_PER_ADDRESS_MINUTE,
    timeWindow: '1 minute',
    keyGenerator: (request) => request.ip,
  });
  const tooManyBadTokens = async (request: FastifyRequest, reply: FastifyReply) => {
    const seen = await badTokens(request, { increment: false });
    if (!seen.isAllowed && seen.remaining === 0) return reply.code(429).send({ error: 'too many refused tokens from this address' });
  };
  const refuse = async (request: FastifyRequest, reply: FastifyReply, status: 401 | 409, error: string) => {
    await badTokens(request);
    return reply.code(status).send({ error });
  };

  const seatAuth = async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? '';
    const token = /^Bearer ([0-9A-Za-z._-]{10,200})$/.exec(header)?.[1];
    const seatId = token ? await hub.authenticate(token) : null;
    if (!seatId) return refuse(request, reply, 401, 'unknown, forged or revoked device token');
    request.seatId = seatId;
  };

  app.post<{ Body: Enrolment }>(
    '/api/v1/enrol',
    {
      schema: { body: json(enrolSchema) },
      bodyLimit: 2048,
      onRequest: tooManyBadTokens,
      config: { rateLimit: { max: ENROLMENTS_PER_ADDRESS_MINUTE, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const result = await hub.enrol(request.body);
      if (result.result === 'bad-token') return refuse(request, reply, 401, 'enrolment token unknown, revoked or expired');
      if (result.result === 'taken') return reply.code(409).send({ error: 'this seat id is already enrolled; IT must revoke it first' });
      await hub.store.noteEnrolmentTokenUse(hashToken(request.body.enrolmentToken), now());
      return { seatId: request.body.seatId, deviceToken: result.deviceToken };
    },
  );

  app.post<{ Body: Report }>(
    '/api/v1/report',
    {
      schema: { body: json(reportSchema) },
      onRequest: [tooManyBadTokens, seatAuth],
      // Counted after authentication (before the body is read), by the seat the token belongs to.
      config: {
        rateLimit: {
          hook: 'preParsing',
          max: REPORTS_PER_SEAT_MINUTE,
          timeWindow: '1 minute',
          keyGenerator: (request) => `seat:${request.seatId}`,
        },
      },
    },
    async (request, reply) => {
      const outcome = await hub.report(request.seatId!, request.body);
      if (!outcome.ok)
        return reply.code(outcome.status).send({ error: outcome.error, ...(outcome.lastN === undefined ? {} : { lastN: outcome.lastN }) });
      return outcome.answer;
    },
  );
}
