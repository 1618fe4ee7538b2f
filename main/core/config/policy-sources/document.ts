/**
 * Every policy source (the JSON file, the Windows registry, macOS managed preferences) is brought
 * to one shape, the policy document the JSON file already uses, and only then checked against the
 * schema (policy.ts, key by key): what a key means and how a bad value is handled cannot differ
 * between sources.
 */
export interface PolicyDocument {
  /** section -> key -> value: locked at this value. */
  enforced: Record<string, unknown>;
  /** section -> key -> value: replaces the built-in default; the agent may still change it. */
  defaults: Record<string, unknown>;
}

export type PolicyLevel = keyof PolicyDocument;

/** One value as a flat source (registry, plist) holds it: "general.whatsappUrl" at a level. */
export interface PolicyEntry {
  level: PolicyLevel;
  section: string;
  key: string;
  value: unknown;
}

/** What one source gave: nothing there, a document, or an error (the source exists but cannot be read). */
export type SourceRead =
  { kind: 'absent' } | { kind: 'document'; document: PolicyDocument; problems: string[] } | { kind: 'error'; error: string };

export interface PolicySource {
  /** Where the source lives, for messages: a file path, a registry key. */
  readonly name: string;
  read(): SourceRead;
}

export function documentFromEntries(entries: readonly PolicyEntry[]): PolicyDocument {
  const document = emptyDocument();
  for (const { level, section, key, value } of entries) {
    const sections = document[level];
    const keys = (sections[section] ??= dictionary()) as Record<string, unknown>;
    keys[key] = value;
  }
  return document;
}

/**
 * A value parsed from a JSON file or a property list, as a policy document: an object with
 * optional `enforced` and `defaults` objects. Anything else is null (with the reason in
 * `problems`): what it meant to lock cannot be known. Unknown top-level keys are reported.
 */
export function documentFromValue(value: unknown, where: string, problems: string[]): PolicyDocument | null {
  if (!isPlainObject(value)) {
    problems.push(`${where} is not a policy: expected an object with "enforced" and "defaults"`);
    return null;
  }
  for (const part of ['enforced', 'defaults'] as const) {
    if (part in value && !isPlainObject(value[part])) {
      problems.push(`${where} is not a policy: "${part}" must be an object`);
      return null;
    }
  }
  for (const key of Object.keys(value)) {
    if (key !== 'enforced' && key !== 'defaults') problems.push(`${where} has an unknown key ${key}; ignored`);
  }
  return { enforced: (value['enforced'] ?? {}) as Record<string, unknown>, defaults: (value['defaults'] ?? {}) as Record<string, unknown> };
}

/**
 * Documents in order of precedence, the first the strongest (HKLM over HKCU, the machine's
 * managed preferences over the user's, the OS's management over the file): key by key, the first
 * that names a key decides it. A section that is not an object (invalid, reported by the schema
 * check) is taken whole from the strongest source that states it.
 */
export function combineDocuments(documents: readonly PolicyDocument[]): PolicyDocument {
  const combined = emptyDocument();
  for (const level of ['enforced', 'defaults'] as const) {
    for (const document of [...documents].reverse()) {
      for (const [section, keys] of Object.entries(document[level])) {
        const below = combined[level][section];
        combined[level][section] = isPlainObject(below) && isPlainObject(keys) ? Object.assign(dictionary(), below, keys) : keys;
      }
    }
  }
  return combined;
}

/** Objects without a prototype: a source's key named "__proto__" stays an ordinary (unknown) key. */
function dictionary(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

function emptyDocument(): PolicyDocument {
  return { enforced: dictionary(), defaults: dictionary() };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
