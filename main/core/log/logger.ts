import { pino, type Logger } from 'pino';
import { createStream } from 'rotating-file-stream';

export type { Logger };

/**
 * Structured JSON lines in `<dir>/kiosk.log`, rotated by size and day so a desk that runs for
 * months never fills its disk. Logs carry states and codes, never message text or contacts.
 */
export function createLogger(dir: string, options: { level?: string; echo?: boolean } = {}): Logger {
  const file = createStream('kiosk.log', {
    path: dir,
    size: '10M',
    interval: '1d',
    maxFiles: 14,
  });
  const streams: pino.StreamEntry[] = [{ stream: file }];
  if (options.echo) streams.push({ stream: process.stderr });
  return pino({ level: options.level ?? 'info', base: { pid: process.pid } }, pino.multistream(streams));
}
