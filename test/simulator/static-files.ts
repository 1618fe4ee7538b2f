import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';

export interface StaticFile {
  body: Buffer;
  type: string;
}

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Reads a folder's files once: they are few and small, and tests should not touch the disk. */
export async function loadFolder(dir: string): Promise<Map<string, StaticFile>> {
  const files = new Map<string, StaticFile>();
  for (const name of await readdir(dir)) {
    files.set(name, {
      body: await readFile(join(dir, name)),
      type: TYPES[extname(name)] ?? 'application/octet-stream',
    });
  }
  return files;
}
