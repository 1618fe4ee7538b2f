import { z } from 'zod';
import { SETTINGS_SECTIONS } from './schema.ts';

/**
 * What IT needs to know about one setting, read from the schema itself, so that the registry
 * mapping, the ADMX templates and the settings reference can never drift from what the kiosk
 * accepts. Any section added to SETTINGS_SECTIONS is described without further code.
 */
export interface SettingInfo {
  section: string;
  key: string;
  /** "section.key", the name used in policies, locks and the UI. */
  path: string;
  kind: SettingKind;
  /** The built-in default; undefined where the kiosk derives one (e.g. a folder in user data). */
  defaultValue: unknown;
  min?: Bound;
  max?: Bound;
  /** The allowed values of an enum. */
  options?: string[];
  /** Whether the value may be left out (no default: the kiosk derives one). */
  optional: boolean;
  description: string;
  /** The Chinese description (`.meta({ zh })`), where the schema gives one. */
  descriptionZh?: string;
}

/** `json`: any other shape (an object, a union...), given as JSON text where a source has only text. */
export type SettingKind = 'boolean' | 'integer' | 'number' | 'string' | 'url' | 'enum' | 'list' | 'json';

export interface Bound {
  value: number;
  inclusive: boolean;
}

export function settingsInfo(sections: Record<string, z.ZodObject<z.ZodRawShape>> = SETTINGS_SECTIONS): SettingInfo[] {
  return Object.entries(sections).flatMap(([section, schema]) =>
    Object.entries(schema.shape).map(([key, field]) => describeField(section, key, field as z.ZodType)),
  );
}

function describeField(section: string, key: string, field: z.ZodType): SettingInfo {
  let inner = field;
  let defaultValue: unknown;
  let optional = false;
  let description = '';
  let descriptionZh: string | undefined;
  // Wrappers in any order: .default(), .optional(), .describe() and .meta() on either side of them.
  for (;;) {
    const meta = inner.meta() as { description?: string; zh?: string } | undefined;
    description ||= meta?.description ?? '';
    descriptionZh ??= meta?.zh;
    if (inner instanceof z.ZodDefault) {
      defaultValue = inner.def.defaultValue;
      inner = inner.unwrap() as z.ZodType;
    } else if (inner instanceof z.ZodOptional) {
      optional = true;
      inner = inner.unwrap() as z.ZodType;
    } else break;
  }
  const info: SettingInfo = {
    section,
    key,
    path: `${section}.${key}`,
    kind: kindOf(inner),
    defaultValue,
    optional,
    description,
  };
  if (descriptionZh !== undefined) info.descriptionZh = descriptionZh;
  if (inner instanceof z.ZodEnum) info.options = inner.options.map(String);
  if (inner instanceof z.ZodNumber) Object.assign(info, numberBounds(inner));
  if (inner instanceof z.ZodString) {
    if (inner.minLength !== null) info.min = { value: inner.minLength, inclusive: true };
    if (inner.maxLength !== null) info.max = { value: inner.maxLength, inclusive: true };
  }
  return info;
}

function kindOf(field: z.ZodType): SettingKind {
  if (field instanceof z.ZodBoolean) return 'boolean';
  if (field instanceof z.ZodNumber) return field.isInt ? 'integer' : 'number';
  if (field instanceof z.ZodURL) return 'url';
  if (field instanceof z.ZodString) return 'string';
  if (field instanceof z.ZodEnum) return 'enum';
  if (field instanceof z.ZodArray) return 'list';
  return 'json';
}

/** Bounds from the number's checks: `.positive()` is an exclusive 0, `.min(1)` an inclusive 1. */
function numberBounds(field: z.ZodNumber): Pick<SettingInfo, 'min' | 'max'> {
  const bounds: Pick<SettingInfo, 'min' | 'max'> = {};
  for (const check of field.def.checks ?? []) {
    const def = check._zod.def as { check: string; value?: unknown; inclusive?: boolean };
    if (typeof def.value !== 'number') continue;
    const bound = { value: def.value, inclusive: def.inclusive ?? true };
    if (def.check === 'greater_than') bounds.min = bound;
    if (def.check === 'less_than') bounds.max = bound;
  }
  return bounds;
}

/** "1 – 20", "> 0 – 10080", "≤ 100 characters": the range as IT reads it. */
export function rangeText(info: SettingInfo): string {
  const unit = info.kind === 'string' ? ' characters' : '';
  const low = info.min && (info.min.inclusive ? `${info.min.value}` : `> ${info.min.value}`);
  const high = info.max && (info.max.inclusive ? `${info.max.value}` : `< ${info.max.value}`);
  if (low !== undefined && high !== undefined) return `${low} – ${high}${unit}`;
  if (low !== undefined) return info.min!.inclusive ? `≥ ${low}${unit}` : `${low}${unit}`;
  if (high !== undefined) return info.max!.inclusive ? `≤ ${high}${unit}` : `${high}${unit}`;
  return '';
}
