import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { EMPTY_CONTACT } from '../../main/core/contacts/merge.ts';
import type { ContactDraft } from '../../main/core/contacts/contact.ts';
import { contactsToCsv, contactsToVcard } from '../../main/core/contacts/export.ts';
import { decodeBytes } from '../../main/core/contacts/import/decode.ts';
import { ImportFileError, parseContactsFile, type ImportOptions, type ImportPlan } from '../../main/core/contacts/import/import-file.ts';
import { importMessageText } from '../../main/core/contacts/import/messages.ts';
import type { ContactRecord, RowReport } from '../../main/core/ipc/contacts-wire.ts';
import { isCountryCode, normalisePhone, type CountryCode, type PhoneRefusal } from '../../main/core/contacts/phone.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/contacts/${name}`, import.meta.url));
const utf8 = (text: string) => new TextEncoder().encode(text);

function importFixture(name: string, defaultRegion: CountryCode, options: Partial<ImportOptions> = {}): ImportPlan {
  return parseContactsFile(fixture(name), { fileName: name, defaultRegion, ...options });
}

function importText(text: string, options: Partial<ImportOptions> = {}): ImportPlan {
  return parseContactsFile(utf8(text), { fileName: 'contacts.csv', defaultRegion: 'US', ...options });
}

const draft = (fields: Partial<ContactDraft>): ContactDraft => ({
  name: null,
  phones: [],
  emails: [],
  organization: null,
  note: null,
  ...fields,
});
/** A row report with its messages as the English sentences the logs read. */
interface EnglishRow {
  line: number;
  outcome: RowReport['outcome'];
  reason: string | null;
  warnings: string[];
}
const english = (rows: RowReport[]): EnglishRow[] =>
  rows.map((row) => ({ ...row, reason: row.reason && importMessageText(row.reason), warnings: row.warnings.map(importMessageText) }));
const accepted = (line: number, warnings: string[] = []): EnglishRow => ({ line, outcome: 'accepted', reason: null, warnings });
const skipped = (line: number, reason: string, warnings: string[] = []): EnglishRow => ({ line, outcome: 'skipped', reason, warnings });

function importError(run: () => unknown): ImportFileError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileError);
    return error as ImportFileError;
  }
  throw new Error('expected an ImportFileError');
}

describe('normalisePhone', () => {
  it.each<[string, CountryCode, string]>([
    ['+1 201-555-0123', 'US', '+12015550123'],
    ['(201) 555-0123', 'US', '+12015550123'],
    ['201.555.0123', 'US', '+12015550123'],
    ['+1 415 555 2671 ext. 12', 'US', '+14155552671'],
    ['+1-201-555-0123;ext=9', 'US', '+12015550123'],
    ['tel:+44-20-7946-0958', 'CN', '+442079460958'],
    ['00 44 20 7946 0958', 'US', '+442079460958'],
    ['0044 20 7946 0958', 'CN', '+442079460958'],
    ['011 44 20 7946 0958', 'US', '+442079460958'],
    ['07911 123456', 'GB', '+447911123456'],
    ['030 1234567', 'DE', '+49301234567'],
    ['030/1234567', 'DE', '+49301234567'],
    ['+49 (0)171 2345678', 'FR', '+491712345678'],
    ['138 1234 5678', 'CN', '+8613812345678'],
    ['１３８１２３４５６７８', 'CN', '+8613812345678'],
    ['010-6552 9988', 'CN', '+861065529988'],
    ['0912345678', 'TW', '+886912345678'],
    // WhatsApp's ids and bare international digits.
    ['12015550123@c.us', 'CN', '+12015550123'],
    ['12015550123@s.whatsapp.net', 'DE', '+12015550123'],
    ['15550100001@c.us', 'US', '+15550100001'],
    ['12015550123', 'US', '+12015550123'],
    ['12015550123', 'CN', '+12015550123'],
    ['447911123456', 'US', '+447911123456'],
    // Spreadsheet formula guard left on a number.
    ["'+12015550123", 'US', '+12015550123'],
  ])('reads %j in %s as %s', (raw, region, e164) => {
    expect(normalisePhone(raw, region)).toEqual({ ok: true, e164 });
  });

  it.each<[string, CountryCode, PhoneRefusal]>([
    ['', 'US', 'empty'],
    ['   ', 'US', 'empty'],
    ['123', 'US', 'invalidForRegion'],
    ['555-0100', 'US', 'invalidForRegion'],
    ['12345', 'CN', 'invalidForRegion'],
    ['+86 123', 'US', 'invalidInternational'],
    ['00 999 1234', 'US', 'invalidInternational'],
    ['call me', 'US', 'notPhoneNumber'],
    ['jane@example.com', 'US', 'notPhoneNumber'],
    ['120363025246125486@g.us', 'US', 'notPhoneNumber'],
    ['123456789012345@lid', 'US', 'whatsappLid'],
    ['1'.repeat(65), 'US', 'tooLong'],
    // Valid in German metadata (a long extension), but past E.164's 15 digits.
    ['0231 213912345679', 'DE', 'invalidForRegion'],
    ['4923121391234567@c.us', 'US', 'notPossible'],
  ])('refuses %j in %s: %s', (raw, region, reason) => {
    expect(normalisePhone(raw, region)).toEqual({ ok: false, reason });
  });

  it('tells country codes from other strings', () => {
    expect(isCountryCode('CN')).toBe(true);
    expect(isCountryCode('US')).toBe(true);
    expect(isCountryCode('us')).toBe(false);
    expect(isCountryCode('XX')).toBe(false);
    expect(isCountryCode(1)).toBe(false);
  });
});

describe('decodeBytes', () => {
  const text = '姓名,手机\r\n张伟,13812345678\r\n';

  it('follows a byte order mark', () => {
    expect(decodeBytes(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(text)]))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeBytes(Uint8Array.from([0xff, 0xfe, ...iconv.encode(text, 'utf-16le')]))).toEqual({ text, encoding: 'utf-16le' });
    expect(decodeBytes(Uint8Array.from([0xfe, 0xff, ...iconv.encode(text, 'utf-16be')]))).toEqual({ text, encoding: 'utf-16be' });
  });

  it('takes valid UTF-8 as UTF-8, and UTF-16 that lost its mark as UTF-16', () => {
    expect(decodeBytes(utf8(text))).toEqual({ text, encoding: 'utf-8' });
    const latin = 'Name,Phone\r\nAlice,+12015550123\r\n';
    expect(decodeBytes(iconv.encode(latin, 'utf-16le'))).toEqual({ text: latin, encoding: 'utf-16le' });
    expect(decodeBytes(iconv.encode(latin, 'utf-16be'))).toEqual({ text: latin, encoding: 'utf-16be' });
    const mixed = 'Name,Phone\r\n一丁,+12015550123\r\n';
    expect(decodeBytes(iconv.encode(mixed, 'utf-16le'))).toEqual({ text: mixed, encoding: 'utf-16le' });
  });

  it.each([
    ['gb18030', text],
    ['gb18030', '姓名,手机\r\n王喆,13812345679\r\n'],
    ['big5', '姓名,電話\r\n陳大文,0912345678\r\n林美麗,0922333444\r\n'],
    ['shift_jis', '名前,電話,メール\r\n山田太郎,090-1234-5678,taro@example.jp\r\n'],
    ['windows-1252', 'Name,Note\r\nRenée,“quoted” costs 5 €\r\n'],
    ['windows-1252', 'Name,Phone\r\nJosé Müller,+49 30 123456\r\n'],
    ['windows-1251', 'Имя,Телефон\r\nИван Петров,+7 912 345 67 89\r\n'],
  ])('recognises a short file in %s', (encoding, sample) => {
    expect(decodeBytes(iconv.encode(sample, encoding))).toEqual({ text: sample, encoding });
  });

  it('refuses bytes that no code page reads cleanly, and binary data', () => {
    expect(importError(() => decodeBytes(Uint8Array.from([0x41, 0x81, 0x0a]))).message).toBe(
      "The file's text encoding could not be recognised. Save it as UTF-8 and try again.",
    );
    expect(importError(() => decodeBytes(Uint8Array.from([0x41, 0x00, 0x42, 0x43, 0x00, 0x00, 0x01]))).message).toBe(
      'The file is not a text file (it contains binary data).',
    );
    expect(importError(() => decodeBytes(Uint8Array.from([0xef, 0xbb, 0xbf, 0xc3, 0x28]))).message).toBe(
      'The file says it is UTF-8 but is not valid UTF-8.',
    );
  });
});

describe('CSV files', () => {
  it('reads a Google Contacts export', () => {
    const plan = importFixture('google-contacts.csv', 'US');
    expect(plan).toMatchObject({ format: 'csv', encoding: 'utf-8', preset: 'google' });
    expect(plan.accepted).toEqual([
      {
        line: 2,
        draft: draft({
          name: 'Jane Marie Doe',
          phones: ['+12015550123', '+12125550199', '+16502530000'],
          emails: ['jane.doe@acme.example', 'jane@home.example'],
          organization: 'Acme Corp',
          note: 'Prefers WhatsApp after 6pm.\nSpeaks Spanish.',
        }),
      },
      {
        line: 5,
        draft: draft({
          name: 'José García',
          phones: ['+34612345678'],
          emails: ['jose@garcia.example'],
          organization: 'Distribuciones García, S.L.',
        }),
      },
      { line: 6, draft: draft({ emails: ['orders@northwind.example'], organization: 'Northwind Traders', note: 'Orders desk' }) },
      { line: 7, draft: draft({ name: 'Wei Li', phones: ['+8613812345678'] }) },
      { line: 10, draft: draft({ name: 'Bob Stone', phones: ['+14155552671'], emails: ['bob@stone.example'] }) },
    ]);
    expect(english(plan.rows)).toEqual([
      accepted(2),
      accepted(5),
      accepted(6),
      accepted(7),
      skipped(8, 'no valid phone number or email', ["phone '555-0100' is not a valid number for region US: dropped"]),
      skipped(9, 'duplicate of line 2 (same phone +12015550123)'),
      accepted(10),
    ]);
  });

  it("reads Google's older export, building a missing full name from its parts", () => {
    const plan = importFixture('google-contacts-legacy.csv', 'GB');
    expect(plan.preset).toBe('google');
    expect(plan.accepted).toEqual([
      {
        line: 2,
        draft: draft({
          name: 'Harriet Jones',
          phones: ['+442079460958'],
          emails: ['harriet@flydale.example'],
          organization: 'Flydale North',
          note: 'Former PM',
        }),
      },
      { line: 3, draft: draft({ name: 'Wilfred Mott', phones: ['+442079460959', '+442079460960'] }) },
    ]);
    expect(english(plan.rows)).toEqual([accepted(2), accepted(3)]);
  });

  it('reads an Outlook export with semicolons in windows-1252, mobile number first', () => {
    const plan = importFixture('outlook-semicolon.csv', 'DE');
    expect(plan).toMatchObject({ format: 'csv', encoding: 'windows-1252', preset: 'outlook' });
    expect(plan.accepted).toEqual([
      {
        line: 2,
        draft: draft({
          name: 'Hans Müller',
          phones: ['+491712345678', '+49301234567'],
          emails: ['hans.mueller@mueller-soehne.example'],
          organization: 'Müller & Söhne GmbH',
          note: 'Kunde seit 2019; bevorzugt WhatsApp',
        }),
      },
      {
        line: 3,
        draft: draft({
          name: 'François Dupont',
          phones: ['+33612345678', '+33123456789'],
          emails: ['francois.dupont@example.fr'],
          organization: 'Société Démo SARL',
          note: 'Rappeler lundi',
        }),
      },
      { line: 6, draft: draft({ name: 'Anna Becker', phones: ['+4915123456789', '+498912345679'], emails: ['anna@becker.example'] }) },
    ]);
    expect(english(plan.rows)).toEqual([
      accepted(2),
      accepted(3),
      skipped(4, 'no valid phone number or email'),
      skipped(5, 'duplicate of line 2 (same email hans.mueller@mueller-soehne.example)'),
      accepted(6, ["email 'anna.becker@@example.de' is not a valid address: dropped"]),
    ]);
  });

  it('reads Chinese headers in GB18030', () => {
    const plan = importFixture('chinese-gb18030.csv', 'CN');
    expect(plan).toMatchObject({ format: 'csv', encoding: 'gb18030', preset: 'generic' });
    expect(plan.accepted).toEqual([
      {
        line: 2,
        draft: draft({
          name: '张伟',
          phones: ['+8613812345678', '+861065529988'],
          emails: ['zhangwei@example.cn'],
          organization: '北京星辰科技有限公司',
          note: '老客户，喜欢微信联系',
        }),
      },
      {
        line: 3,
        draft: draft({
          name: '李娜',
          phones: ['+8613912345679', '+8613712345670'],
          emails: ['lina@example.cn'],
          organization: '上海浦江贸易有限公司',
        }),
      },
      { line: 5, draft: draft({ name: '赵磊', phones: ['+862162345678'] }) },
    ]);
    expect(english(plan.rows)).toEqual([
      accepted(2),
      accepted(3),
      skipped(4, 'no valid phone number or email'),
      accepted(5, ["phone '12345' is not a valid number for region CN: dropped"]),
      skipped(6, 'duplicate of line 2 (same phone +8613812345678)'),
    ]);
  });

  it("reads Excel's tab-separated UTF-16LE text with a byte order mark", () => {
    const plan = importFixture('excel-unicode-utf16le.csv', 'US');
    expect(plan).toMatchObject({ format: 'csv', encoding: 'utf-16le', preset: 'generic' });
    expect(plan.accepted).toEqual([
      { line: 2, draft: draft({ name: 'Zoë Ångström', phones: ['+46701234567'], emails: ['zoe@example.se'], organization: 'Nordic AB' }) },
      { line: 3, draft: draft({ name: 'Ahmed Al-Farsi', phones: ['+971501234567'], emails: ['ahmed@example.ae'] }) },
      { line: 4, draft: draft({ name: '宮崎 駿', phones: ['+819012345678'], organization: 'スタジオ' }) },
    ]);
    expect(english(plan.rows)).toEqual([accepted(2), accepted(3), accepted(4)]);
  });

  it('skips broken rows and duplicates, and keeps reading after a broken quote', () => {
    const plan = importFixture('malformed.csv', 'US');
    expect(plan).toMatchObject({ format: 'csv', encoding: 'utf-8', preset: 'generic' });
    expect(plan.accepted).toEqual([
      { line: 2, draft: draft({ name: 'Alice', phones: ['+12015550123'], emails: ['alice@example.com'], note: 'ok' }) },
      { line: 5, draft: draft({ name: 'Carol', phones: ['+16502530000'], emails: ['carol@example.com'], note: 'note' }) },
      {
        line: 9,
        draft: draft({ name: 'Frank', phones: ['+14155552671'], emails: ['frank@example.com'], note: '=HYPERLINK("http://evil.example")' }),
      },
      { line: 10, draft: draft({ name: 'Multi line name', phones: ['+442079460958'] }) },
      { line: 12, draft: draft({ name: 'Gina', phones: ['+19175550147'] }) },
    ]);
    expect(english(plan.rows)).toEqual([
      accepted(2),
      skipped(4, 'malformed row: a quoted field is not closed properly'),
      accepted(5, ['the row has 6 fields but the header has 4: the extra fields were ignored']),
      skipped(6, 'duplicate of line 2 (same phone +12015550123)'),
      skipped(7, 'duplicate of line 2 (same email alice@example.com)'),
      skipped(8, 'no valid phone number or email'),
      accepted(9),
      accepted(10),
      accepted(12, ["email 'gina@example' is not a valid address: dropped"]),
      skipped(14, 'malformed row: a quoted field is not closed properly'),
    ]);
  });

  it('uses an explicit column mapping, joining name parts', () => {
    const text =
      'Vorname;Nachname;Handy;Festnetz;Mail;Firma;Bemerkung\nHans;Müller;0171 2345678;030 1234567;hans@example.de;ACME;Stammkunde\n';
    const plan = importText(text, {
      defaultRegion: 'DE',
      mapping: { name: ['Vorname', 'nachname'], phones: ['HANDY', 'Festnetz'], emails: ['Mail'], organization: 'Firma', note: 'Bemerkung' },
    });
    expect(plan.preset).toBeNull();
    expect(plan.accepted).toEqual([
      {
        line: 2,
        draft: draft({
          name: 'Hans Müller',
          phones: ['+491712345678', '+49301234567'],
          emails: ['hans@example.de'],
          organization: 'ACME',
          note: 'Stammkunde',
        }),
      },
    ]);
  });

  it('refuses a mapping that does not fit the file', () => {
    expect(importError(() => importText('Name,Tel\nA,1\n', { mapping: { name: 'Name', phones: ['Mobile'] } })).message).toBe(
      'The column "Mobile" of the mapping is not in the file. Columns found: Name, Tel.',
    );
    expect(importError(() => importText('Name,Tel\nA,1\n', { mapping: { name: 'Name' } })).message).toBe(
      'The column mapping names no phone or email column.',
    );
  });

  it('splits cells holding several numbers and keeps each number once', () => {
    const plan = importText(
      'Name,Phones\n' +
        'A,"+1 201 555 0123; (201) 555-0123, +1 212 555 0199 / +1 650 253 0000"\n' +
        'B,2015550150/2015550151\n' +
        'C,+1 201 555 0152 ::: +1 201 555 0153\n',
    );
    expect(plan.accepted.map((row) => row.draft.phones)).toEqual([
      ['+12015550123', '+12125550199', '+16502530000'],
      ['+12015550150', '+12015550151'],
      ['+12015550152', '+12015550153'],
    ]);
  });

  it('follows Excel\'s "sep=" line, tabs, and old Mac line breaks', () => {
    expect(importText('sep=;\nName;Email\nA;a@example.com\n').accepted).toEqual([
      { line: 3, draft: draft({ name: 'A', emails: ['a@example.com'] }) },
    ]);
    expect(english(importText('Name\tEmail\rA\ta@example.com\rB\tb@example.com').rows)).toEqual([accepted(2), accepted(3)]);
  });

  it('recognises generic headers in English and Chinese', () => {
    const plan = importText(
      'First Name,Last Name,Mobile Phone,Phone Type,Email ID,WhatsApp,Company Name,Remarks,Mailing Address\n' +
        'Ada,Lovelace,+44 20 7946 0958,Work,ada@example.co.uk,+44 7911 123456,Analytical Engines,Met in 1833,London\n',
    );
    expect(plan.accepted[0]?.draft).toEqual(
      draft({
        name: 'Ada Lovelace',
        phones: ['+442079460958', '+447911123456'],
        emails: ['ada@example.co.uk'],
        organization: 'Analytical Engines',
        note: 'Met in 1833',
      }),
    );
    const chinese = importText('姓,名,手机号,电子邮件,单位,说明\n欧阳,娜娜,139 1234 5679,nana@example.cn,海风科技,VIP\n', {
      defaultRegion: 'CN',
    });
    expect(chinese.accepted[0]?.draft).toEqual(
      draft({ name: '欧阳娜娜', phones: ['+8613912345679'], emails: ['nana@example.cn'], organization: '海风科技', note: 'VIP' }),
    );
  });

  it('cleans and bounds text, and bounds warnings', () => {
    const name = `  Mal\u0007lory\u202e  ${'x'.repeat(300)}`;
    const note = `line\r\nnext\u0001${'y'.repeat(4100)}`;
    const numbers = Array.from({ length: 25 }, (_, i) => `bad-${String.fromCharCode(97 + i)}`).join(';');
    const plan = importText(`name,phone,email,note\n"${name}","${numbers}",OK@Example.COM,"${note}"\n`);
    expect(plan.accepted).toEqual([
      {
        line: 2,
        draft: draft({ name: `Mal lory ${'x'.repeat(247)}`, emails: ['ok@example.com'], note: `line\nnext${'y'.repeat(3991)}` }),
      },
    ]);
    const warnings = english(plan.rows)[0]?.warnings ?? [];
    expect(warnings).toHaveLength(20);
    expect(warnings[0]).toBe("phone 'bad-a' is not a phone number: dropped");
    expect(warnings[19]).toBe('and 8 more warnings');
  });
});

describe('vCard files', () => {
  it('reads Android vCard 2.1: quoted-printable in UTF-8, GB2312, Big5 and windows-1252, soft line breaks', () => {
    const plan = importFixture('android-2.1.vcf', 'CN');
    expect(plan).toMatchObject({ format: 'vcard', encoding: 'utf-8', preset: null });
    expect(plan.accepted).toEqual([
      {
        line: 1,
        draft: draft({
          name: '张伟',
          // TEL;WORK;PREF comes first.
          phones: ['+861065529988', '+8613812345678'],
          emails: ['zhangwei@example.cn'],
          note: '老客户，喜欢微信联系。周一到周五上午九点以后方便接电话，周末请发消息。',
        }),
      },
      {
        line: 14,
        draft: draft({
          name: '欧阳娜娜 (Nana Ouyang) 深圳海风科技有限公司 市场部经理',
          phones: ['+8613912345679', '+8675588886666'],
          organization: '深圳海风科技有限公司, 市场部',
        }),
      },
      { line: 28, draft: draft({ name: '李娜', phones: ['+8613712345670'] }) },
      { line: 34, draft: draft({ name: '陳大文', phones: ['+85291234567'] }) },
      { line: 40, draft: draft({ name: 'José García', phones: ['+34612345678'], emails: ['jose@garcia.example'] }) },
      // No FN: the name comes from N, family name first.
      { line: 47, draft: draft({ name: '王芳', phones: ['+8613912345670'] }) },
    ]);
    expect(english(plan.rows)).toEqual([accepted(1), accepted(14), accepted(28), accepted(34), accepted(40), accepted(47)]);
  });

  it('reads an iPhone vCard 3.0: grouped properties, folded lines, escapes, preferred first', () => {
    const plan = importFixture('iphone-3.0.vcf', 'US');
    expect(plan).toMatchObject({ format: 'vcard', encoding: 'utf-8', preset: null });
    expect(plan.accepted).toEqual([
      {
        line: 1,
        draft: draft({
          name: 'John Appleseed',
          phones: ['+442079460958', '+12015550123', '+12125550199'],
          emails: ['john.appleseed@example.com', 'john@home.example'],
          organization: 'Apple Inc.',
          note: 'Met at WWDC, booth 12.\nFollow up re: fleet order; ask for "Jenny" at the front desk before noon.',
        }),
      },
      {
        line: 21,
        draft: draft({
          name: '陈小明',
          phones: ['+8613912345678'],
          organization: '深圳海风科技有限公司, 市场部',
          note: '重要客户。每月初确认订单，联系前请先查看上次的沟通记录，并在系统里登记本次通话的结果。',
        }),
      },
      { line: 31, draft: draft({ name: 'Dr. Robert Smith Jr.', emails: ['rob@smith-jones.example'], organization: 'Smith, Jones & Co.' }) },
    ]);
    expect(english(plan.rows)).toEqual([accepted(1), accepted(21), accepted(31), skipped(38, 'no valid phone number or email')]);
  });

  it('reads vCard 4.0: tel: URIs, PREF=n, quoted parameters, LF line breaks', () => {
    const plan = importFixture('rfc6350-4.0.vcf', 'US');
    expect(plan.accepted).toEqual([
      {
        line: 1,
        draft: draft({
          name: 'Marie Curie',
          phones: ['+33612345678', '+33123456789'],
          emails: ['marie.curie@example.fr'],
          organization: 'Institut du Radium',
          note: 'Deux prix Nobel; physique et chimie.',
        }),
      },
      { line: 11, draft: draft({ name: 'Ada Lovelace', phones: ['+442079460958'], emails: ['ada@example.co.uk'] }) },
      { line: 18, draft: draft({ name: '孙悟空', phones: ['+8613912345670'] }) },
    ]);
    expect(english(plan.rows)).toEqual([accepted(1), accepted(11), accepted(18)]);
  });

  it('reports broken cards one by one', () => {
    const plan = importFixture('malformed.vcf', 'US');
    expect(plan.accepted).toEqual([
      { line: 1, draft: draft({ name: 'Alice Good', phones: ['+12015550123'] }) },
      { line: 24, draft: draft({ name: 'Carol', emails: ['carol@example.com'] }) },
    ]);
    expect(english(plan.rows)).toEqual([
      accepted(1),
      skipped(6, 'malformed card: missing END:VCARD'),
      skipped(10, 'duplicate of line 1 (same phone +12015550123)'),
      skipped(14, 'malformed card: END:VCARD without BEGIN:VCARD'),
      skipped(18, 'no valid phone number or email', [
        '1 unreadable line was ignored',
        "phone '123' is not a valid number for region US: dropped",
        "email 'not-an-email' is not a valid address: dropped",
      ]),
      accepted(24),
      skipped(28, 'malformed card: missing END:VCARD'),
    ]);
  });

  it('warns about an unknown character set and guesses the text', () => {
    const plan = importText(
      'BEGIN:VCARD\r\nVERSION:2.1\r\nFN;CHARSET=X-NOPE;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0=E4=BC=9F\r\nTEL:+8613812345678\r\nEND:VCARD\r\n',
      { fileName: 'a.vcf' },
    );
    expect(plan.accepted[0]?.draft.name).toBe('张伟');
    expect(english(plan.rows)[0]?.warnings).toEqual(['unknown character set in FN: the text was guessed']);
  });
});

describe('whole-file problems', () => {
  it.each<[string, () => unknown, string]>([
    ['an empty file', () => parseContactsFile(new Uint8Array(), { fileName: 'a.csv', defaultRegion: 'US' }), 'The file is empty.'],
    ['a blank file', () => importText('\n\n  \n'), 'The file is empty.'],
    [
      'a file over the size limit',
      () => importText(`Name,Phone\n${'A,+12015550123\n'.repeat(100)}`, { maxBytes: 1024 }),
      'The file is 2 KB; files up to 1 KB can be imported.',
    ],
    [
      'an Excel workbook',
      () => parseContactsFile(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), { fileName: 'a.xlsx', defaultRegion: 'US' }),
      'The file is a ZIP archive (an Excel .xlsx workbook?), not a CSV or vCard file. Export the contacts as CSV or vCard and try again.',
    ],
    [
      'a CSV without phone or email columns',
      () => importText('Name,City\nAlice,Paris\n'),
      "No phone or email column was found in the file's header. Columns found: Name, City.",
    ],
    [
      'too many rows',
      () => importText('Name,Phone\nA,+12015550123\nB,+12015550124\nC,+12015550125\n', { maxRows: 2 }),
      'The file has too many rows (the limit is 2). Split it into smaller files.',
    ],
    [
      'too many cards',
      () => importText('BEGIN:VCARD\nFN:A\nEND:VCARD\nBEGIN:VCARD\nFN:B\nEND:VCARD\n', { maxRows: 1 }),
      'The file has too many contacts (the limit is 1). Split it into smaller files.',
    ],
    [
      'a .vcf file that is not a vCard',
      () => importText('Name,Phone\nA,+12015550123\n', { fileName: 'contacts.vcf' }),
      'The file is not a vCard file: it has no BEGIN:VCARD line.',
    ],
  ])('refuses %s', (_, run, message) => {
    expect(importError(run).message).toBe(message);
  });

  it('tells the format from the content before the file name, and obeys an explicit format', () => {
    const card = 'BEGIN:VCARD\nFN:A\nTEL:+12015550123\nEND:VCARD\n';
    expect(importText(card, { fileName: 'contacts.txt' }).format).toBe('vcard');
    expect(importText('Name,Phone\nA,+12015550123\n', { fileName: 'export.vcf', format: 'csv' }).format).toBe('csv');
  });
});

const BASE: ContactRecord = { ...EMPTY_CONTACT, id: 1, updatedAt: 0 };
const JANE: ContactRecord = {
  ...BASE,
  name: 'Jane Doe',
  pushName: 'Janie 🌻',
  phones: ['+12015550123', '+12125550199'],
  emails: ['jane@acme.example'],
  organization: 'Acme, Inc.',
  note: 'Line one\nLine "two"; three',
  whatsappId: '12015550123@c.us',
  sources: { name: { kind: 'crm', file: 'clients.csv' }, pushName: { kind: 'whatsapp' }, phones: { kind: 'whatsapp' } },
};
const FORMULAS: ContactRecord = {
  ...BASE,
  id: 2,
  name: '=HYPERLINK("http://evil.example")',
  emails: ['x@example.com'],
  organization: '@acme',
  note: "'-already quoted",
};

describe('export', () => {
  it('writes CSV with a byte order mark, proper quoting and guarded formulas', () => {
    expect(contactsToCsv([JANE, FORMULAS])).toBe(
      '\ufeffname,phones,emails,organization,note,whatsapp_id,push_name,sources\r\n' +
        'Jane Doe,"\'+12015550123;+12125550199",jane@acme.example,"Acme, Inc.","Line one\nLine ""two""; three",12015550123@c.us,Janie 🌻,' +
        'name=crm:clients.csv;pushName=whatsapp;phones=whatsapp\r\n' +
        '"\'=HYPERLINK(""http://evil.example"")",,x@example.com,"\'@acme","\'\'-already quoted",,,\r\n',
    );
  });

  it('writes vCard 4.0 with escapes and CRLF', () => {
    expect(contactsToVcard([JANE, FORMULAS])).toBe(
      [
        'BEGIN:VCARD',
        'VERSION:4.0',
        'FN:Jane Doe',
        'NICKNAME:Janie 🌻',
        'TEL;VALUE=uri;PREF=1:tel:+12015550123',
        'TEL;VALUE=uri:tel:+12125550199',
        'EMAIL;PREF=1:jane@acme.example',
        'ORG:Acme\\, Inc.',
        'NOTE:Line one\\nLine "two"\\; three',
        'END:VCARD',
        'BEGIN:VCARD',
        'VERSION:4.0',
        'FN:=HYPERLINK("http://evil.example")',
        'EMAIL;PREF=1:x@example.com',
        'ORG:@acme',
        "NOTE:'-already quoted",
        'END:VCARD',
        '',
      ].join('\r\n'),
    );
  });

  it('folds vCard lines at 75 octets without splitting a character', () => {
    const text = contactsToVcard([{ ...BASE, name: '张伟'.repeat(20), note: 'n'.repeat(200), phones: ['+8613812345678'] }]);
    const lines = text.split('\r\n');
    expect(lines.every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect(lines.slice(2, 4)).toEqual([`FN:${'张伟'.repeat(12)}`, ` ${'张伟'.repeat(8)}`]);
    expect(importText(text).accepted[0]?.draft).toEqual(
      draft({ name: '张伟'.repeat(20), phones: ['+8613812345678'], note: 'n'.repeat(200) }),
    );
  });

  // Text as the store keeps it: on one line (names) or with line breaks (notes), trimmed, no
  // control characters; with the characters CSV and vCard must escape.
  const WORDS = ['Jane', 'Doe', "O'Brien", '张伟', 'Zoë', 'a,b', 'x;y', '"q"', '\\', '=1+1', '-5', '@home', "'=x", ':', 'Ünïcödé', '🌻'];
  const line = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 5 }).map((words) => words.join(' '));
  const text = fc.array(line, { minLength: 1, maxLength: 3 }).map((lines) => lines.join('\n'));
  const email = fc
    .tuple(fc.stringMatching(/^[a-z0-9]{1,8}([._+-][a-z0-9]{1,8})?$/), fc.constantFrom('example.com', 'mail.example.cn', 'x.co'))
    .map(([local, domain]) => `${local}@${domain}`);
  const records = fc
    .array(
      fc.record({
        name: fc.option(line),
        pushName: fc.option(line),
        // Not among the phones on purpose: the importer must not read the id column as numbers.
        whatsappId: fc.option(fc.constantFrom('447911123456@c.us', '8613812345678@c.us')),
        phoneCount: fc.integer({ min: 0, max: 3 }),
        emails: fc.uniqueArray(email, { maxLength: 2 }),
        organization: fc.option(line),
        note: fc.option(text),
      }),
      { minLength: 1, maxLength: 8 },
    )
    .map((rows) => {
      const seenEmails = new Set<string>();
      return rows
        .map(({ phoneCount, ...row }, index): ContactRecord => {
          const phones = Array.from({ length: phoneCount }, (_, n) => `+1201555${String(index * 4 + n).padStart(4, '0')}`);
          const emails = row.emails.filter((address) => !seenEmails.has(address));
          for (const address of emails) seenEmails.add(address);
          return { ...BASE, ...row, id: index + 1, phones, emails };
        })
        .filter((record) => record.phones.length + record.emails.length > 0);
    })
    .filter((contacts) => contacts.length > 0);
  const fields = ({ name, phones, emails, organization, note }: ContactRecord): ContactDraft => ({
    name,
    phones,
    emails,
    organization,
    note,
  });

  it('gives back the same contacts when its CSV and vCard files are imported', () => {
    fc.assert(
      fc.property(records, (contacts) => {
        expect(importText(contactsToCsv(contacts)).accepted.map((row) => row.draft)).toEqual(contacts.map(fields));
        expect(importText(contactsToVcard(contacts), { fileName: 'a.vcf' }).accepted.map((row) => row.draft)).toEqual(contacts.map(fields));
      }),
      { numRuns: 300 },
    );
  });
});
