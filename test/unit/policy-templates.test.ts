import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { plistSourceRead } from '../../main/core/config/policy-sources/plist.ts';
import { POLICY_REGISTRY_PATH } from '../../main/core/config/policy-sources/registry.ts';
import { BUNDLE_ID, gatherPolicy } from '../../main/core/config/policy-sources/sources.ts';
import { resolveConfig } from '../../main/core/config/policy.ts';
import { settingsInfo } from '../../main/core/config/schema-info.ts';
import { policyTemplateFiles, SAMPLE_PROFILE_POLICY, settingsReferenceFile } from '../../scripts/policy/generate.ts';

const root = join(import.meta.dirname, '..', '..');
const committed = (path: string) => readFileSync(join(root, path), 'utf8');
const schemaKeys = settingsInfo()
  .map((info) => info.path)
  .sort();

/** Parses XML, failing on any error or warning: a template Windows cannot load is no template. */
function parseXml(text: string, name: string) {
  const errors: string[] = [];
  const document = new DOMParser({ onError: (level, message) => void errors.push(`${level}: ${message}`) }).parseFromString(
    text,
    'text/xml',
  );
  expect(errors, name).toEqual([]);
  return document;
}

const elements = (parent: { getElementsByTagName(name: string): ArrayLike<Element> }, name: string) =>
  Array.from(parent.getElementsByTagName(name));

describe('generated files are current', () => {
  it.each([...policyTemplateFiles(), settingsReferenceFile()].map((file) => [file.path, file.content]))(
    '%s matches the schema (npm run policy:templates / docs:settings)',
    (path, content) => {
      expect(committed(path)).toBe(content);
    },
  );

  it('the settings reference has one row per schema key', () => {
    const rows = [...committed('docs/SETTINGS.md').matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]);
    expect(rows.sort()).toEqual(schemaKeys);
  });
});

describe('the ADMX template', () => {
  const admx = parseXml(committed('resources/policy/WaContinuityKiosk.admx'), 'admx');
  const policies = elements(admx, 'policy');

  /** "section.key" of each policy, from the registry key and value it writes. */
  function keysWritten(level: 'enforced' | 'recommended'): string[] {
    const prefix = level === 'enforced' ? `${POLICY_REGISTRY_PATH}\\` : `${POLICY_REGISTRY_PATH}\\Recommended\\`;
    return policies
      .filter((policy) => {
        const key = policy.getAttribute('key') ?? '';
        return key.startsWith(prefix) && !key.slice(prefix.length).includes('\\');
      })
      .map((policy) => {
        const valueName =
          policy.getAttribute('valueName') ?? elements(policy, 'elements')[0]?.getElementsByTagName('*')[0]?.getAttribute('valueName');
        return `${policy.getAttribute('key')!.slice(prefix.length)}.${valueName}`;
      })
      .sort();
  }

  it("lists exactly the schema's keys, each once enforced and once recommended", () => {
    expect(keysWritten('enforced')).toEqual(schemaKeys);
    expect(keysWritten('recommended')).toEqual(schemaKeys);
    expect(policies).toHaveLength(2 * schemaKeys.length);
  });

  it('bounds each number as the schema does', () => {
    const decimal = (id: string) => elements(admx, 'decimal').find((element) => element.getAttribute('id') === id);
    expect(decimal('health_probeIntervalMs')?.getAttribute('minValue')).toBe('250');
    expect(decimal('health_probeIntervalMs')?.getAttribute('maxValue')).toBe('60000');
  });

  it.each(['en-US', 'zh-CN'])('resolves every string and presentation in the %s ADML', (language) => {
    const adml = parseXml(committed(`resources/policy/${language}/WaContinuityKiosk.adml`), language);
    const strings = new Map(elements(adml, 'string').map((element) => [element.getAttribute('id'), element.textContent]));
    const presentations = new Set(elements(adml, 'presentation').map((element) => element.getAttribute('id')));
    const text = committed('resources/policy/WaContinuityKiosk.admx');
    const stringRefs = [...text.matchAll(/\$\(string\.([^)]+)\)/g)].map((match) => match[1]);
    const presentationRefs = [...text.matchAll(/\$\(presentation\.([^)]+)\)/g)].map((match) => match[1]);
    expect(stringRefs.filter((ref) => !strings.has(ref!))).toEqual([]);
    expect(presentationRefs.filter((ref) => !presentations.has(ref!))).toEqual([]);
    if (language === 'zh-CN') expect(strings.get('general_whatsappUrl_explain')).toContain('信息亭打开的 WhatsApp Web 地址');
  });
});

describe('the sample configuration profile', () => {
  it('carries a policy the kiosk reads without a problem, under our bundle id', () => {
    const profile = committed('resources/policy/WaContinuityKiosk.mobileconfig');
    parseXml(profile, 'mobileconfig');
    const payload = /<key>PayloadContent<\/key>\s*<array>([\s\S]*)<\/array>/.exec(profile)![1]!;
    expect(payload).toContain(`<string>${BUNDLE_ID}</string>`);
    const read = plistSourceRead(new TextEncoder().encode(`<plist version="1.0">${payload}</plist>`), 'profile');
    expect(read).toMatchObject({ kind: 'document', problems: [] });
    const source = { name: 'profile', read: () => read };
    const config = resolveConfig({ policyText: gatherPolicy([source]).policyText });
    expect(config.problems).toEqual([]);
    expect(config.settings.updates.feedUrl).toBe(SAMPLE_PROFILE_POLICY.enforced.updates.feedUrl);
    expect([...config.locked].sort()).toEqual(['backups.restoreAllowed', 'general.whatsappUrl', 'updates.channel', 'updates.feedUrl']);
  });
});

describe('any section', () => {
  it('gets templates and a reference, whatever its fields (another team adds sections to the schema)', () => {
    const extra = z
      .object({
        rules: z
          .array(z.object({ from: z.string(), to: z.string() }))
          .default([{ from: 'a', to: 'b' }])
          .describe('Routing rules.'),
        mode: z.union([z.literal('a'), z.int()]).default('a'),
        share: z.number().min(0).max(1).default(0.5),
      })
      .strict();
    const infos = settingsInfo({ extra });
    expect(infos.map((info) => [info.path, info.kind])).toEqual([
      ['extra.rules', 'list'],
      ['extra.mode', 'json'],
      ['extra.share', 'number'],
    ]);
    const [admx, en, zh] = policyTemplateFiles(infos).map((file) => parseXml(file.content, file.path));
    expect(elements(admx!, 'policy')).toHaveLength(6);
    expect(elements(en!, 'string').find((element) => element.getAttribute('id') === 'extra_rules_explain')?.textContent).toContain(
      'Routing rules.',
    );
    expect(elements(zh!, 'presentation')).toHaveLength(3);
    expect(settingsReferenceFile(infos).content).toContain('| `extra.mode` | json | `a` |');
  });
});
