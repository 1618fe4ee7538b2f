import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseBinary } from 'plist';
import { documentFromValue, isPlainObject, type PolicySource, type SourceRead } from './document.ts';

/**
 * macOS managed preferences: a configuration profile (sample in resources/policy/) whose payload
 * type is our bundle id is written by macOS to `/Library/Managed Preferences/<bundle id>.plist`
 * (for the machine) or `/Library/Managed Preferences/<user>/<bundle id>.plist`. Its dictionary has
 * the policy file's shape: `enforced` and `defaults`, each section -> key -> value; the machine's
 * wins over the user's.
 */
const MANAGED_PREFERENCES_DIR = '/Library/Managed Preferences';

export function managedPreferencesPaths(bundleId: string, user: string): string[] {
  return [join(MANAGED_PREFERENCES_DIR, `${bundleId}.plist`), join(MANAGED_PREFERENCES_DIR, user, `${bundleId}.plist`)];
}

/**
 * Parses a property list into a policy document: XML as in a profile or a test fixture, or binary
 * as macOS writes managed preferences (told apart by the binary format's "bplist" magic).
 */
export function plistSourceRead(bytes: Uint8Array, where: string): SourceRead {
  let value: unknown;
  try {
    value = Buffer.from(bytes.subarray(0, 6)).toString('latin1') === 'bplist' ? parseBinary(bytes) : parse(new TextDecoder().decode(bytes));
  } catch (error) {
    return { kind: 'error', error: `${where} is not a valid property list: ${(error as Error).message}` };
  }
  const problems: string[] = [];
  // A profile's own Payload* keys may be copied along with the preferences: they are not ours to judge.
  const own = isPlainObject(value) ? Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith('Payload'))) : value;
  const document = documentFromValue(own, where, problems);
  return document === null ? { kind: 'error', error: problems.join('; ') } : { kind: 'document', document, problems };
}

export function plistPolicySource(path: string): PolicySource {
  return {
    name: path,
    read(): SourceRead {
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'absent' };
        return { kind: 'error', error: `cannot read ${path}: ${(error as Error).message}` };
      }
      return plistSourceRead(bytes, path);
    },
  };
}
