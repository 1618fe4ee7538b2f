// IT's documents, generated from the settings schema (main/core/config/schema.ts) so that they
// can never drift from what the kiosk accepts: the Group Policy templates (ADMX with English and
// Chinese ADML), a sample macOS configuration profile and the settings reference. Tests compare
// the committed files with what these functions give (test/unit/policy-templates.test.ts).
import { join } from 'node:path';
import { build } from 'plist';
import { POLICY_REGISTRY_PATH, RECOMMENDED_SUBKEY } from '../../main/core/config/policy-sources/registry.ts';
import { BUNDLE_ID } from '../../main/core/config/policy-sources/sources.ts';
import { rangeText, settingsInfo, type SettingInfo } from '../../main/core/config/schema-info.ts';

const PRODUCT = 'WhatsApp Continuity Kiosk';
const NAMESPACE = 'WaContinuityKiosk.Policies';
const FILE_BASE = 'WaContinuityKiosk';
const HEADER_NOTE = 'Generated from main/core/config/schema.ts by `npm run policy:templates`: do not edit by hand.';

type Language = 'en-US' | 'zh-CN';

/** Where each generated file goes, relative to the repository root, and its content. */
export function policyTemplateFiles(settings: SettingInfo[] = settingsInfo()): { path: string; content: string }[] {
  return [
    { path: join('resources', 'policy', `${FILE_BASE}.admx`), content: admx(settings) },
    { path: join('resources', 'policy', 'en-US', `${FILE_BASE}.adml`), content: adml(settings, 'en-US') },
    { path: join('resources', 'policy', 'zh-CN', `${FILE_BASE}.adml`), content: adml(settings, 'zh-CN') },
    { path: join('resources', 'policy', `${FILE_BASE}.mobileconfig`), content: sampleMobileconfig() },
  ];
}

export function settingsReferenceFile(settings: SettingInfo[] = settingsInfo()): { path: string; content: string } {
  return { path: join('docs', 'SETTINGS.md'), content: settingsReference(settings) };
}

/** Each setting is two policies: enforced (locked) and recommended (a default the agent may change). */
const LEVELS = [
  { suffix: '', category: (section: string) => section, key: (section: string) => `${POLICY_REGISTRY_PATH}\\${section}` },
  {
    suffix: '_recommended',
    category: (section: string) => `${section}_recommended`,
    key: (section: string) => `${POLICY_REGISTRY_PATH}\\${RECOMMENDED_SUBKEY}\\${section}`,
  },
] as const;

const id = (info: SettingInfo) => `${info.section}_${info.key}`;

function registryType(info: SettingInfo): string {
  switch (info.kind) {
    case 'boolean':
      return 'REG_DWORD (1 = true, 0 = false)';
    case 'integer':
      return 'REG_DWORD';
    case 'list':
      return 'REG_MULTI_SZ';
    case 'json':
      return 'REG_SZ (JSON)';
    default:
      return 'REG_SZ';
  }
}

function admx(settings: SettingInfo[]): string {
  const sections = [...new Set(settings.map((info) => info.section))];
  const categories = sections.flatMap((section) => [
    `    <category name="${section}" displayName="$(string.cat_${section})"><parentCategory ref="${FILE_BASE}" /></category>`,
    `    <category name="${section}_recommended" displayName="$(string.cat_${section})"><parentCategory ref="${FILE_BASE}_recommended" /></category>`,
  ]);
  const policies = settings.flatMap((info) => LEVELS.map((level) => admxPolicy(info, level)));
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<!-- ${HEADER_NOTE} -->`,
    '<policyDefinitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">',
    '  <policyNamespaces>',
    `    <target prefix="wakiosk" namespace="${NAMESPACE}" />`,
    '  </policyNamespaces>',
    '  <resources minRequiredRevision="1.0" />',
    '  <supportedOn>',
    '    <definitions>',
    `      <definition name="SUPPORTED_${FILE_BASE}" displayName="$(string.SUPPORTED_${FILE_BASE})" />`,
    '    </definitions>',
    '  </supportedOn>',
    '  <categories>',
    `    <category name="${FILE_BASE}" displayName="$(string.${FILE_BASE})" />`,
    `    <category name="${FILE_BASE}_recommended" displayName="$(string.${FILE_BASE}_recommended)" />`,
    ...categories,
    '  </categories>',
    '  <policies>',
    ...policies,
    '  </policies>',
    '</policyDefinitions>',
    '',
  ].join('\n');
}

function admxPolicy(info: SettingInfo, level: (typeof LEVELS)[number]): string {
  const name = `${id(info)}${level.suffix}`;
  const common = `class="Both" displayName="$(string.${id(info)})" explainText="$(string.${id(info)}_explain)" key="${level.key(info.section)}"`;
  const parents = [`      <parentCategory ref="${level.category(info.section)}" />`, `      <supportedOn ref="SUPPORTED_${FILE_BASE}" />`];
  if (info.kind === 'boolean') {
    // Enabled locks (or recommends) true, Disabled false; Not configured leaves the key alone.
    return [
      `    <policy name="${name}" ${common} valueName="${info.key}">`,
      ...parents,
      '      <enabledValue><decimal value="1" /></enabledValue>',
      '      <disabledValue><decimal value="0" /></disabledValue>',
      '    </policy>',
    ].join('\n');
  }
  return [
    `    <policy name="${name}" ${common} presentation="$(presentation.${id(info)})">`,
    ...parents,
    '      <elements>',
    `        ${admxElement(info)}`,
    '      </elements>',
    '    </policy>',
  ].join('\n');
}

function admxElement(info: SettingInfo): string {
  const attributes = `id="${id(info)}" valueName="${info.key}" required="true"`;
  switch (info.kind) {
    case 'integer': {
      const min = info.min ? info.min.value + (info.min.inclusive ? 0 : 1) : 0;
      const max = info.max ? info.max.value - (info.max.inclusive ? 0 : 1) : 2 ** 32 - 1;
      return `<decimal ${attributes} minValue="${min}" maxValue="${max}" />`;
    }
    case 'enum':
      return [
        `<enum ${attributes}>`,
        ...(info.options ?? []).map(
          (option) => `          <item displayName="$(string.${id(info)}_${option})"><value><string>${xml(option)}</string></value></item>`,
        ),
        '        </enum>',
      ].join('\n');
    case 'list':
      return `<multiText ${attributes} />`;
    default:
      return `<text ${attributes} maxLength="${info.max?.value ?? 2048}" />`;
  }
}

const WORDS: Record<Language, Record<string, string>> = {
  'en-US': {
    title: `${PRODUCT} policies`,
    description: `Settings of the ${PRODUCT}, locked (enforced) or recommended (the agent may change them).`,
    recommended: `${PRODUCT} (recommended: the agent may change these)`,
    supported: `${PRODUCT}, every version that knows the setting`,
    type: 'Type',
    default: 'Default',
    range: 'Range',
    values: 'Values',
    registry: 'Registry',
    none: 'none',
    listNote: 'One value per line.',
  },
  'zh-CN': {
    title: `${PRODUCT} 策略`,
    description: `${PRODUCT} 的设置：强制（锁定）或推荐（坐席可以更改）。`,
    recommended: `${PRODUCT}（推荐：坐席可以更改）`,
    supported: `${PRODUCT}，所有认识该设置的版本`,
    type: '类型',
    default: '默认值',
    range: '范围',
    values: '可选值',
    registry: '注册表',
    none: '无',
    listNote: '每行一个值。',
  },
};

function adml(settings: SettingInfo[], language: Language): string {
  const words = WORDS[language];
  const sections = [...new Set(settings.map((info) => info.section))];
  const strings = [
    [FILE_BASE, PRODUCT],
    [`${FILE_BASE}_recommended`, words.recommended],
    [`SUPPORTED_${FILE_BASE}`, words.supported],
    ...sections.map((section) => [`cat_${section}`, section]),
    ...settings.flatMap((info) => [
      [id(info), info.path],
      [`${id(info)}_explain`, explain(info, language)],
      ...(info.options ?? []).map((option) => [`${id(info)}_${option}`, option]),
    ]),
  ];
  const presentations = settings.filter((info) => info.kind !== 'boolean').map((info) => presentation(info, words));
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<!-- ${HEADER_NOTE} -->`,
    '<policyDefinitionResources xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="http://schemas.microsoft.com/GroupPolicy/2006/07/PolicyDefinitions">',
    `  <displayName>${xml(words.title!)}</displayName>`,
    `  <description>${xml(words.description!)}</description>`,
    '  <resources>',
    '    <stringTable>',
    ...strings.map(([key, text]) => `      <string id="${key}">${xml(text!)}</string>`),
    '    </stringTable>',
    '    <presentationTable>',
    ...presentations,
    '    </presentationTable>',
    '  </resources>',
    '</policyDefinitionResources>',
    '',
  ].join('\n');
}

function presentation(info: SettingInfo, words: Record<string, string>): string {
  const label = xml(info.path);
  const box = (() => {
    switch (info.kind) {
      case 'integer':
        return `<decimalTextBox refId="${id(info)}" defaultValue="${typeof info.defaultValue === 'number' ? info.defaultValue : 0}" spinStep="1">${label}</decimalTextBox>`;
      case 'enum': {
        const index = Math.max(0, (info.options ?? []).indexOf(String(info.defaultValue)));
        return `<dropdownList refId="${id(info)}" noSort="true" defaultItem="${index}">${label}</dropdownList>`;
      }
      case 'list':
        return `<multiTextBox refId="${id(info)}">${label} (${xml(words.listNote!)})</multiTextBox>`;
      default: {
        const text = info.kind === 'json' ? JSON.stringify(info.defaultValue) : defaultText(info);
        const value = text === undefined ? '' : `<defaultValue>${xml(text)}</defaultValue>`;
        return `<textBox refId="${id(info)}"><label>${label}</label>${value}</textBox>`;
      }
    }
  })();
  return `      <presentation id="${id(info)}">${box}</presentation>`;
}

function explain(info: SettingInfo, language: Language): string {
  const words = WORDS[language];
  const description = language === 'zh-CN' ? (info.descriptionZh ?? info.description) : info.description;
  const lines = [
    description,
    '',
    `${words.type}: ${info.kind}`,
    `${words.default}: ${defaultText(info) ?? words.none}`,
    ...(rangeText(info) ? [`${words.range}: ${rangeText(info)}`] : []),
    ...(info.options ? [`${words.values}: ${info.options.join(', ')}`] : []),
    `${words.registry}: ${info.key} (${registryType(info)})`,
  ];
  return lines.join('\n');
}

function defaultText(info: SettingInfo): string | undefined {
  const value = info.defaultValue;
  if (value === undefined) return undefined;
  if (Array.isArray(value) && value.every((item) => typeof item !== 'object')) return value.join(', ') || '(empty)';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * A sample configuration profile: its one payload's type is our bundle id, so macOS files its
 * keys (`enforced`, `defaults`, as in the policy file) under /Library/Managed Preferences.
 * The identifiers are fixed so the file stays the same; IT gives its own profile new UUIDs.
 */
export const SAMPLE_PROFILE_POLICY = {
  enforced: {
    general: { whatsappUrl: 'https://web.whatsapp.com/' },
    backups: { restoreAllowed: false },
    updates: { feedUrl: 'https://updates.example.com/wa-kiosk/', channel: 'stable' },
  },
  defaults: { general: { language: 'zh' } },
};

function sampleMobileconfig(): string {
  const profile = {
    PayloadContent: [
      {
        PayloadType: BUNDLE_ID,
        PayloadIdentifier: `${BUNDLE_ID}.policy`,
        PayloadUUID: '5B0E7A9C-3F1D-4E6A-9C2B-8D4F6A1E3C70',
        PayloadVersion: 1,
        PayloadDisplayName: `${PRODUCT} policy`,
        ...SAMPLE_PROFILE_POLICY,
      },
    ],
    PayloadDisplayName: `${PRODUCT} (sample)`,
    PayloadDescription: 'Locks the WhatsApp address, takes restore away from the kiosk, points updates at the IT feed.',
    PayloadIdentifier: `${BUNDLE_ID}.profile`,
    PayloadOrganization: 'Example IT',
    PayloadScope: 'System',
    PayloadType: 'Configuration',
    PayloadUUID: '0F6C2D8E-7A41-4B5F-A3E9-2C1D7B6E5F48',
    PayloadVersion: 1,
  };
  return `${build(profile)}\n`;
}

function settingsReference(settings: SettingInfo[]): string {
  const sections = [...new Set(settings.map((info) => info.section))];
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const code = (text: string | undefined) => (text === undefined || text === '' ? '—' : `\`${text}\``);
  return [
    '# Settings and policy reference',
    '',
    `<!-- ${HEADER_NOTE.replace('policy:templates', 'docs:settings')} -->`,
    '',
    'Every setting below can be given in four places; a later one wins, key by key:',
    '',
    '1. the built-in default (below);',
    '2. a **recommended** policy value (`defaults` in the policy file or profile, `…\\Recommended\\<section>` in the registry);',
    "3. the agent's own setting (`settings.json` in the user-data folder);",
    "4. an **enforced** policy value (`enforced` in the policy file or profile, `…\\<section>` in the registry): it is locked, the agent's setting is ignored and the kiosk's Settings panel shows a lock.",
    '',
    'Every setting is lockable. Policy sources, strongest first: Windows Group Policy (HKLM over HKCU, under',
    `\`${POLICY_REGISTRY_PATH}\`), macOS managed preferences (\`/Library/Managed Preferences/${BUNDLE_ID}.plist\` over the`,
    "user's), then the JSON policy file. An unknown key is ignored with a warning; a bad value is refused with a clear",
    'message and changes nothing (an enforced key then stays locked at its default).',
    '',
    ...sections.flatMap((section) => [
      `## \`${section}\``,
      '',
      '| Key | Type | Default | Range / values | Lockable | Registry value | What it does |',
      '|---|---|---|---|---|---|---|',
      ...settings
        .filter((info) => info.section === section)
        .map((info) =>
          [
            code(info.path),
            info.kind,
            code(defaultText(info)),
            cell(info.options ? info.options.map((option) => `\`${option}\``).join(', ') : rangeText(info) || '—'),
            'yes',
            `\`${info.key}\` ${registryType(info)}`,
            cell(info.description || '(no description yet)'),
          ].join(' | '),
        )
        .map((row) => `| ${row} |`),
      '',
    ]),
  ].join('\n');
}
