import { hash as argonHash } from '@node-rs/argon2';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hashToken, type Hub } from '../hub.ts';
import type { Role } from '../model.ts';
import type { LiveStreams } from './live.ts';

export const SESSION_COOKIE = 'hub_session';

export interface ServerOptions {
  secureCookies: boolean;
  sessionHours: number;
  /** Where the built dashboard is (dist/hub); the API works without it. */
  dashboardDir: string | null;
  /** How often open live streams check that their session still holds (ended elsewhere, expired). */
  liveCheckMs?: number;
}

export interface Account {
  username: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyRequest {
    account?: Account;
    /** The SHA-256 of the session cookie a signed-in request came with. */
    sessionHash?: string;
    seatId?: string;
  }
}

/** A route's JSON schema, from its zod schema: the one source of what a body may hold. */
export const json = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;

/** The same, for a body that zod parses again: defaults are zod's to apply (ajv cannot inside a union). */
export const jsonShape = (schema: z.ZodType) => dropDefaults(json(schema)) as Record<string, unknown>;

function dropDefaults(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(dropDefaults);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => key !== 'default')
      .map(([key, value]) => [
        key,
        key === 'properties'
          ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, dropDefaults(v)]))
          : dropDefaults(value),
      ]),
  );
}

/** argon2id with the library's defaults (19 MiB, 2 passes: OWASP's minimum profile). */
export const hashPassword = (password: string): Promise<string> => argonHash(password, { algorithm: 2 });

/** The body of a change that needs none (acknowledge, revoke, sign out): `{}` and nothing more. */
export const emptyBody = z.strictObject({});

/** A row id in a path (an incident, an enrolment token, a fleet-wide outage). */
export const idParams = z.strictObject({ id: z.string().regex(/^\d{1,15}$/) });

export const usernameSchema = z.string().regex(/^[0-9A-Za-z._@-]{1,64}$/);
export const passwordSchema = z.string().min(12).max(256);
export const roleSchema = z.enum(['supervisor', 'it']);

type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** What every group of routes gets: the hub, its clock, the sign-in checks, the audit log and the live streams. */
export interface RouteContext {
  hub: Hub;
  options: ServerOptions;
  live: LiveStreams;
  now(): number;
  /** Signed in, any role. */
  anyone: Hook;
  /** Signed in as IT. */
  itOnly: Hook;
  audit(request: FastifyRequest, action: string, target?: string, detail?: string): Promise<void>;
}

export function routeContext(hub: Hub, options: ServerOptions, live: LiveStreams): RouteContext {
  const now = () => hub.options.now?.() ?? Date.now();
  const sessionAuth =
    (roles: readonly Role[]): Hook =>
    async (request, reply) => {
      const id = request.cookies[SESSION_COOKIE];
      const sessionHash = id ? hashToken(id) : null;
      const account = sessionHash ? await hub.store.sessionUser(sessionHash, now()) : null;
      if (!sessionHash || !account) return reply.code(401).send({ error: 'not signed in' });
      if (!roles.includes(account.role)) return reply.code(403).send({ error: 'not allowed for this role' });
      request.account = account;
      request.sessionHash = sessionHash;
    };
  return {
    hub,
    options,
    live,
    now,
    anyone: sessionAuth(['supervisor', 'it']),
    itOnly: sessionAuth(['it']),
    audit: (request, action, target, detail) =>
      hub.store.audit({
        at: now(),
        actor: request.account!.username,
        action,
        ...(target ? { target } : {}),
        ...(detail ? { detail } : {}),
      }),
  };
}
