import { z } from 'zod';

/** An error a caller caused, with the HTTP status the control and page APIs answer it with. */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** Parses outside input, turning a schema failure into a 400 that says what was wrong. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new HttpError(400, `invalid ${what}: ${z.prettifyError(result.error)}`);
  return result.data;
}
