import { readFileSync } from 'node:fs';

/** Reads a file if it exists; a file that exists but cannot be read is a problem to report. */
export function readOptionalText(path: string): { text?: string; error?: string } {
  try {
    return { text: readFileSync(path, 'utf8') };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return {};
    return { error: `cannot read ${path}: ${(error as Error).message}` };
  }
}
