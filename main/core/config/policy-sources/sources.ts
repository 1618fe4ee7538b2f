import { readOptionalText } from '../read-file.ts';
import type { ConfigProblem } from '../policy.ts';
import { combineDocuments, documentFromValue, type PolicyDocument, type PolicySource, type SourceRead } from './document.ts';
import { managedPreferencesPaths, plistPolicySource } from './plist.ts';
import { registryPolicySource } from './registry.ts';

/** The bundle id macOS files managed preferences under: electron-builder.yml's appId (a test keeps them equal). */
export const BUNDLE_ID = 'com.example.wa-continuity-kiosk';

/** The JSON policy file at its per-OS path (policy-path.ts), as IT has always written it. */
export function jsonPolicySource(path: string): PolicySource {
  return {
    name: path,
    read(): SourceRead {
      const { text, error } = readOptionalText(path);
      if (error !== undefined) return { kind: 'error', error };
      if (text === undefined) return { kind: 'absent' };
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        return { kind: 'error', error: `${path} is not valid JSON: ${(error as Error).message}` };
      }
      const problems: string[] = [];
      const document = documentFromValue(value, path, problems);
      return document === null ? { kind: 'error', error: problems.join('; ') } : { kind: 'document', document, problems };
    },
  };
}

/**
 * The operating system's own policy stores, strongest first: Group Policy (HKLM over HKCU) on
 * Windows, managed preferences (machine over user) on macOS, none on Linux (the file only).
 */
export function osPolicySources(platform: NodeJS.Platform, user: string): PolicySource[] {
  if (platform === 'win32') return [registryPolicySource('HKEY_LOCAL_MACHINE'), registryPolicySource('HKEY_CURRENT_USER')];
  if (platform === 'darwin') return managedPreferencesPaths(BUNDLE_ID, user).map((path) => plistPolicySource(path));
  return [];
}

/** The policy of all sources, as the text resolveConfig reads (and remembers), or why it cannot be had. */
export interface GatheredPolicy {
  policyText?: string;
  policyError?: string;
  /** The sources that gave a policy, for messages. */
  where: string;
  problems: ConfigProblem[];
}

/**
 * Reads every source, strongest first, and combines them key by key. A source that exists but
 * cannot be read makes the whole policy unreadable: the kiosk then keeps the last policy it
 * could read (fail closed), rather than run with one store's locks missing.
 */
export function gatherPolicy(sources: readonly PolicySource[]): GatheredPolicy {
  const problems: ConfigProblem[] = [];
  const errors: string[] = [];
  const found: { name: string; document: PolicyDocument }[] = [];
  for (const source of sources) {
    const read = source.read();
    if (read.kind === 'error') errors.push(read.error);
    if (read.kind !== 'document') continue;
    found.push({ name: source.name, document: read.document });
    problems.push(...read.problems.map((message) => ({ source: 'policy' as const, message })));
  }
  const where = found.length === 1 ? found[0]!.name : `the policy (${(found.length > 0 ? found : sources).map((s) => s.name).join(', ')})`;
  if (errors.length > 0) return { policyError: errors.join('; '), where, problems };
  if (found.length === 0) return { where, problems };
  return { policyText: JSON.stringify(combineDocuments(found.map((source) => source.document))), where, problems };
}
