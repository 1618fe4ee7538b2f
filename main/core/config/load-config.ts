import { readFileSync } from 'node:fs';
import { resolveConfig, type EffectiveConfig, type PolicyMemory } from './policy.ts';

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

/**
 * Loads the policy file from disk and resolves it with the user's settings; `memory` keeps the
 * last policy that could be read, for the day the file cannot be.
 */
export function loadConfig(policyPath: string, userSettings: unknown, memory?: PolicyMemory): EffectiveConfig {
  const policy = readOptionalText(policyPath);
  return resolveConfig({ policyText: policy.text, policyError: policy.error, settings: userSettings, policyPath, memory });
}
