import type { ContactDraft } from '../contact.ts';
import { isCountryCode, type CountryCode } from '../phone.ts';
import { cleanContact } from './clean.ts';
import type { ColumnMapping, CsvPreset, ImportFormat, ImportMessage, ImportPreview, RowReport } from '../../ipc/contacts-wire.ts';
import { describeCsv, parseCsv } from './csv.ts';
import { decodeBytes } from './decode.ts';
import { ImportFileError } from './errors.ts';
import { importMessage } from './messages.ts';
import type { RawContact } from './raw.ts';
import { parseVcards } from './vcard.ts';

export { ImportFileError };

export interface ImportOptions {
  /** Shown in messages, and tells a vCard file by its extension when the content does not. */
  fileName: string;
  /** Detected from the content, then the extension, when absent. */
  format?: ImportFormat;
  /** CSV only: which columns hold what. Without it the layout is recognised from the header. */
  mapping?: ColumnMapping;
  /** The region of numbers written without a country code. */
  defaultRegion: CountryCode;
  maxBytes?: number;
  maxRows?: number;
  /** Told every PROGRESS_EVERY rows how many of the file's rows were read and checked. */
  onProgress?: (done: number, total: number) => void;
}

const PROGRESS_EVERY = 1_000;

export interface ImportPlan {
  format: ImportFormat;
  /** The text encoding the file was read in, e.g. "utf-8", "gb18030". */
  encoding: string;
  /** The CSV layout recognised ("google", "outlook", "generic"); null for vCard or a given mapping. */
  preset: CsvPreset | null;
  accepted: { line: number; draft: ContactDraft }[];
  /** Every row or card, in file order: accepted and skipped. */
  rows: RowReport[];
}

export const IMPORT_LIMITS = { maxBytes: 50 * 1024 * 1024, maxRows: 200_000 } as const;

/** A row whose every number is wrong would otherwise bury the report. */
const MAX_WARNINGS = 20;

const BINARY_FORMATS: [bytes: number[], refusal: 'fileZip' | 'fileXls' | 'filePdf'][] = [
  [[0x50, 0x4b, 0x03, 0x04], 'fileZip'],
  [[0xd0, 0xcf, 0x11, 0xe0], 'fileXls'],
  [[0x25, 0x50, 0x44, 0x46], 'filePdf'],
];

/**
 * Reads a CRM export (CSV or vCard) into drafts, without touching the store: the plan says what
 * would be imported and, row by row, what was skipped and why. Problems with the file as a whole
 * throw ImportFileError; problems with a row never throw.
 */
export function parseContactsFile(bytes: Uint8Array, options: ImportOptions): ImportPlan {
  if (!isCountryCode(options.defaultRegion)) throw new RangeError(`Unknown region "${String(options.defaultRegion)}"`);
  const maxRows = options.maxRows ?? IMPORT_LIMITS.maxRows;
  const { text, encoding, format } = readFile(bytes, options);
  let preset: CsvPreset | null = null;
  let contacts: RawContact[];
  if (format === 'vcard') {
    contacts = parseVcards(text, { maxRows });
  } else {
    ({ preset, contacts } = parseCsv(text, { mapping: options.mapping, maxRows }));
  }
  return { format, encoding, preset, ...review(contacts, options.defaultRegion, options.onProgress) };
}

/** What an import of the file would read, before anything is imported: format, encoding, columns. */
export function previewContactsFile(bytes: Uint8Array, options: Pick<ImportOptions, 'fileName' | 'format' | 'maxBytes'>): ImportPreview {
  const { text, encoding, format } = readFile(bytes, options);
  return { format, encoding, csv: format === 'csv' ? describeCsv(text) : null };
}

/** Refuses what is not a contacts file at all, then decodes it and tells its format. */
function readFile(
  bytes: Uint8Array,
  options: Pick<ImportOptions, 'fileName' | 'format' | 'maxBytes'>,
): { text: string; encoding: string; format: ImportFormat } {
  const maxBytes = options.maxBytes ?? IMPORT_LIMITS.maxBytes;
  if (bytes.length === 0) throw new ImportFileError(importMessage('fileEmpty'));
  if (bytes.length > maxBytes) {
    throw new ImportFileError(importMessage('fileTooLarge', { size: size(bytes.length), limit: size(maxBytes) }));
  }
  for (const [magic, refusal] of BINARY_FORMATS) {
    if (magic.every((byte, i) => bytes[i] === byte)) throw new ImportFileError(importMessage(refusal));
  }
  const { text, encoding } = decodeBytes(bytes);
  return { text, encoding, format: options.format ?? detectFormat(text, options.fileName) };
}

/** "2 KB", "1.5 MB": digits and units that read the same in both languages of the UI. */
function size(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${mb.toFixed(1).replace(/\.0$/, '')} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function detectFormat(text: string, fileName: string): ImportFormat {
  const firstLine = /\S[^\r\n]*/.exec(text)?.[0] ?? '';
  if (/^BEGIN\s*:\s*VCARD\s*$/i.test(firstLine.trim())) return 'vcard';
  return /\.(vcf|vcard)$/i.test(fileName.trim()) ? 'vcard' : 'csv';
}

/** Cleans each row and skips the unusable ones and those already seen earlier in the file. */
function review(
  contacts: RawContact[],
  region: CountryCode,
  onProgress: ImportOptions['onProgress'],
): Pick<ImportPlan, 'accepted' | 'rows'> {
  const accepted: ImportPlan['accepted'] = [];
  const rows: RowReport[] = [];
  const linesByPhone = new Map<string, number>();
  const linesByEmail = new Map<string, number>();
  const skip = (line: number, reason: ImportMessage, warnings: ImportMessage[]) =>
    rows.push({ line, outcome: 'skipped', reason, warnings: capped(warnings) });

  for (const [index, raw] of contacts.entries()) {
    if (index % PROGRESS_EVERY === 0) onProgress?.(index, contacts.length);
    if (raw.malformed !== null) {
      skip(raw.line, raw.malformed, raw.warnings);
      continue;
    }
    const { draft, warnings: cleaning } = cleanContact(raw, region);
    const warnings = [...raw.warnings, ...cleaning];
    if (draft.phones.length === 0 && draft.emails.length === 0) {
      skip(raw.line, importMessage('noPhoneOrEmail'), warnings);
      continue;
    }
    const phone = draft.phones.find((p) => linesByPhone.has(p));
    const email = phone === undefined ? draft.emails.find((e) => linesByEmail.has(e)) : undefined;
    if (phone !== undefined) {
      skip(raw.line, importMessage('duplicatePhone', { line: linesByPhone.get(phone)!, phone }), warnings);
      continue;
    }
    if (email !== undefined) {
      skip(raw.line, importMessage('duplicateEmail', { line: linesByEmail.get(email)!, email }), warnings);
      continue;
    }
    for (const p of draft.phones) linesByPhone.set(p, raw.line);
    for (const e of draft.emails) linesByEmail.set(e, raw.line);
    accepted.push({ line: raw.line, draft });
    rows.push({ line: raw.line, outcome: 'accepted', reason: null, warnings: capped(warnings) });
  }
  onProgress?.(contacts.length, contacts.length);
  return { accepted, rows };
}

function capped(warnings: ImportMessage[]): ImportMessage[] {
  if (warnings.length <= MAX_WARNINGS) return warnings;
  return [...warnings.slice(0, MAX_WARNINGS - 1), importMessage('moreWarnings', { more: warnings.length - MAX_WARNINGS + 1 })];
}
