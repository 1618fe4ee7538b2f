import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { isPossiblePhoneNumber } from 'libphonenumber-js/max';
import { describe, it } from 'vitest';
import type { ContactDraft } from '../../main/core/contacts/contact.ts';
import { ImportFileError, parseContactsFile, type ImportOptions, type ImportPlan } from '../../main/core/contacts/import/import-file.ts';
import { importMessageText } from '../../main/core/contacts/import/messages.ts';
import { IMPORT_MESSAGE_CODES, type ImportMessage } from '../../main/core/ipc/contacts-wire.ts';
import type { CountryCode } from '../../main/core/contacts/phone.ts';
import { HOSTILE_CSV, HOSTILE_VCARD } from '../integration/hostile-contacts.ts';

/**
 * Whatever bytes arrive, the importer either refuses the whole file with an ImportFileError or
 * returns a plan whose every row is accounted for and whose every draft is clean.
 */

const FIXTURE_DIR = new URL('../fixtures/contacts/', import.meta.url);
const FIXTURES = readdirSync(FIXTURE_DIR)
  .filter((name) => /\.(csv|vcf)$/.test(name))
  .map((name) => ({ name, bytes: new Uint8Array(readFileSync(new URL(name, FIXTURE_DIR))) }));
const REGIONS: CountryCode[] = ['US', 'CN', 'DE', 'GB'];

function invariant(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** A message the UI can put into words: a known code, and an English sentence for the logs. */
const isMessage = (message: ImportMessage | null) =>
  message !== null && IMPORT_MESSAGE_CODES.includes(message.code) && importMessageText(message) !== '';

const INVISIBLE = /[\p{Cc}\u202a-\u202e\u2066-\u2069\ufeff]/u;

function checkText(value: string | null, max: number, what: string, multiLine: boolean): void {
  if (value === null) return;
  invariant(value !== '' && value === value.trim(), `${what} ${JSON.stringify(value)} is empty or untrimmed`);
  invariant(value.length <= max, `${what} is ${value.length} long`);
  const stripped = multiLine ? value.replace(/[\n\t]/g, '') : value;
  invariant(!INVISIBLE.test(stripped), `${what} ${JSON.stringify(value)} has control characters`);
}

function checkDraft(draft: ContactDraft): void {
  invariant(draft.phones.length + draft.emails.length > 0, 'a draft without phone or email');
  invariant(draft.phones.length <= 20 && draft.emails.length <= 20, 'too many values');
  invariant(new Set(draft.phones).size === draft.phones.length, 'repeated phone');
  invariant(new Set(draft.emails).size === draft.emails.length, 'repeated email');
  for (const phone of draft.phones) {
    invariant(/^\+[1-9]\d{1,14}$/.test(phone) && isPossiblePhoneNumber(phone), `phone ${phone} is not E.164`);
  }
  for (const email of draft.emails) {
    invariant(email === email.toLowerCase() && email.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email), `email ${email}`);
  }
  checkText(draft.name, 256, 'name', false);
  checkText(draft.organization, 256, 'organization', false);
  checkText(draft.note, 4_000, 'note', true);
}

/** No line can start past the last line break of the file, whatever its encoding. */
function lineBound(bytes: Uint8Array): number {
  let breaks = 0;
  for (const byte of bytes) if (byte === 0x0a || byte === 0x0d) breaks++;
  return breaks + 1;
}

function checkPlan(plan: ImportPlan, bytes: Uint8Array): void {
  invariant(plan.format === 'csv' || plan.format === 'vcard', 'format');
  invariant(plan.encoding !== '', 'encoding');
  const acceptedRows = plan.rows.filter((row) => row.outcome === 'accepted');
  invariant(acceptedRows.length === plan.accepted.length, 'accepted rows and drafts differ in number');
  acceptedRows.forEach((row, i) => invariant(row.line === plan.accepted[i]?.line, 'accepted rows and drafts differ in lines'));
  const bound = lineBound(bytes);
  let previous = 1;
  for (const row of plan.rows) {
    invariant(Number.isInteger(row.line) && row.line >= previous && row.line <= bound, `line ${row.line} out of order or range`);
    previous = row.line;
    if (row.outcome === 'accepted') invariant(row.reason === null, 'accepted with a reason');
    else invariant(isMessage(row.reason), 'skipped without a reason');
    invariant(row.warnings.length <= 20 && row.warnings.every(isMessage), 'warnings');
  }
  const phones = new Set<string>();
  const emails = new Set<string>();
  for (const { draft } of plan.accepted) {
    checkDraft(draft);
    for (const phone of draft.phones) invariant(!phones.has(phone), `phone ${phone} accepted twice`);
    for (const email of draft.emails) invariant(!emails.has(email), `email ${email} accepted twice`);
    draft.phones.forEach((phone) => phones.add(phone));
    draft.emails.forEach((email) => emails.add(email));
  }
}

function importChecked(bytes: Uint8Array, options: ImportOptions): void {
  let plan: ImportPlan;
  try {
    plan = parseContactsFile(bytes, options);
  } catch (error) {
    if (error instanceof ImportFileError && isMessage(error.detail)) return;
    throw error;
  }
  checkPlan(plan, bytes);
}

const options = fc.record({
  fileName: fc.constantFrom('contacts.csv', 'contacts.vcf', 'export.txt', 'noextension'),
  defaultRegion: fc.constantFrom(...REGIONS),
  format: fc.constantFrom(undefined, 'csv' as const, 'vcard' as const),
  maxRows: fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom(1, 3) }),
});
const withOptions = (o: {
  fileName: string;
  defaultRegion: CountryCode;
  format: 'csv' | 'vcard' | undefined;
  maxRows: number | undefined;
}): ImportOptions => ({
  fileName: o.fileName,
  defaultRegion: o.defaultRegion,
  ...(o.format ? { format: o.format } : {}),
  ...(o.maxRows ? { maxRows: o.maxRows } : {}),
});

const TOKENS = [
  '"',
  '""',
  '\r\n',
  '\n',
  '\r',
  ',',
  ';',
  '\t',
  '=',
  '=\r\n',
  '\\',
  '\\n',
  ':',
  ' ',
  "'=",
  '@',
  '/',
  ':::',
  'BEGIN:VCARD\r\n',
  'END:VCARD\r\n',
  'item1.',
  ';ENCODING=QUOTED-PRINTABLE',
  ';CHARSET=GB2312',
  ';CHARSET=bogus',
  '=E5=BC',
  '=ZZ',
  'TEL:',
  'EMAIL:',
  'FN:',
  'N:;;;;',
  '+1 201 555 0123',
  '13812345678',
  'a@b.co',
  'sep=;\n',
  '\u202e',
  '\u0001',
  '张伟',
].map((token) => new TextEncoder().encode(token));

type Mutation = { kind: 'flip' | 'delete' | 'insert' | 'duplicate'; at: number; length: number; token: number; byte: number };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom('flip', 'delete', 'insert', 'duplicate'),
  at: fc.nat(),
  length: fc.integer({ min: 1, max: 40 }),
  token: fc.nat(TOKENS.length - 1),
  byte: fc.integer({ min: 0, max: 255 }),
});

function mutate(bytes: Uint8Array, mutations: Mutation[]): Uint8Array {
  const data = [...bytes];
  for (const m of mutations) {
    const at = data.length === 0 ? 0 : m.at % (data.length + 1);
    if (m.kind === 'flip' && at < data.length) data[at] = m.byte;
    else if (m.kind === 'delete') data.splice(at, m.length);
    else if (m.kind === 'insert') data.splice(at, 0, ...(TOKENS[m.token] ?? []));
    else if (m.kind === 'duplicate') data.splice(at, 0, ...data.slice(at, at + m.length * 4));
  }
  return Uint8Array.from(data);
}

const ENCODINGS = ['utf-8', 'utf-8-bom', 'utf-16le-bom', 'utf-16be', 'gb18030', 'windows-1252', 'big5'] as const;
function encode(text: string, encoding: (typeof ENCODINGS)[number]): Uint8Array {
  if (encoding === 'utf-8-bom') return Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
  if (encoding === 'utf-16le-bom') return Uint8Array.from([0xff, 0xfe, ...iconv.encode(text, 'utf-16le')]);
  return new Uint8Array(iconv.encode(text, encoding));
}

const HEADERS = [
  'Name',
  'First Name',
  'Last Name',
  'Phone',
  'Mobile',
  'E-mail',
  'Email',
  'Company',
  'Notes',
  '姓名',
  '手机',
  '邮箱',
  '备注',
  'Phone 1 - Value',
  'E-mail 1 - Value',
  'E-mail Address',
  'Mobile Phone',
  'x',
  '',
];
const phoneLike = fc.oneof(
  fc.constantFrom(
    '+1 201 555 0123',
    '(212) 555-0199',
    '13812345678',
    '030 1234567',
    '+44 20 7946 0958',
    '123',
    '00 44 20 7946 0958',
    '12015550123@c.us',
    '1@lid',
  ),
  fc.stringMatching(/^\+?[0-9 ()./-]{0,20}$/),
);
const emailLike = fc.oneof(
  fc.constantFrom('a@b.co', 'Jane.Doe@Example.COM', 'bad@', '<x@y.cn>', 'mailto:z@example.com'),
  fc.string({ maxLength: 20 }),
);
const freeText = fc.string({
  unit: fc.constantFrom('a', 'Z', ' ', '"', ',', ';', '\t', '\n', '\r', "'", '=', '张', 'é', '\u0001', '\u202e', '/'),
  maxLength: 30,
});
const cell = fc.oneof(phoneLike, emailLike, freeText, fc.constantFrom('', ' '));

const csvGrid = fc.record({
  delimiter: fc.constantFrom(',', ';', '\t'),
  newline: fc.constantFrom('\n', '\r\n', '\r'),
  // A phone or an email column first, so that most grids get past the header.
  header: fc.tuple(
    fc.constantFrom('Phone', 'Mobile', 'E-mail', '手机', 'Phone 1 - Value', 'Mobile Phone', 'E-mail Address'),
    fc.array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...HEADERS) }, { weight: 1, arbitrary: freeText }), { maxLength: 5 }),
  ),
  rows: fc.array(fc.array(fc.record({ value: cell, quoted: fc.boolean() }), { maxLength: 8 }), { maxLength: 15 }),
  encoding: fc.constantFrom(...ENCODINGS),
  mapping: fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.record({
        name: fc.option(fc.constantFrom(...HEADERS), { nil: undefined }),
        phones: fc.array(fc.constantFrom(...HEADERS), { maxLength: 2 }),
        emails: fc.array(fc.constantFrom(...HEADERS), { maxLength: 2 }),
      }),
    },
  ),
});

type CsvGrid = typeof csvGrid extends fc.Arbitrary<infer T> ? T : never;

function csvText(grid: CsvGrid): string {
  const quote = (value: string) => `"${value.replace(/"/g, '""')}"`;
  const [first, others] = grid.header;
  const lines = [[first, ...others].map(quote).join(grid.delimiter)];
  for (const row of grid.rows) lines.push(row.map(({ value, quoted }) => (quoted ? quote(value) : value)).join(grid.delimiter));
  return lines.join(grid.newline);
}

const VCARD_LINES = [
  'BEGIN:VCARD',
  'END:VCARD',
  'VERSION:2.1',
  'VERSION:3.0',
  'VERSION:4.0',
  'FN:Jane Doe',
  'FN:',
  'N:Doe;Jane;;;',
  'N:张;伟;;;',
  'TEL:+1 201 555 0123',
  'TEL;CELL;PREF:13812345678',
  'TEL;VALUE=uri;PREF=1:tel:+44-20-7946-0958',
  'item1.TEL;type=pref:(212) 555-0199',
  'EMAIL:Jane@Example.com',
  'EMAIL;PREF=2:x@y.cn',
  'ORG:Acme\\, Inc.;Sales',
  'NOTE:a\\nb\\;c',
  'NOTE:',
  ' folded continuation',
  '\tfolded',
  'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0=',
  '=E4=BC=9F',
  'N;CHARSET=GB2312;QUOTED-PRINTABLE:=C0=EE;=C4=C8;;;',
  'NOTE;ENCODING=QUOTED-PRINTABLE:abc=',
  'TEL;TYPE="work,voice":+49 30 1234567',
  'ADR;LABEL="a:b":;;x',
  'no colon here',
  '',
  ':',
  ';;;:',
  'PHOTO;ENCODING=BASE64;JPEG:/9j/4AAQ',
  '  AAAA',
  'X-CUSTOM;PARAM="unterminated:value',
];
/** Cards that mostly begin and end, around bodies of likely and unlikely lines. */
const vcardSoup = fc.record({
  cards: fc.array(
    fc.record({
      begin: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      body: fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...VCARD_LINES) }, { weight: 1, arbitrary: freeText }), {
        maxLength: 12,
      }),
      end: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    }),
    { minLength: 1, maxLength: 8 },
  ),
  newline: fc.constantFrom('\r\n', '\n', '\r'),
  encoding: fc.constantFrom(...ENCODINGS),
});

type VcardSoup = typeof vcardSoup extends fc.Arbitrary<infer T> ? T : never;

function vcardText(soup: VcardSoup): string {
  const lines = soup.cards.flatMap((card) => [...(card.begin ? ['BEGIN:VCARD'] : []), ...card.body, ...(card.end ? ['END:VCARD'] : [])]);
  return lines.join(soup.newline);
}

// Each property runs a fixed number of cases (a few seconds in all); the timeout only leaves room
// for a busy machine.
describe('parseContactsFile on hostile input', () => {
  it('survives random bytes', { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2_000 }), options, (bytes, o) => importChecked(bytes, withOptions(o))),
      { numRuns: 1_000 },
    );
  });

  it('survives mutated fixture files', { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIXTURES), fc.array(mutation, { minLength: 1, maxLength: 8 }), options, (fixture, mutations, o) =>
        importChecked(mutate(fixture.bytes, mutations), { ...withOptions(o), fileName: fixture.name }),
      ),
      { numRuns: 2_500 },
    );
  });

  it('survives truncated fixture files', { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIXTURES), fc.nat(), fc.constantFrom(...REGIONS), (fixture, cut, defaultRegion) =>
        importChecked(fixture.bytes.subarray(0, cut % (fixture.bytes.length + 1)), { fileName: fixture.name, defaultRegion }),
      ),
      { numRuns: 800 },
    );
  });

  it('survives random CSV grids with quotes, line breaks and delimiters', { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(csvGrid, fc.constantFrom(...REGIONS), (grid, defaultRegion) =>
        importChecked(encode(csvText(grid), grid.encoding), {
          fileName: 'grid.csv',
          defaultRegion,
          ...(grid.mapping ? { mapping: grid.mapping } : {}),
        }),
      ),
      { numRuns: 1_500 },
    );
  });

  it('survives vCard line soups', { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(vcardSoup, fc.constantFrom(...REGIONS), (soup, defaultRegion) =>
        importChecked(encode(vcardText(soup), soup.encoding), { fileName: 'soup.vcf', defaultRegion }),
      ),
      { numRuns: 1_500 },
    );
  });
});

/**
 * Shapes that made the parsers quadratic (a stray quote in every row re-read the rest of the file;
 * a quoted-printable value joined line by line was copied at every line; a cell of spaces made the
 * value splitter backtrack). At 1 MB each, a quadratic parser runs for minutes: the timeout is the
 * bound. Each ends in a plan whose every row is accounted for, or a refusal the agent can read.
 */
describe('parseContactsFile on files shaped to be slow', () => {
  const MB = 1024 * 1024;
  it.each([...HOSTILE_CSV, ...HOSTILE_VCARD])('reads $name (1 MB) to a clear result', { timeout: 20_000 }, (file) => {
    const bytes = new TextEncoder().encode(file.text(MB));
    let plan: ImportPlan | null = null;
    try {
      plan = parseContactsFile(bytes, { fileName: file.fileName, defaultRegion: 'US' });
    } catch (error) {
      if (!(error instanceof ImportFileError)) throw error;
      invariant(isMessage(error.detail), 'a refusal without a message');
    }
    if (plan) {
      checkPlan(plan, bytes);
      invariant(plan.rows.length > 0, 'no row accounted for');
    }
  });

  it('skips each row with a stray quote and still reads the rows between them', { timeout: 20_000 }, () => {
    const text = HOSTILE_CSV.find((file) => file.fileName === 'stray-quotes.csv')!.text(MB);
    const plan = parseContactsFile(new TextEncoder().encode(text), { fileName: 'stray-quotes.csv', defaultRegion: 'US' });
    const broken = plan.rows.filter((row) => row.reason?.code === 'rowUnclosedQuote');
    // Rows alternate: one opening a quote (skipped), one with quotes inside a value (read).
    invariant(broken.length > 10_000 && broken.every((row) => row.line % 2 === 0), 'the broken rows are the even lines');
    invariant(plan.accepted.length > 1_000 && plan.accepted.every((row) => row.line % 2 === 1), 'the rows in between are read');
  });
});
