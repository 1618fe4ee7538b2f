import type { FastifyInstance } from 'fastify';
import Papa from 'papaparse';
import { z } from 'zod';
import type { Hub } from '../hub.ts';
import type { HubIncident } from '../model.ts';
import { computeUptime } from '../uptime.ts';
import { emptyBody, idParams, json, type RouteContext } from './common.ts';

const windowQuery = z.strictObject({ window: z.enum(['24h', '30d']).default('24h') });
const alertsQuery = z.strictObject({
  incident: z
    .string()
    .regex(/^\d{1,15}$/)
    .optional(),
});

/** What supervisors and IT both see and do: the floor, incidents and their acknowledgement, alerts, uptime. */
export function incidentRoutes(app: FastifyInstance, { hub, now, anyone, audit }: RouteContext): void {
  app.get('/api/floor', { onRequest: anyone }, () => ({
    seats: hub.seats,
    platforms: hub.platforms,
    heartbeatMs: hub.options.heartbeatMs,
  }));

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

  // An incident, or a fleet-wide outage as a whole: acknowledged once, which stops its repeats.
  const acknowledgements = [
    { path: '/api/incidents/:id/ack', action: 'acknowledge', ack: hub.acknowledge.bind(hub), refused: 'unknown or already acknowledged' },
    {
      path: '/api/platforms/:id/ack',
      action: 'acknowledge-platform',
      ack: hub.acknowledgePlatform.bind(hub),
      refused: 'unknown, ended or already acknowledged fleet-wide outage',
    },
  ];
  for (const { path, action, ack, refused } of acknowledgements) {
    app.post<{ Params: z.infer<typeof idParams> }>(
      path,
      { onRequest: [anyone, app.csrfProtection], schema: { params: json(idParams), body: json(emptyBody) } },
      async (request, reply) => {
        if (!(await ack(Number(request.params.id), request.account!.username))) return reply.code(409).send({ error: refused });
        await audit(request, action, request.params.id);
        return { ok: true };
      },
    );
  }

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

  app.get<{ Querystring: z.infer<typeof alertsQuery> }>(
    '/api/alerts',
    { onRequest: anyone, schema: { querystring: json(alertsQuery) } },
    async (request) => ({
      alerts: request.query.incident === undefined ? await hub.store.alerts() : await hub.store.alertsFor(Number(request.query.incident)),
    }),
  );
}

function windowMs(window: '24h' | '30d'): number {
  return window === '24h' ? 86_400_000 : 30 * 86_400_000;
}

function escalationView(hub: Hub) {
  const { levels, rtoMinutes, mtdMinutes } = hub.escalation;
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
