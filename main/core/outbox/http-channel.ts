import type { HttpChannelConfig } from '../config/schema.ts';
import { httpFailureIsTemporary, type SendOutcome } from './retry.ts';
import type { SecretResolver } from './secrets.ts';
import type { OutboxMessage } from './outbox-store.ts';

/** What the gateway must be sent for one message: pure, from IT's channel and the message. */
export interface HttpRequestPlan {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | null;
}

export function planHttpRequest(
  channel: HttpChannelConfig,
  message: Pick<OutboxMessage, 'recipient' | 'text' | 'messageId'>,
  secrets: SecretResolver,
): HttpRequestPlan {
  const values: Record<string, string> = { to: message.recipient, text: message.text, messageId: message.messageId };
  const fill = (template: string) => template.replace(/\{(to|text|messageId)\}/g, (_, name: string) => values[name]!);
  const fields = Object.fromEntries(Object.entries(channel.body.fields).map(([key, template]) => [key, fill(template)]));
  const headers: Record<string, string> = { ...channel.headers };
  if (channel.auth?.type === 'bearer') headers.authorization = `Bearer ${secrets.resolve(channel.auth.token)}`;
  if (channel.auth?.type === 'basic') {
    headers.authorization = `Basic ${Buffer.from(`${channel.auth.user}:${secrets.resolve(channel.auth.password)}`).toString('base64')}`;
  }
  if (channel.method === 'GET') {
    const url = new URL(channel.url);
    for (const [key, value] of Object.entries(fields)) url.searchParams.set(key, value);
    return { url: url.toString(), method: 'GET', headers, body: null };
  }
  const json = channel.body.format === 'json';
  headers['content-type'] = json ? 'application/json; charset=utf-8' : 'application/x-www-form-urlencoded; charset=utf-8';
  return {
    url: channel.url,
    method: channel.method,
    headers,
    body: json ? JSON.stringify(fields) : new URLSearchParams(fields).toString(),
  };
}

/** Whether the gateway's answer is a success by IT's rule; otherwise why, and whether to try again. */
export function judgeHttpAnswer(success: HttpChannelConfig['success'], status: number, body: string): SendOutcome {
  if (status >= 300 && status < 400)
    return { ok: false, temporary: false, reason: `HTTP ${status}: the gateway redirected (redirects are not followed)` };
  if (status < success.statusMin || status > success.statusMax) {
    return { ok: false, temporary: httpFailureIsTemporary(status), reason: `HTTP ${status}: ${excerpt(body)}` };
  }
  if (success.jsonPath === undefined) return { ok: true };
  let value: unknown;
  try {
    value = success.jsonPath
      .split('.')
      .reduce<unknown>((node, key) => (isRecord(node) && Object.hasOwn(node, key) ? node[key] : undefined), JSON.parse(body));
  } catch {
    return { ok: false, temporary: false, reason: `HTTP ${status}: the answer is not JSON: ${excerpt(body)}` };
  }
  if (success.equals === undefined ? value !== undefined && value !== null : value === success.equals) return { ok: true };
  return {
    ok: false,
    temporary: false,
    reason: `HTTP ${status}: ${success.jsonPath} is ${JSON.stringify(value) ?? 'missing'}: ${excerpt(body)}`,
  };
}

/** Sends one message through an HTTP channel with node's fetch: a time limit, no redirects followed. */
export async function sendHttp(channel: HttpChannelConfig, message: OutboxMessage, secrets: SecretResolver): Promise<SendOutcome> {
  let plan: HttpRequestPlan;
  try {
    plan = planHttpRequest(channel, message, secrets);
  } catch (error) {
    return { ok: false, temporary: false, reason: (error as Error).message };
  }
  try {
    const response = await fetch(plan.url, {
      method: plan.method,
      headers: plan.headers,
      body: plan.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(channel.timeoutMs),
    });
    return judgeHttpAnswer(channel.success, response.status, await response.text());
  } catch (error) {
    const err = error as Error & { cause?: { code?: string } };
    const reason = err.name === 'TimeoutError' ? `no answer within ${channel.timeoutMs} ms` : (err.cause?.code ?? err.message);
    return { ok: false, temporary: true, reason };
  }
}

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat || '(empty answer)';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
