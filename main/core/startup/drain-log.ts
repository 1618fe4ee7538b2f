import { once } from 'node:events';
import { pino, type Logger } from 'pino';

/**
 * Waits until every line logged so far is in the log file, and closes the file. The log file is
 * written asynchronously (rotating-file-stream): a process that exits right after its last line
 * (a failed start, a quit) would lose it, and with it the reason IT needs. pino's flush() does
 * not reach that stream, so it is ended here and its `finish` awaited. Standard output and error
 * are left open. Call last: what is logged afterwards is lost.
 */
export async function drainLog(log: Logger): Promise<void> {
  const destination = (log as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] as
    { streams?: { stream: NodeJS.WritableStream }[] } | undefined;
  const files = (destination?.streams ?? [])
    .map((entry) => entry.stream)
    .filter((stream) => stream !== process.stdout && stream !== process.stderr);
  await Promise.all(
    files.map(async (stream) => {
      const finished = once(stream, 'finish'); // rejects if the stream fails instead
      stream.end();
      try {
        await finished;
      } finally {
        // A line logged after this (the process is ending) is dropped, never a crash.
        stream.on('error', () => undefined);
      }
    }),
  );
}
