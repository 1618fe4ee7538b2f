import type { Logger } from '../log/logger.ts';

/**
 * Last line of defence for an error no part caught: log it and let the kiosk re-check itself,
 * instead of letting Node end the process at the moment failover may be needed. Returns a
 * function that removes the handlers.
 */
export function guardProcess(log: Logger, recheck: (note: string) => void): () => void {
  const onError = (kind: string) => (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    log.error({ err: error instanceof Error ? { message, stack: error.stack } : message, kind }, 'error no part of the kiosk caught');
    try {
      recheck(`kiosk error (${kind}): ${message.slice(0, 200)}`);
    } catch (recheckError) {
      log.error({ err: String(recheckError) }, 're-check after an uncaught error failed');
    }
  };
  const uncaught = onError('uncaught exception');
  const unhandled = onError('unhandled rejection');
  process.on('uncaughtException', uncaught);
  process.on('unhandledRejection', unhandled);
  return () => {
    process.off('uncaughtException', uncaught);
    process.off('unhandledRejection', unhandled);
  };
}
