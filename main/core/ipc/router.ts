import type { output } from 'zod';
import { describe } from '../config/policy.ts';
import { isChannel, requestSchemas, type Channel, type ResponseMap } from './contract.ts';

export type Handlers = {
  [C in Channel]: (request: output<(typeof requestSchemas)[C]>) => Promise<ResponseMap[C]> | ResponseMap[C];
};

/** What goes back over the wire: errors are values, so a bad request never throws in a shell. */
export type IpcResult = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * One entry point for every request from our pages, whichever shell carried it: an unknown
 * channel or a request that fails its schema is refused with a clear error and reaches no handler.
 */
export function createIpcRouter(handlers: Handlers): (channel: unknown, request: unknown) => Promise<IpcResult> {
  return async (channel, request) => {
    if (!isChannel(channel)) return { ok: false, error: `unknown channel: ${String(channel).slice(0, 60)}` };
    const parsed = requestSchemas[channel].safeParse(request ?? {});
    if (!parsed.success) return { ok: false, error: `invalid request for ${channel}: ${describe(parsed.error)}` };
    try {
      const handler = handlers[channel] as (request: unknown) => Promise<unknown> | unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      return { ok: false, error: `${channel} failed: ${(error as Error).message}` };
    }
  };
}

/**
 * Only our own page, loaded from where we loaded it, may call the main process: not WhatsApp,
 * not a frame inside our page, not a page that navigated somewhere else.
 */
export function isTrustedSender(senderUrl: string, isMainFrame: boolean, uiBaseUrl: string): boolean {
  if (!isMainFrame) return false;
  try {
    const sender = new URL(senderUrl);
    const base = new URL(uiBaseUrl);
    if (sender.protocol !== base.protocol || sender.host !== base.host) return false;
    const dir = base.pathname.slice(0, base.pathname.lastIndexOf('/') + 1);
    return sender.pathname.startsWith(dir);
  } catch {
    return false;
  }
}

/** Who sent a request, as the shell saw it. */
export interface Sender {
  url: string;
  isMainFrame: boolean;
  /** The request came from our page's own web contents or page, not another one. */
  isOurPage: boolean;
}

/**
 * The door both shells put in front of the router: a request from anywhere but our own page's
 * main frame is refused and logged, and never reaches a handler.
 */
export function fromTrustedSender(
  route: (channel: unknown, request: unknown) => Promise<IpcResult>,
  uiBaseUrl: () => string,
  warn: (detail: object, message: string) => void,
): (sender: Sender, channel: unknown, request: unknown) => Promise<IpcResult> {
  return async (sender, channel, request) => {
    if (!sender.isOurPage || !isTrustedSender(sender.url, sender.isMainFrame, uiBaseUrl())) {
      warn({ url: sender.url }, 'request from an unknown sender refused');
      return { ok: false, error: 'sender not allowed' };
    }
    return route(channel, request);
  };
}
