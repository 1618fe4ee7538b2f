import { safeStorage } from 'electron';
import { plainSecretResolver, type SecretResolver } from '../../core/outbox/secrets.ts';
import type { SecretBox } from '../../core/reporter/reporter.ts';

/**
 * The Electron shell's secrets: a `safeStorage` value is opened with the OS keychain (DPAPI,
 * Keychain, libsecret) of this user on this machine; environment and file references as in the
 * Chromium shell.
 */
export function safeStorageSecrets(base: SecretResolver = plainSecretResolver()): SecretResolver {
  return {
    resolve(ref) {
      if (!('safeStorage' in ref)) return base.resolve(ref);
      if (!safeStorage.isEncryptionAvailable()) throw new Error('the OS keychain is not available to open the safeStorage secret');
      try {
        return safeStorage.decryptString(Buffer.from(ref.safeStorage, 'base64'));
      } catch (error) {
        throw new Error('the safeStorage secret was sealed for another user or machine; seal it again on this seat', { cause: error });
      }
    },
  };
}

/** Seals a secret for `{ "safeStorage": "<this value>" }` in settings: only this user on this machine can open it. */
export function sealSecret(plain: string): string {
  return safeStorage.encryptString(plain).toString('base64');
}

/**
 * Encryption at rest for what the kiosk keeps of its own (the hub's device token), where the OS
 * keychain is there; without it the reporter keeps the token as it is (and logs that).
 */
export function safeStorageBox(): SecretBox | undefined {
  if (!safeStorage.isEncryptionAvailable()) return undefined;
  return {
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  };
}
