import type { ColumnMapping, CsvPreset, ImportMessageParams } from '../../ipc/contacts-wire.ts';
import { shown } from './clean.ts';
import { csvRows, type CsvRow } from './csv-rows.ts';
import { ImportFileError } from './errors.ts';
import { importMessage } from './messages.ts';
import { joinNameParts, rawContact, type RawContact } from './raw.ts';

export interface CsvContacts {
  /** The layout that was recognised; null when the caller gave a mapping. */
  preset: CsvPreset | null;
  contacts: RawContact[];
}

/** Column indexes for each field. */
interface Columns {
  /** Ways to build the name, best first: the first one that gives a name for a row is used. */
  name: number[][];
  phones: number[];
  emails: number[];
  organization: number[];
  note: number[];
}

const DELIMITERS = [',', ';', '\t'];

/** The table's text with one kind of line break, its delimiter, and the line it starts on. */
function prepare(input: string): { text: string; delimiter: string; firstLine: number } {
  // One kind of line break, so that line numbers and quoted line breaks are counted one way.
  const text = input.replace(/\r\n?/g, '\n');
  // Excel's hint line: "sep=;" names the delimiter and is not part of the table.
  const hint = /^"?sep=(.)"?\n/i.exec(text);
  if (hint?.[1]) return { text: text.slice(hint[0].length), delimiter: hint[1], firstLine: 2 };
  return { text, delimiter: guessDelimiter(text), firstLine: 1 };
}

/**
 * The header row, and the columns the file's layout was recognised to hold, as a mapping the
 * agent can check and change before importing. No recognised layout: an empty mapping.
 */
export function describeCsv(input: string): { headers: string[]; preset: CsvPreset | null; mapping: ColumnMapping } {
  const { text, delimiter, firstLine } = prepare(input);
  let first: CsvRow | undefined;
  for (const row of csvRows(text, delimiter, firstLine)) {
    if (row.unclosedQuote || row.cells.some((cell) => cell.trim() !== '')) {
      first = row;
      break;
    }
  }
  if (first?.unclosedQuote) throw new ImportFileError(importMessage('headerUnclosedQuote'));
  const headers = (first?.cells ?? []).map((cell) => cell.trim());
  if (headers.every((h) => h === '')) throw new ImportFileError(importMessage('fileEmpty'));
  let resolved: { columns: Columns; preset: CsvPreset | null };
  try {
    resolved = resolveColumns(headers, undefined);
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    return { headers, preset: null, mapping: {} };
  }
  const { columns, preset } = resolved;
  const names = (indexes: number[]) => indexes.map((index) => headers[index]!).filter((h) => h !== '');
  const mapping: ColumnMapping = { phones: names(columns.phones), emails: names(columns.emails) };
  const name = names(columns.name[0] ?? []);
  if (name.length > 0) mapping.name = name;
  const [organization] = names(columns.organization);
  if (organization) mapping.organization = organization;
  const [note] = names(columns.note);
  if (note) mapping.note = note;
  return { headers, preset, mapping };
}

export function parseCsv(input: string, options: { mapping?: ColumnMapping; maxRows: number }): CsvContacts {
  const { text, delimiter, firstLine } = prepare(input);

  let header: string[] | null = null;
  let columns: Columns | null = null;
  let preset: CsvPreset | null = null;
  const contacts: RawContact[] = [];
  for (const row of csvRows(text, delimiter, firstLine)) {
    if (row.cells.every((cell) => cell.trim() === '') && !row.unclosedQuote) continue;
    if (header === null || columns === null) {
      if (row.unclosedQuote) throw new ImportFileError(importMessage('headerUnclosedQuote'));
      header = row.cells.map((cell) => cell.trim());
      ({ columns, preset } = resolveColumns(header, options.mapping));
      continue;
    }
    if (contacts.length >= options.maxRows) {
      throw new ImportFileError(importMessage('tooManyRows', { max: options.maxRows }));
    }
    contacts.push(toRawContact(row, header.length, columns));
  }
  if (header === null) throw new ImportFileError(importMessage('fileEmpty'));
  return { preset, contacts };
}

/** The delimiter used most often outside quotes on the first non-empty line; a comma on a tie. */
function guessDelimiter(text: string): string {
  const line = /^[^\S\n]*\S.*$/m.exec(text)?.[0] ?? '';
  const counts = new Map(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best = ',';
  for (const [d, count] of counts) if (count > (counts.get(best) ?? 0)) best = d;
  return best;
}

function resolveColumns(header: string[], mapping: ColumnMapping | undefined): { columns: Columns; preset: CsvPreset | null } {
  if (mapping) {
    const columns = fromMapping(header, mapping);
    if (columns.phones.length === 0 && columns.emails.length === 0) {
      throw new ImportFileError(importMessage('mappingWithoutPhoneOrEmail'));
    }
    return { columns, preset: null };
  }
  for (const [preset, resolve] of PRESETS) {
    const columns = resolve(header);
    if (columns && (columns.phones.length > 0 || columns.emails.length > 0)) return { columns, preset };
  }
  throw quotingHeader('noPhoneOrEmailColumn', header);
}

/** A refusal that quotes the header, for the agent to see what the file has: 20 names at most. */
function quotingHeader(
  code: 'noPhoneOrEmailColumn' | 'mappingColumnMissing',
  header: string[],
  params: ImportMessageParams = {},
): ImportFileError {
  const named = header.filter((h) => h !== '');
  const columns = named.slice(0, 20).map(shown).join(', ');
  const more = named.length - 20;
  return new ImportFileError(
    more > 0 ? importMessage(`${code}AndMore`, { ...params, columns, more }) : importMessage(code, { ...params, columns }),
  );
}

/** "E-mail  Address " and "e-mail address" are the same column. */
const headerKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

function indexOf(header: string[], name: string): number | undefined {
  const key = headerKey(name);
  const index = header.findIndex((h) => headerKey(h) === key);
  return index === -1 ? undefined : index;
}

function present(header: string[], names: string[]): number[] {
  return names.flatMap((name) => indexOf(header, name) ?? []);
}

function fromMapping(header: string[], mapping: ColumnMapping): Columns {
  const need = (name: string) => {
    const index = indexOf(header, name);
    if (index === undefined) throw quotingHeader('mappingColumnMissing', header, { column: name });
    return index;
  };
  const name = mapping.name === undefined ? [] : typeof mapping.name === 'string' ? [mapping.name] : mapping.name;
  return {
    name: name.length > 0 ? [name.map(need)] : [],
    phones: (mapping.phones ?? []).map(need),
    emails: (mapping.emails ?? []).map(need),
    organization: mapping.organization === undefined ? [] : [need(mapping.organization)],
    note: mapping.note === undefined ? [] : [need(mapping.note)],
  };
}

/** Columns such as "Phone 1 - Value", in the order of their number. */
function numbered(header: string[], pattern: RegExp): number[] {
  return header
    .map((h, index) => ({ index, n: Number(pattern.exec(headerKey(h))?.[1] ?? NaN) }))
    .filter(({ n }) => !Number.isNaN(n))
    .sort((a, b) => a.n - b.n)
    .map(({ index }) => index);
}

/** Google Contacts' export, old ("Name", "Given Name"...) and current ("First Name"...). */
function google(header: string[]): Columns | null {
  const phones = numbered(header, /^phone (\d+) - value$/);
  const emails = numbered(header, /^e-mail (\d+) - value$/);
  if (phones.length === 0 && emails.length === 0) return null;
  return {
    name: [
      present(header, ['Name']),
      present(header, ['First Name', 'Middle Name', 'Last Name']),
      present(header, ['Given Name', 'Additional Name', 'Family Name']),
    ].filter((parts) => parts.length > 0),
    phones,
    emails,
    organization: present(header, ['Organization 1 - Name', 'Organization Name']),
    note: present(header, ['Notes']),
  };
}

/** Outlook's export. The mobile comes first: that is the number WhatsApp lives on. */
function outlook(header: string[]): Columns | null {
  if (indexOf(header, 'E-mail Address') === undefined || indexOf(header, 'First Name') === undefined) return null;
  return {
    name: [present(header, ['First Name', 'Middle Name', 'Last Name'])],
    phones: present(header, [
      'Mobile Phone',
      'Primary Phone',
      'Business Phone',
      'Business Phone 2',
      'Home Phone',
      'Home Phone 2',
      'Other Phone',
      'Car Phone',
      'Company Main Phone',
    ]),
    emails: present(header, ['E-mail Address', 'E-mail 2 Address', 'E-mail 3 Address']),
    organization: present(header, ['Company']),
    note: present(header, ['Notes']),
  };
}

/** Header names reduced to letters and digits: "E-mail", "e_mail" and "EMAIL" all read "email". */
const compact = (name: string) =>
  name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');

const FULL_NAME = new Set([
  'name',
  'fullname',
  'displayname',
  'contactname',
  'contact',
  'customer',
  'customername',
  'client',
  'clientname',
  '姓名',
  '名字',
  '联系人',
  '名称',
  '客户',
  '客户名称',
  '客户姓名',
]);
const GIVEN_NAME = new Set(['firstname', 'givenname', 'forename', '名']);
const MIDDLE_NAME = new Set(['middlename']);
const FAMILY_NAME = new Set(['lastname', 'familyname', 'surname', '姓']);
/** Labels that describe another column ("Phone Type"). */
const IGNORED = /type|label|类型|类别/;
const EMAIL = /email|^mail$|^mail\d|邮箱|邮件/;
/** A "WhatsApp" column holds a number; our own export's "whatsapp_id" repeats one, as an id. */
const PHONE = /phone|mobile|^tel|^cell|whatsapp(?!id)|电话|手机/;
const ORGANIZATION = /company|organi[sz]ation|^org$|employer|公司|单位|企业/;
const NOTE = /^(notes?|comments?|remarks?|memo)$|备注|说明/;

/** Any other CSV: header names in English or Chinese. */
function generic(header: string[]): Columns {
  const columns: Columns = { name: [], phones: [], emails: [], organization: [], note: [] };
  const full: number[] = [];
  const given: number[] = [];
  const middle: number[] = [];
  const family: number[] = [];
  header.forEach((h, index) => {
    const key = compact(h);
    if (key === '' || IGNORED.test(key)) return;
    if (EMAIL.test(key)) columns.emails.push(index);
    else if (PHONE.test(key)) columns.phones.push(index);
    else if (ORGANIZATION.test(key)) columns.organization.push(index);
    else if (NOTE.test(key)) columns.note.push(index);
    else if (FULL_NAME.has(key)) full.push(index);
    else if (GIVEN_NAME.has(key)) given.push(index);
    else if (MIDDLE_NAME.has(key)) middle.push(index);
    else if (FAMILY_NAME.has(key)) family.push(index);
  });
  // "姓" (family) and "名" (given) columns: Chinese writes the family name first.
  const chineseOrder = given.some((i) => header[i]?.trim() === '名');
  const parts = chineseOrder ? [...family, ...given] : [...given, ...middle, ...family];
  columns.name = [full.slice(0, 1), parts].filter((alternative) => alternative.length > 0);
  return columns;
}

const PRESETS: [CsvPreset, (header: string[]) => Columns | null][] = [
  ['google', google],
  ['outlook', outlook],
  ['generic', generic],
];

/** Our own export guards formula-like cells with a leading quote; take it off again. */
const unguard = (cell: string) => cell.replace(/^'(?='*[=+\-@\t\r])/, '');

/**
 * Between values in one cell. Spaces around them are trimmed off the parts afterwards: a pattern
 * with `\s*` on both sides backtracks quadratically over a long run of spaces.
 */
const VALUE_SEPARATOR = /:::|[;,|\n；，、]/;

/** Numbers in one cell: "a; b", "a, b", "a / b", Google's "a ::: b". */
function splitPhones(cell: string): string[] {
  return cell
    .split(VALUE_SEPARATOR)
    .flatMap((part) => {
      // "030/1234567" is one German number; "13812345678/13912345678" are two.
      const halves = part.split('/');
      return halves.length > 1 && halves.every((half) => (half.match(/\d/g)?.length ?? 0) >= 6) ? halves : [part];
    })
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function splitEmails(cell: string): string[] {
  return cell
    .split(VALUE_SEPARATOR)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

function toRawContact(row: CsvRow, headerLength: number, columns: Columns): RawContact {
  const contact = rawContact(row.line);
  if (row.unclosedQuote) {
    contact.malformed = importMessage('rowUnclosedQuote');
    return contact;
  }
  const cell = (index: number) => unguard((row.cells[index] ?? '').trim());
  for (const parts of columns.name) {
    contact.name = joinNameParts(parts.map(cell));
    if (contact.name !== null) break;
  }
  contact.phones = columns.phones.flatMap((index) => splitPhones(cell(index)));
  contact.emails = columns.emails.flatMap((index) => splitEmails(cell(index)));
  contact.organization = columns.organization.map(cell).find((value) => value !== '') ?? null;
  const notes = columns.note.map(cell).filter((value) => value !== '');
  contact.note = notes.length > 0 ? notes.join('\n') : null;
  if (row.cells.slice(headerLength).some((value) => value.trim() !== '')) {
    contact.warnings.push(importMessage('extraFields', { fields: row.cells.length, columns: headerLength }));
  }
  return contact;
}
