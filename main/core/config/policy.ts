import type { z } from 'zod';
import { documentFromValue, isPlainObject } from './policy-sources/document.ts';
import {
  isSectionName,
  partialSettingsSchema,
  sectionKeys,
  settingSchema,
  settingsSchema,
  type PartialSettings,
  type SectionName,
  type Settings,
} from './schema.ts';

/**
 * IT's policy file. `enforced` values override the user's and are locked (the UI cannot change
 * them); `defaults` replace our built-in defaults but the user may still change them. `locked`
 * lists every key `enforced` names, also those whose value was bad: such a key stays locked at
 * its default, it never falls to the agent.
 */
export interface Policy {
  enforced: PartialSettings;
  defaults: PartialSettings;
  locked: string[];
}

/**
 * Where the last policy that could be read is kept (in the database: policy-memory.ts), so
 * that a policy file that turns unreadable or unparseable keeps the kiosk locked as before
 * instead of unlocking it. It holds the policy's text: read again with the same rules, it gives
 * the same values and locks. An absent policy file is remembered as an empty policy.
 */
export interface PolicyMemory {
  read(): string | null;
  write(text: string): void;
}

/**
 * A layer, or part of one, that could not be used, or ('shell') a protection the runtime could not
 * give, such as Chromium's sandbox as root; shown to the agent and IT, and logged.
 */
export interface ConfigProblem {
  source: 'policy' | 'settings' | 'shell';
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
  /** Why the policy file exists but could not be read. */
  policyError?: string | undefined;
  settings?: unknown;
  /** Where the policy came from, for error messages. */
  policyPath?: string;
  memory?: PolicyMemory | undefined;
}

const EMPTY_POLICY_TEXT = '{}';
const noPolicy = (): Policy => ({ enforced: {}, defaults: {}, locked: [] });

/**
 * Builds the effective settings: built-in defaults, then policy defaults, then the user's
 * settings, then enforced policy. Each key is checked alone: an unknown key is ignored and a bad
 * value dropped, both reported, and the rest of its layer still applies. The policy fails closed:
 * a key it enforces stays locked even when its value is bad (it then takes the policy default or
 * the built-in one, never the agent's), and a policy file that cannot be read or parsed is
 * replaced by the remembered one, not by none.
 */
export function resolveConfig(inputs: ConfigInputs): EffectiveConfig {
  const problems: ConfigProblem[] = [];
  const policy = readPolicy(inputs, problems);
  const user = readLayer(inputs.settings, { where: 'settings', prefix: '' }, 'settings', problems).values;
  const unlocked = withoutKeys(user, policy.locked);
  const merged = [policy.defaults, unlocked, policy.enforced].reduce<PartialSettings>(mergeLayer, {});
  // Every key was checked with its own schema and no rule spans keys: the whole cannot fail.
  return { settings: settingsSchema.parse(merged), locked: policy.locked, problems };
}

function readPolicy(inputs: ConfigInputs, problems: ConfigProblem[]): Policy {
  const where = inputs.policyPath ?? 'policy file';
  if (inputs.policyError !== undefined) {
    problems.push({ source: 'policy', message: inputs.policyError });
    return rememberedPolicy(inputs.memory, problems);
  }
  const text = inputs.policyText ?? EMPTY_POLICY_TEXT;
  const read = parsePolicyText(text, where, problems);
  if (read === null) return rememberedPolicy(inputs.memory, problems);
  remember(inputs.memory, text, problems);
  return read;
}

function rememberedPolicy(memory: PolicyMemory | undefined, problems: ConfigProblem[]): Policy {
  let text: string | null = null;
  try {
    text = memory?.read() ?? null;
  } catch (error) {
    problems.push({ source: 'policy', message: `the remembered policy cannot be read: ${(error as Error).message}` });
  }
  if (text === null) {
    problems.push({ source: 'policy', message: 'no earlier policy is remembered: running without a policy' });
    return noPolicy();
  }
  problems.push({ source: 'policy', message: 'running on the last policy that could be read' });
  return parsePolicyText(text, 'remembered policy', problems) ?? noPolicy();
}

function remember(memory: PolicyMemory | undefined, text: string, problems: ConfigProblem[]): void {
  try {
    memory?.write(text);
  } catch (error) {
    problems.push({ source: 'policy', message: `the policy cannot be remembered: ${(error as Error).message}` });
  }
}

/**
 * A policy is an object with optional `enforced` and `defaults` objects. Text that is not that
 * shape gives null (the caller falls back to the remembered policy): what it meant to lock
 * cannot be known. Below that level every key is judged alone.
 */
function parsePolicyText(text: string, where: string, problems: ConfigProblem[]): Policy | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    problems.push({ source: 'policy', message: `${where} is not valid JSON: ${(error as Error).message}` });
    return null;
  }
  const found: string[] = [];
  const document = documentFromValue(json, where, found);
  problems.push(...found.map((message) => ({ source: 'policy' as const, message })));
  if (document === null) return null;
  const enforced = readLayer(document.enforced, { where, prefix: 'enforced.' }, 'policy', problems, 'the key stays locked at its default');
  const defaults = readLayer(document.defaults, { where, prefix: 'defaults.' }, 'policy', problems);
  return { enforced: enforced.values, defaults: defaults.values, locked: enforced.named };
}

/**
 * Reads one layer key by key. `named` holds every known key the layer speaks of, valid or not
 * (a section that is not an object speaks of all its keys): for the enforced policy these are
 * the locks.
 */
function readLayer(
  value: unknown,
  { where, prefix }: { where: string; prefix: string },
  source: ConfigProblem['source'],
  problems: ConfigProblem[],
  consequence = 'ignored',
): { values: PartialSettings; named: string[] } {
  const values: Record<string, Record<string, unknown>> = {};
  const named: string[] = [];
  if (value === undefined) return { values, named };
  if (!isPlainObject(value)) {
    problems.push({ source, message: `${where} is invalid: expected an object; ignored` });
    return { values, named };
  }
  for (const [section, keys] of Object.entries(value)) {
    if (!isSectionName(section)) {
      problems.push({ source, message: `${where} has an unknown section ${prefix}${section}; ignored` });
      continue;
    }
    if (!isPlainObject(keys)) {
      problems.push({ source, message: `${where} is invalid: ${prefix}${section}: expected an object; ${consequence}` });
      named.push(...sectionKeys(section).map((key) => `${section}.${key}`));
      continue;
    }
    for (const [key, raw] of Object.entries(keys)) {
      const path = `${section}.${key}`;
      const schema = settingSchema(section, key);
      if (!schema) {
        problems.push({ source, message: `${where} has an unknown key ${prefix}${path}; ignored` });
        continue;
      }
      named.push(path);
      const result = schema.safeParse(raw);
      if (result.success) (values[section] ??= {})[key] = result.data;
      else problems.push({ source, message: `${where} is invalid: ${describe(result.error, prefix + path)}; ${consequence}` });
    }
  }
  return { values: values as PartialSettings, named };
}

function withoutKeys(layer: PartialSettings, keys: readonly string[]): PartialSettings {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [section, values] of Object.entries(layer)) {
    const kept = Object.entries(values ?? {}).filter(([key]) => !keys.includes(`${section}.${key}`));
    if (kept.length > 0) out[section] = Object.fromEntries(kept);
  }
  return out as PartialSettings;
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
  return Object.entries(enforced).flatMap(([section, values]) => Object.keys(values ?? {}).map((key) => `${section}.${key}`));
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

export function describe(error: z.ZodError, at?: string): string {
  return error.issues
    .map((issue) => {
      const path = [...(at === undefined ? [] : [at]), ...issue.path.map(String)].join('.');
      return `${path || '(root)'}: ${issue.message}`;
    })
    .join('; ');
}

export type { SectionName };
