import type { PolicySource } from './policy-sources/document.ts';
import { gatherPolicy, jsonPolicySource } from './policy-sources/sources.ts';
import { resolveConfig, type EffectiveConfig, type PolicyMemory } from './policy.ts';

/**
 * Loads the policy from every source (the OS's own stores first, `osSources`, then the JSON file
 * at `policyPath`) and resolves it with the user's settings; `memory` keeps the last policy that
 * could be read, for the day it cannot be.
 */
export function loadConfig(
  policyPath: string,
  userSettings: unknown,
  memory?: PolicyMemory,
  osSources: readonly PolicySource[] = [],
): EffectiveConfig {
  const policy = gatherPolicy([...osSources, jsonPolicySource(policyPath)]);
  const config = resolveConfig({
    policyText: policy.policyText,
    policyError: policy.policyError,
    settings: userSettings,
    policyPath: policy.where,
    memory,
  });
  return { ...config, problems: [...policy.problems, ...config.problems] };
}
