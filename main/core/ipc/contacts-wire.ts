/**
 * The contacts room's shapes on the wire: what the main process answers our pages about contacts,
 * CRM imports and backups. The renderer imports these and nothing else of the core; the core
 * modules take them from here, so the contract is defined once, on the seam.
 */

/** Where a field's value came from: WhatsApp itself, or a CRM file (by its file name). */
export type FieldSource = { kind: 'whatsapp' } | { kind: 'crm'; file: string };

/** A contact as the store keeps it, with the source of each field that has a value. */
export interface ContactRecord {
  id: number;
  name: string | null;
  pushName: string | null;
  phones: string[];
  emails: string[];
  organization: string | null;
  note: string | null;
  whatsappId: string | null;
  isBusiness: boolean;
  lastInteractionAt: number | null;
  unread: number;
  sources: Partial<Record<'name' | 'pushName' | 'phones' | 'emails' | 'organization' | 'note', FieldSource>>;
  updatedAt: number;
}

/**
 * What the importer has to say about a file or a row, as data: a code and the values it quotes.
 * The agent reads it in their own language (the renderer's `contacts.message.<code>` templates).
 */
export const IMPORT_MESSAGE_CODES = [
  // Why a row or card was skipped.
  'noPhoneOrEmail',
  'duplicatePhone',
  'duplicateEmail',
  'rowUnclosedQuote',
  'cardMissingEnd',
  'cardEndWithoutBegin',
  // What was dropped or changed in a row: one code per reason a number is refused.
  'phoneEmpty',
  'phoneTooLong',
  'phoneNotPossible',
  'phoneWhatsAppLid',
  'phoneNotANumber',
  'phoneInvalidInternational',
  'phoneInvalidForRegion',
  'emailInvalid',
  'nameTruncated',
  'organizationTruncated',
  'noteTruncated',
  'tooManyPhones',
  'tooManyEmails',
  'extraFields',
  'unreadableLines',
  'charsetUnknown',
  'valueUndecodable',
  'moreWarnings',
  // Why a whole file was refused.
  'fileEmpty',
  'fileTooLarge',
  'fileZip',
  'fileXls',
  'filePdf',
  'fileBinary',
  'fileBadUtf8',
  'fileUnknownEncoding',
  'notVcard',
  'headerUnclosedQuote',
  'tooManyRows',
  'tooManyCards',
  'mappingWithoutPhoneOrEmail',
  'mappingColumnMissing',
  'mappingColumnMissingAndMore',
  'noPhoneOrEmailColumn',
  'noPhoneOrEmailColumnAndMore',
] as const;

export type ImportMessageCode = (typeof IMPORT_MESSAGE_CODES)[number];

/**
 * Values only (line numbers, the file's text, limits, counts): never words to translate. A `count`
 * picks the plural form of a UI template (i18next's convention).
 */
export type ImportMessageParams = Record<string, string | number>;

export interface ImportMessage {
  code: ImportMessageCode;
  params: ImportMessageParams;
}

export type ImportFormat = 'csv' | 'vcard';

/** The CSV layouts the importer recognises by their header. */
export type CsvPreset = 'google' | 'outlook' | 'generic';

/** Which header columns hold what, by header name (case and spacing do not matter). */
export interface ColumnMapping {
  /** One column, or several joined with a space (e.g. given and family name). */
  name?: string | string[];
  phones?: string[];
  emails?: string[];
  organization?: string;
  note?: string;
}

/** What an import of the file would read, before anything is imported: format, encoding, columns. */
export interface ImportPreview {
  format: ImportFormat;
  /** The text encoding the file was read in, e.g. "utf-8", "gb18030". */
  encoding: string;
  /** CSV only: the header, the layout recognised and the mapping it implies. */
  csv: { headers: string[]; preset: CsvPreset | null; mapping: ColumnMapping } | null;
}

export interface RowReport {
  /** 1-based line of the file where the row or card starts. */
  line: number;
  outcome: 'accepted' | 'skipped';
  /** Why a row was skipped; null when accepted. */
  reason: ImportMessage | null;
  /** What was dropped or changed in an accepted row (or noticed in a skipped one). */
  warnings: ImportMessage[];
}

export interface ContactImportReport {
  fileName: string;
  format: ImportFormat;
  encoding: string;
  preset: string | null;
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  /** Row by row: what was taken, what was skipped and why, and warnings (bounded for the UI). */
  rows: RowReport[];
  rowsTruncated: boolean;
}

/**
 * A file the importer will not read at all (empty, binary, no phone or email column...): an
 * answer for the agent, in their language, rather than a failure of the request.
 */
export interface ContactFileRefused {
  refused: ImportMessage;
}

/**
 * How far an import is, pushed while it runs: first the file's rows are read and checked (`done`
 * of the file's `total` rows or cards), then the accepted ones merged (`done` of `total` contacts).
 */
export interface ContactImportProgress {
  fileName: string;
  phase: 'reading' | 'merging';
  done: number;
  total: number;
}

export interface BackupInfo {
  file: string;
  name: string;
  /** When the backup was taken, from its name (ms since the epoch). */
  at: number;
  bytes: number;
}

export interface ContactsSummary {
  count: number;
  lastSyncAt: number | null;
  lastSyncSource: 'indexeddb' | 'dom' | null;
  lastBackup: BackupInfo | null;
  /** False when IT turned restoring off (`backups.restoreAllowed`): the panel offers no restore. */
  restoreAllowed: boolean;
}
