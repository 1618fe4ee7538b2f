import type { ImportMessage, ImportMessageCode, ImportMessageParams } from '../../ipc/contacts-wire.ts';

/**
 * The importer's messages (their codes and params are wire types, see contacts-wire.ts): the agent
 * reads them in their own language in the renderer; logs and ImportFileError.message read the
 * English sentence from `importMessageText`.
 */

export function importMessage(code: ImportMessageCode, params: ImportMessageParams = {}): ImportMessage {
  return { code, params };
}

/** The sentences the importer wrote before it spoke in codes: logs keep reading the same. */
const ENGLISH: Record<ImportMessageCode, (p: ImportMessageParams) => string> = {
  noPhoneOrEmail: () => 'no valid phone number or email',
  duplicatePhone: (p) => `duplicate of line ${p.line} (same phone ${p.phone})`,
  duplicateEmail: (p) => `duplicate of line ${p.line} (same email ${p.email})`,
  rowUnclosedQuote: () => 'malformed row: a quoted field is not closed properly',
  cardMissingEnd: () => 'malformed card: missing END:VCARD',
  cardEndWithoutBegin: () => 'malformed card: END:VCARD without BEGIN:VCARD',
  phoneEmpty: (p) => `phone '${p.value}' is empty: dropped`,
  phoneTooLong: (p) => `phone '${p.value}' is longer than ${p.max} characters: dropped`,
  phoneNotPossible: (p) => `phone '${p.value}' is not a possible number: dropped`,
  phoneWhatsAppLid: (p) => `phone '${p.value}' is a WhatsApp private id (LID), not a phone number: dropped`,
  phoneNotANumber: (p) => `phone '${p.value}' is not a phone number: dropped`,
  phoneInvalidInternational: (p) => `phone '${p.value}' is not a valid international number: dropped`,
  phoneInvalidForRegion: (p) => `phone '${p.value}' is not a valid number for region ${p.region}: dropped`,
  emailInvalid: (p) => `email '${p.value}' is not a valid address: dropped`,
  nameTruncated: (p) => `name is longer than ${p.max} characters: truncated`,
  organizationTruncated: (p) => `organization is longer than ${p.max} characters: truncated`,
  noteTruncated: (p) => `note is longer than ${p.max} characters: truncated`,
  tooManyPhones: (p) => `more than ${p.max} phone numbers: only the first ${p.max} were kept`,
  tooManyEmails: (p) => `more than ${p.max} email addresses: only the first ${p.max} were kept`,
  extraFields: (p) => `the row has ${p.fields} fields but the header has ${p.columns}: the extra fields were ignored`,
  unreadableLines: (p) => `${p.count} unreadable line${p.count === 1 ? ' was' : 's were'} ignored`,
  charsetUnknown: (p) => `unknown character set in ${p.property}: the text was guessed`,
  valueUndecodable: (p) => `the ${p.property} value could not be decoded`,
  moreWarnings: (p) => `and ${p.more} more warnings`,
  fileEmpty: () => 'The file is empty.',
  fileTooLarge: (p) => `The file is ${p.size}; files up to ${p.limit} can be imported.`,
  fileZip: () =>
    'The file is a ZIP archive (an Excel .xlsx workbook?), not a CSV or vCard file. Export the contacts as CSV or vCard and try again.',
  fileXls: () => 'The file is an Excel .xls workbook, not a CSV or vCard file. Export the contacts as CSV or vCard and try again.',
  filePdf: () => 'The file is a PDF document, not a CSV or vCard file. Export the contacts as CSV or vCard and try again.',
  fileBinary: () => 'The file is not a text file (it contains binary data).',
  fileBadUtf8: () => 'The file says it is UTF-8 but is not valid UTF-8.',
  fileUnknownEncoding: () => "The file's text encoding could not be recognised. Save it as UTF-8 and try again.",
  notVcard: () => 'The file is not a vCard file: it has no BEGIN:VCARD line.',
  headerUnclosedQuote: () => 'The header row of the file cannot be read: a quoted field is not closed properly.',
  tooManyRows: (p) => `The file has too many rows (the limit is ${p.max}). Split it into smaller files.`,
  tooManyCards: (p) => `The file has too many contacts (the limit is ${p.max}). Split it into smaller files.`,
  mappingWithoutPhoneOrEmail: () => 'The column mapping names no phone or email column.',
  mappingColumnMissing: (p) => `The column "${p.column}" of the mapping is not in the file. Columns found: ${p.columns}.`,
  mappingColumnMissingAndMore: (p) =>
    `The column "${p.column}" of the mapping is not in the file. Columns found: ${p.columns} and ${p.more} more.`,
  noPhoneOrEmailColumn: (p) => `No phone or email column was found in the file's header. Columns found: ${p.columns}.`,
  noPhoneOrEmailColumnAndMore: (p) =>
    `No phone or email column was found in the file's header. Columns found: ${p.columns} and ${p.more} more.`,
};

/** The message as one English sentence, for logs and for ImportFileError.message. */
export function importMessageText(message: ImportMessage): string {
  return ENGLISH[message.code](message.params);
}
