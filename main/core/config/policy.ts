import { z } from 'zod';
import {
  partialSettingsSchema,
  settingsSchema,
  type PartialSettings,
  type SectionName,
  type Settings,
} from './schema.ts';

/**
 * IT's policy file. `enforced` values override the user's and are locked (the UI cannot change
 * them); `defaults` replace our built-in defaults but the user may still change them.
 */
export const policySchema = z
  .object({
    enforced: partialSettingsSchema.default({}),
    defaults: partialSettingsSchema.default({}),
  })
  .strict();
export type Policy = z.infer<typeof policySchema>;

/** A layer that could not be used; the app runs without it and shows this to the agent and IT. */
export interface ConfigProblem {
  source: 'policy' | 'settings';
  message: string;
}

export interface EffectiveConfig {
  settings: Settings;
  /** Dotted keys fixed by policy, e.g. "general.whatsappUrl". */
  locked: string[];
  problems: ConfigProblem[];
}

/** Raw inputs as read from disk: `undefined` means the file does not exist. */
export interface ConfigInputs {
  policyText?: string | undefined;
  settings?: unknown;
  /** Where the policy came from, for error messages. */
  policyPath?: string;
}

/**
 * Builds the effective settings: built-in defaults, then policy defaults, then the user's
 * settings, then enforced policy. A layer that fails validation is dropped whole (never half
 * applied) and reported, so a broken file can neither crash the app nor sneak in bad values.
 */
export function resolveConfig(inputs: ConfigInputs): EffectiveConfig {
  const problems: ConfigProblem[] = [];
  const policy = parsePolicy(inputs, problems);
  const user = parseLayer(inputs.settings, 'settings', 'settings', problems);

  const merged = [policy.defaults, user, policy.enforced].reduce<PartialSettings>(mergeLayer, {});
  const result = settingsSchema.safeParse(merged);
  if (!result.success) {
    // Each layer is valid alone; only a combination can still fail (e.g. a future cross-field
    // rule). Fall back to the enforced policy alone over defaults.
    problems.push({ source: 'settings', message: describe(result.error) });
    return {
      settings: settingsSchema.parse(policy.enforced),
      locked: lockedKeys(policy.enforced),
      problems,
    };
  }
  return { settings: result.data, locked: lockedKeys(policy.enforced), problems };
}

function parsePolicy(inputs: ConfigInputs, problems: ConfigProblem[]): Policy {
  const empty: Policy = { enforced: {}, defaults: {} };
  if (inputs.policyText === undefined) return empty;
  const where = inputs.policyPath ?? 'policy file';
  let json: unknown;
  try {
    json = JSON.parse(inputs.policyText);
  } catch (error) {
    problems.push({ source: 'policy', message: `${where} is not valid JSON: ${(error as Error).message}` });
    return empty;
  }
  const result = policySchema.safeParse(json);
  if (!result.success) {
    problems.push({ source: 'policy', message: `${where} is invalid: ${describe(result.error)}` });
    return empty;
  }
  return result.data;
}

function parseLayer(
  value: unknown,
  label: string,
  source: ConfigProblem['source'],
  problems: ConfigProblem[],
): PartialSettings {
  if (value === undefined) return {};
  const result = partialSettingsSchema.safeParse(value);
  if (result.success) return result.data;
  problems.push({ source, message: `${label} are invalid: ${describe(result.error)}` });
  return {};
}

/** Later layer wins, key by key within each section. */
export function mergeLayer(base: PartialSettings, over: PartialSettings): PartialSettings {
  const out: Record<string, unknown> = { ...base };
  for (const [section, values] of Object.entries(over)) {
    if (values === undefined) continue;
    out[section] = { ...(out[section] as object | undefined), ...values };
  }
  return out as PartialSettings;
}

export function lockedKeys(enforced: PartialSettings): string[] {
  return Object.entries(enforced).flatMap(([section, values]) =>
    Object.keys(values ?? {}).map((key) => `${section}.${key}`),
  );
}

/**
 * Checks a change the agent asks for against the lock list and the schema; returns the new
 * user layer or an error, never a half-applied change.
 */
export function applyUserChange(
  current: PartialSettings,
  change: unknown,
  locked: readonly string[],
): { ok: true; settings: PartialSettings } | { ok: false; error: string } {
  const parsed = partialSettingsSchema.safeParse(change);
  if (!parsed.success) return { ok: false, error: describe(parsed.error) };
  const blocked = lockedKeys(parsed.data).filter((key) => locked.includes(key));
  if (blocked.length > 0) return { ok: false, error: `locked by IT policy: ${blocked.join(', ')}` };
  return { ok: true, settings: mergeLayer(current, parsed.data) };
}

export function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}

export type { SectionName };
