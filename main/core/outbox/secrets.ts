import { readFileSync } from 'node:fs';
import type { SecretRef } from '../config/schema.ts';

/**
 * The port that turns a secret reference from settings into the secret. The Chromium shell reads
 * environment variables and files; the Electron shell adds values sealed with `safeStorage`.
 */
export interface SecretResolver {
  /** The secret, or throws saying why it cannot be had (never the secret itself). */
  resolve(ref: SecretRef): string;
}

/** `env:NAME` or `file:/path` (the settings' one-string form, checked by the schema) as a reference. */
export function secretRefOf(text: string): SecretRef {
  return text.startsWith('env:') ? { env: text.slice('env:'.length) } : { file: text.slice('file:'.length) };
}

/** Environment variables and files; a `safeStorage` value is refused (only Electron can open it). */
export function plainSecretResolver(env: NodeJS.ProcessEnv = process.env): SecretResolver {
  return {
    resolve(ref) {
      if ('env' in ref) {
        const value = env[ref.env];
        if (value === undefined || value === '') throw new Error(`the environment variable ${ref.env} is not set`);
        return value;
      }
      if ('file' in ref) {
        try {
          // A trailing newline is how editors end files, not part of the password.
          return readFileSync(ref.file, 'utf8').replace(/\r?\n$/, '');
        } catch (error) {
          throw new Error(`the secret file ${ref.file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
            cause: error,
          });
        }
      }
      throw new Error('a safeStorage secret can only be opened by the Electron shell');
    },
  };
}
