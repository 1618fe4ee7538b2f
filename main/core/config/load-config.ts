import { readFileSync } from 'node:fs';
import { resolveConfig, type EffectiveConfig } from './policy.ts';

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

/** Loads the policy file from disk and resolves it with the user's settings. */
export function loadConfig(policyPath: string, userSettings: unknown): EffectiveConfig {
  const policy = readOptionalText(policyPath);
  const config = resolveConfig({ policyText: policy.text, settings: userSettings, policyPath });
  if (policy.error) config.problems.unshift({ source: 'policy', message: policy.error });
  return config;
}
