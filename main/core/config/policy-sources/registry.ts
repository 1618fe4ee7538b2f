import { Access, closeKey, enumKeyNames, enumValueNames, HKEY, openKey, parseValue, queryValueRaw, type ParsedValue } from 'native-reg';
import { settingsInfo, type SettingInfo } from '../schema-info.ts';
import { documentFromEntries, type PolicyEntry, type PolicySource, type SourceRead } from './document.ts';

/**
 * Windows Group Policy. The ADMX templates (scripts/policy-templates.ts) write each setting as
 * `<root>\<section>` value `<key>` (enforced) or `<root>\Recommended\<section>` value `<key>`
 * (a default the agent may change), HKLM for the machine, HKCU for a user; HKLM wins.
 */
export const POLICY_REGISTRY_PATH = 'SOFTWARE\\Policies\\WaContinuityKiosk';
export const RECOMMENDED_SUBKEY = 'Recommended';

export type RegistryHive = 'HKEY_LOCAL_MACHINE' | 'HKEY_CURRENT_USER';
export type RegistryType = 'REG_SZ' | 'REG_EXPAND_SZ' | 'REG_DWORD' | 'REG_QWORD' | 'REG_MULTI_SZ' | 'REG_BINARY' | 'REG_OTHER';

/** One registry value, from the live registry or from a `reg export` file alike. */
export interface RegistryValue {
  /** The full key path, e.g. HKEY_LOCAL_MACHINE\SOFTWARE\Policies\WaContinuityKiosk\general. */
  key: string;
  name: string;
  type: RegistryType;
  data: string | number | bigint | string[] | Uint8Array;
}

/**
 * Maps registry values below `root` onto policy entries. The registry has no booleans or
 * lists of its own kind: a DWORD 0/1 is a boolean where the schema says so, a REG_SZ holding a
 * number is that number (ADMX has no element for fractions), and any other shape is JSON text. Names are matched without case, as
 * the registry does. Anything else is passed on as it is, for the schema check to refuse.
 */
export function registryEntries(values: readonly RegistryValue[], root: string, problems: string[]): PolicyEntry[] {
  const settings = settingsInfo();
  const known = new Map(settings.map((info) => [info.path.toLowerCase(), info]));
  const sections = new Map(settings.map((info) => [info.section.toLowerCase(), info.section]));
  const prefix = `${root.toLowerCase()}\\`;
  const entries: PolicyEntry[] = [];
  for (const value of values) {
    const below = value.key.toLowerCase().startsWith(prefix) ? value.key.slice(prefix.length).split('\\') : [];
    const recommended = below.length === 2 && below[0]!.toLowerCase() === RECOMMENDED_SUBKEY.toLowerCase();
    const sectionName = recommended ? below[1]! : below.length === 1 ? below[0]! : undefined;
    if (sectionName === undefined) {
      problems.push(`${value.key}\\${value.name} is not a policy setting; ignored`);
      continue;
    }
    const section = sections.get(sectionName.toLowerCase()) ?? sectionName;
    const info = known.get(`${section}.${value.name}`.toLowerCase());
    entries.push({
      level: recommended ? 'defaults' : 'enforced',
      section,
      key: info?.key ?? value.name,
      value: info ? asSchemaValue(value, info) : value.data,
    });
  }
  return entries;
}

function asSchemaValue({ type, data }: RegistryValue, info: SettingInfo): unknown {
  const integral = type === 'REG_DWORD' || type === 'REG_QWORD';
  const text = type === 'REG_SZ' || type === 'REG_EXPAND_SZ';
  switch (info.kind) {
    case 'boolean':
      return integral && (Number(data) === 0 || Number(data) === 1) ? Number(data) === 1 : data;
    case 'integer':
    case 'number':
      if (integral) return Number(data);
      return text && /^\s*-?\d+(\.\d+)?\s*$/.test(data as string) ? Number(data) : data;
    case 'json':
      return text ? parseJson(data as string) : data;
    default:
      return data;
  }
}

/** A value the registry cannot hold as such is JSON text; text that is not JSON goes on as text, for the schema to refuse. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A `reg export` file (UTF-16 with a byte-order mark and CRLF, as reg.exe writes it; REGEDIT4 in ANSI too). */
export function parseRegExport(bytes: Uint8Array): RegistryValue[] {
  const text = decodeExport(bytes);
  const lines = joinContinuations(text.split(/\r?\n/));
  const header = lines.shift()?.trim();
  if (header !== 'Windows Registry Editor Version 5.00' && header !== 'REGEDIT4') {
    throw new Error('not a registry export: it must start with "Windows Registry Editor Version 5.00"');
  }
  const values: RegistryValue[] = [];
  let key: string | null = null;
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';')) continue;
    if (line.startsWith('[')) {
      // "[-key]" deletes a key: nothing to read there.
      key = line.endsWith(']') && !line.startsWith('[-') ? line.slice(1, -1) : null;
      continue;
    }
    if (key === null || line.startsWith('@=')) continue;
    const parsed = parseValueLine(line);
    if (parsed === null) throw new Error(`registry export line ${index + 2} cannot be read: ${line.slice(0, 80)}`);
    if (parsed !== 'deleted') values.push({ key, ...parsed });
  }
  return values;
}

function decodeExport(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

/**
 * reg.exe wraps long hex data at about 80 columns: a line ending in "\" goes on in the next one
 * (a string value always ends in a quote, so this is never a string's last character).
 */
function joinContinuations(lines: string[]): string[] {
  const out: string[] = [];
  let pending = '';
  for (const line of lines) {
    const joined = (pending + (pending ? line.trim() : line)).trimEnd();
    if (joined.endsWith('\\')) pending = joined.slice(0, -1);
    else {
      out.push(joined);
      pending = '';
    }
  }
  if (pending) out.push(pending);
  return out;
}

function parseValueLine(line: string): Omit<RegistryValue, 'key'> | 'deleted' | null {
  const name = /^"((?:[^"\\]|\\.)*)"=(.*)$/.exec(line);
  if (!name) return null;
  const valueName = unescape(name[1]!);
  const data = name[2]!;
  if (data === '-') return 'deleted';
  const string = /^"((?:[^"\\]|\\.)*)"$/.exec(data);
  if (string) return { name: valueName, type: 'REG_SZ', data: unescape(string[1]!) };
  const dword = /^dword:([0-9a-fA-F]{8})$/.exec(data);
  if (dword) return { name: valueName, type: 'REG_DWORD', data: parseInt(dword[1]!, 16) };
  const hex = /^hex(?:\(([0-9a-fA-F]+)\))?:([0-9a-fA-F,\s]*)$/.exec(data);
  if (!hex) return null;
  const bytes = Uint8Array.from(
    hex[2]!
      .split(',')
      .map((byte) => byte.trim())
      .filter(Boolean)
      .map((byte) => parseInt(byte, 16)),
  );
  return { name: valueName, ...fromBytes(parseInt(hex[1] ?? '3', 16), bytes) };
}

function fromBytes(type: number, bytes: Uint8Array): Pick<RegistryValue, 'type' | 'data'> {
  const utf16 = () => new TextDecoder('utf-16le').decode(bytes);
  switch (type) {
    case 1:
      return { type: 'REG_SZ', data: utf16().replace(/\0+$/, '') };
    case 2:
      return { type: 'REG_EXPAND_SZ', data: utf16().replace(/\0+$/, '') };
    case 4:
      return { type: 'REG_DWORD', data: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true) };
    case 7:
      return { type: 'REG_MULTI_SZ', data: utf16().replace(/\0+$/, '').split('\0') };
    case 11:
      return { type: 'REG_QWORD', data: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(0, true) };
    case 3:
      return { type: 'REG_BINARY', data: bytes };
    default:
      return { type: 'REG_OTHER', data: bytes };
  }
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

const HIVES: Record<RegistryHive, HKEY> = { HKEY_LOCAL_MACHINE: HKEY.LOCAL_MACHINE, HKEY_CURRENT_USER: HKEY.CURRENT_USER };
const TYPE_NAMES: Record<number, RegistryType> = {
  1: 'REG_SZ',
  2: 'REG_EXPAND_SZ',
  3: 'REG_BINARY',
  4: 'REG_DWORD',
  7: 'REG_MULTI_SZ',
  11: 'REG_QWORD',
};

/**
 * The live registry through native-reg (in-process Win32 calls, Node-API prebuilds for Windows
 * in its package: no rebuild for Electron, nothing to build on Linux). Reads the 64-bit view,
 * where Group Policy writes. Only on Windows.
 */
function readLiveRegistry(hive: RegistryHive, path: string): RegistryValue[] | null {
  const values: RegistryValue[] = [];
  const walk = (subPath: string, depth: number): boolean => {
    const key = openKey(HIVES[hive], subPath, Access.READ | Access.WOW64_64KEY);
    if (key === null) return false;
    try {
      for (const name of enumValueNames(key)) {
        const raw = queryValueRaw(key, name);
        if (raw === null) continue;
        const data = parseValue(raw) as ParsedValue;
        values.push({ key: `${hive}\\${subPath}`, name, type: TYPE_NAMES[raw.type] ?? 'REG_OTHER', data });
      }
      if (depth < 2) for (const child of enumKeyNames(key)) walk(`${subPath}\\${child}`, depth + 1);
    } finally {
      closeKey(key);
    }
    return true;
  };
  return walk(path, 0) ? values : null;
}

/**
 * One hive's policy as a source. `readValues` is the live registry on Windows; tests give it a
 * `reg export` fixture: from there on the path is the same.
 */
export function registryPolicySource(
  hive: RegistryHive,
  readValues: (hive: RegistryHive, path: string) => RegistryValue[] | null = readLiveRegistry,
): PolicySource {
  const root = `${hive}\\${POLICY_REGISTRY_PATH}`;
  return {
    name: root,
    read(): SourceRead {
      let values: RegistryValue[] | null;
      try {
        values = readValues(hive, POLICY_REGISTRY_PATH);
      } catch (error) {
        return { kind: 'error', error: `cannot read ${root}: ${(error as Error).message}` };
      }
      if (values === null) return { kind: 'absent' };
      const problems: string[] = [];
      const document = documentFromEntries(registryEntries(values, root, problems));
      return { kind: 'document', document, problems };
    },
  };
}
