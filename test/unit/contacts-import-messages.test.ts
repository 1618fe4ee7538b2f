import { describe, expect, it } from 'vitest';
import {
  ImportFileError,
  parseContactsFile,
  previewContactsFile,
  type ImportOptions,
} from '../../main/core/contacts/import/import-file.ts';
import { importMessage, importMessageText } from '../../main/core/contacts/import/messages.ts';
import { IMPORT_MESSAGE_CODES, type ImportMessage, type ImportMessageCode } from '../../main/core/ipc/contacts-wire.ts';
import en from '../../renderer/src/i18n/en.json' with { type: 'json' };
import zh from '../../renderer/src/i18n/zh.json' with { type: 'json' };
import { createI18n } from '../../renderer/src/i18n/index.ts';
import { translateImportMessage } from '../../renderer/src/import-message.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

const read = (input: number[] | string, options: Partial<ImportOptions> = {}) =>
  parseContactsFile(typeof input === 'string' ? utf8(input) : Uint8Array.from(input), {
    fileName: 'contacts.csv',
    defaultRegion: 'US',
    ...options,
  });

/** The first message with `code` that the importer gives for a file, on any row. */
function fromRows(code: ImportMessageCode, text: string, options: Partial<ImportOptions> = {}): ImportMessage {
  const plan = read(text, options);
  const found = plan.rows.flatMap((row) => [row.reason, ...row.warnings]).find((message) => message?.code === code);
  if (!found) throw new Error(`no ${code} among ${JSON.stringify(plan.rows)}`);
  return found;
}

function refusal(run: () => unknown): ImportMessage {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportFileError) return error.detail;
    throw error;
  }
  throw new Error('expected an ImportFileError');
}

const phoneCell = (value: string) => `Name,Phone\nA,"${value}"\n`;
const vcard = (...lines: string[]) => ['BEGIN:VCARD', ...lines, 'END:VCARD', ''].join('\n');
const columns = (count: number) => Array.from({ length: count }, (_, i) => `Field ${i + 1}`).join(',');

/** One message per code, each from a file that really produces it. */
const SAMPLES: Record<ImportMessageCode, () => ImportMessage> = {
  noPhoneOrEmail: () => fromRows('noPhoneOrEmail', phoneCell('call me')),
  duplicatePhone: () => fromRows('duplicatePhone', 'Name,Phone\nA,+12015550123\nB,(201) 555-0123\n'),
  duplicateEmail: () => fromRows('duplicateEmail', 'Name,Email\nA,a@example.com\nB,A@Example.com\n'),
  rowUnclosedQuote: () => fromRows('rowUnclosedQuote', 'Name,Phone\nA,"+12015550123"x\n'),
  cardMissingEnd: () => fromRows('cardMissingEnd', 'BEGIN:VCARD\nFN:A\nTEL:+12015550123\n'),
  cardEndWithoutBegin: () => fromRows('cardEndWithoutBegin', `FN:A\nEND:VCARD\n${vcard('FN:B')}`, { fileName: 'a.vcf' }),
  phoneEmpty: () => fromRows('phoneEmpty', vcard('FN:A', 'TEL:', 'EMAIL:a@example.com')),
  phoneTooLong: () => fromRows('phoneTooLong', phoneCell('1'.repeat(65))),
  phoneNotPossible: () => fromRows('phoneNotPossible', phoneCell('4923121391234567@c.us')),
  phoneWhatsAppLid: () => fromRows('phoneWhatsAppLid', phoneCell('123456789012345@lid')),
  phoneNotANumber: () => fromRows('phoneNotANumber', phoneCell('call me')),
  phoneInvalidInternational: () => fromRows('phoneInvalidInternational', phoneCell('+86 123')),
  phoneInvalidForRegion: () => fromRows('phoneInvalidForRegion', phoneCell('12345'), { defaultRegion: 'CN' }),
  emailInvalid: () => fromRows('emailInvalid', 'Name,Email\nA,not-an-email\n'),
  nameTruncated: () => fromRows('nameTruncated', `Name,Phone\n${'x'.repeat(300)},+12015550123\n`),
  organizationTruncated: () => fromRows('organizationTruncated', `Name,Phone,Company\nA,+12015550123,${'o'.repeat(300)}\n`),
  noteTruncated: () => fromRows('noteTruncated', `Name,Phone,Notes\nA,+12015550123,${'n'.repeat(4100)}\n`),
  tooManyPhones: () =>
    fromRows('tooManyPhones', phoneCell(Array.from({ length: 21 }, (_, i) => `+1201555${String(100 + i).padStart(4, '0')}`).join(';'))),
  tooManyEmails: () =>
    fromRows('tooManyEmails', `Name,Email\nA,"${Array.from({ length: 21 }, (_, i) => `a${i}@example.com`).join(';')}"\n`),
  extraFields: () => fromRows('extraFields', 'Name,Phone\nA,+12015550123,extra\n'),
  unreadableLines: () => fromRows('unreadableLines', vcard('FN:A', 'TEL:+12015550123', 'no colon here')),
  charsetUnknown: () => fromRows('charsetUnknown', vcard('FN;CHARSET=X-NOPE;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0', 'TEL:+12015550123')),
  valueUndecodable: () => fromRows('valueUndecodable', vcard('FN;ENCODING=QUOTED-PRINTABLE:=00', 'TEL:+12015550123')),
  moreWarnings: () => fromRows('moreWarnings', phoneCell(Array.from({ length: 25 }, (_, i) => `bad-${i}`).join(';'))),
  // Through the preview, which refuses what the import would.
  fileEmpty: () => refusal(() => previewContactsFile(utf8('\n \n'), { fileName: 'contacts.csv' })),
  fileTooLarge: () => refusal(() => read(`Name,Phone\n${'A,+12015550123\n'.repeat(100)}`, { maxBytes: 1024 })),
  fileZip: () => refusal(() => read([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])),
  fileXls: () => refusal(() => read([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1])),
  filePdf: () => refusal(() => read('%PDF-1.7\n')),
  fileBinary: () => refusal(() => read([0x41, 0x00, 0x42, 0x43, 0x00, 0x00, 0x01])),
  fileBadUtf8: () => refusal(() => read([0xef, 0xbb, 0xbf, 0xc3, 0x28])),
  fileUnknownEncoding: () => refusal(() => read([0x41, 0x81, 0x0a])),
  notVcard: () => refusal(() => read('Name,Phone\nA,+12015550123\n', { fileName: 'contacts.vcf' })),
  headerUnclosedQuote: () => refusal(() => read('"Name,Phone\nA,+12015550123\n')),
  tooManyRows: () => refusal(() => read('Name,Phone\nA,+12015550123\nB,+12015550124\n', { maxRows: 1 })),
  tooManyCards: () => refusal(() => read(vcard('FN:A') + vcard('FN:B'), { maxRows: 1 })),
  mappingWithoutPhoneOrEmail: () => refusal(() => read('Name,Tel\nA,1\n', { mapping: { name: 'Name' } })),
  mappingColumnMissing: () => refusal(() => read('Name,Tel\nA,1\n', { mapping: { phones: ['Mobile'] } })),
  mappingColumnMissingAndMore: () => refusal(() => read(`${columns(25)}\n`, { mapping: { phones: ['Mobile'] } })),
  noPhoneOrEmailColumn: () => refusal(() => read('Name,City\nAlice,Paris\n')),
  noPhoneOrEmailColumnAndMore: () => refusal(() => read(`${columns(25)}\n`)),
};

const samples = IMPORT_MESSAGE_CODES.map((code) => ({ code, message: SAMPLES[code]() }));

type Tree = { [key: string]: string | Tree };
const templates: Record<'en' | 'zh', Tree> = { en: en.contacts.message, zh: zh.contacts.message };

/** The code a template is for: plural forms ("unreadableLines_one", "_other") share one. */
const codeOf = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

function templatesOf(language: 'en' | 'zh', code: ImportMessageCode): string[] {
  return Object.entries(templates[language])
    .filter(([key]) => codeOf(key) === code)
    .map(([, text]) => String(text));
}

const placeholders = (text: string) => [...new Set([...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]))].sort();

describe('import messages', () => {
  it('come from the importer with the code each sample expects', () => {
    for (const { code, message } of samples) expect(message.code, code).toBe(code);
  });

  it('have an English and a Chinese template for every code, and no template for anything else', () => {
    for (const language of ['en', 'zh'] as const) {
      const codes = new Set(Object.keys(templates[language]).map(codeOf));
      expect([...codes].sort(), language).toEqual([...IMPORT_MESSAGE_CODES].sort());
    }
  });

  it('use in their templates exactly the params the importer gives', () => {
    for (const { code, message } of samples) {
      for (const language of ['en', 'zh'] as const) {
        const forms = templatesOf(language, code);
        expect(forms.length, `${language} ${code}`).toBeGreaterThan(0);
        for (const form of forms) expect(placeholders(form), `${language} ${code}`).toEqual(Object.keys(message.params).sort());
      }
    }
  });

  it('read in English in the UI exactly as in the logs', () => {
    const { t } = createI18n('en');
    const plural = [importMessage('unreadableLines', { count: 1 }), importMessage('unreadableLines', { count: 3 })];
    for (const message of [...samples.map((sample) => sample.message), ...plural]) {
      expect(translateImportMessage(t, message), message.code).toBe(importMessageText(message));
    }
  });

  it('read in Chinese with every value in place', () => {
    const { t } = createI18n('zh');
    for (const { code, message } of samples) {
      const text = translateImportMessage(t, message);
      expect(text, code).not.toContain('{{');
      expect(text, code).toMatch(/\p{Script=Han}/u);
      for (const value of Object.values(message.params)) expect(text, code).toContain(String(value));
    }
  });

  it('put values in as text, never as templates or markup', () => {
    const value = '{{region}} $t(contacts.title) <b>x</b>';
    const message = importMessage('phoneNotANumber', { value });
    expect(translateImportMessage(createI18n('en').t, message)).toBe(`phone '${value}' is not a phone number: dropped`);
    expect(translateImportMessage(createI18n('zh').t, message)).toBe(`“${value}”不是电话号码，未导入`);
  });

  it('keep the English sentences the logs have always read', () => {
    expect(importMessageText(importMessage('duplicatePhone', { line: 12, phone: '+15551234567' }))).toBe(
      'duplicate of line 12 (same phone +15551234567)',
    );
    expect(importMessageText(importMessage('phoneInvalidForRegion', { value: '555-0100', region: 'US' }))).toBe(
      "phone '555-0100' is not a valid number for region US: dropped",
    );
    expect(importMessageText(importMessage('cardMissingEnd'))).toBe('malformed card: missing END:VCARD');
    expect(importMessageText(importMessage('unreadableLines', { count: 1 }))).toBe('1 unreadable line was ignored');
    expect(importMessageText(importMessage('unreadableLines', { count: 2 }))).toBe('2 unreadable lines were ignored');
    expect(importMessageText(importMessage('noPhoneOrEmailColumnAndMore', { columns: 'A, B', more: 5 }))).toBe(
      "No phone or email column was found in the file's header. Columns found: A, B and 5 more.",
    );
    expect(importMessageText(SAMPLES.fileTooLarge())).toBe('The file is 2 KB; files up to 1 KB can be imported.');
  });

  it('word every phone refusal as the logs read it', () => {
    expect(samples.filter(({ code }) => code.startsWith('phone')).map(({ message }) => importMessageText(message))).toEqual([
      "phone '' is empty: dropped",
      `phone '${'1'.repeat(57)}...' is longer than 64 characters: dropped`,
      "phone '4923121391234567@c.us' is not a possible number: dropped",
      "phone '123456789012345@lid' is a WhatsApp private id (LID), not a phone number: dropped",
      "phone 'call me' is not a phone number: dropped",
      "phone '+86 123' is not a valid international number: dropped",
      "phone '12345' is not a valid number for region CN: dropped",
    ]);
  });
});
