import Papa from 'papaparse';
import type { ContactRecord, FieldSource } from '../ipc/contacts-wire.ts';

const CSV_HEADER = ['name', 'phones', 'emails', 'organization', 'note', 'whatsapp_id', 'push_name', 'sources'];

/**
 * Cells a spreadsheet would run as a formula (OWASP's list; tab and carriage return included) get
 * a leading quote. Cells already quoted that way get one more, so that the importer, which takes
 * one off, gives back what was exported. papaparse's own `escapeFormulae: true` pattern misses
 * cells that span several lines.
 */
const FORMULA = /^'*[=+\-@\t\r]/;

/**
 * The contacts as a CSV file for spreadsheets: one row each, several values in a cell joined with
 * ";". It starts with a byte order mark, without which Excel reads UTF-8 as the local code page
 * and garbles every Chinese name.
 */
export function contactsToCsv(records: ContactRecord[]): string {
  const data = records.map((record) => [
    record.name ?? '',
    record.phones.join(';'),
    record.emails.join(';'),
    record.organization ?? '',
    record.note ?? '',
    record.whatsappId ?? '',
    record.pushName ?? '',
    describeSources(record.sources),
  ]);
  return `\ufeff${Papa.unparse({ fields: CSV_HEADER, data }, { escapeFormulae: FORMULA, newline: '\r\n' })}\r\n`;
}

/** "name=crm:clients.csv;phones=whatsapp" */
function describeSources(sources: ContactRecord['sources']): string {
  return Object.entries(sources)
    .map(([field, source]: [string, FieldSource]) => `${field}=${source.kind === 'crm' ? `crm:${source.file}` : 'whatsapp'}`)
    .join(';');
}

/** The contacts as vCard 4.0 (RFC 6350): escaped text, lines folded at 75 octets, CRLF. */
export function contactsToVcard(records: ContactRecord[]): string {
  return records.map(toVcard).join('');
}

function toVcard(record: ContactRecord): string {
  const lines = ['BEGIN:VCARD', 'VERSION:4.0', `FN:${escapeText(record.name ?? '')}`];
  // The name the customer chose in WhatsApp is what the vCard calls a nickname.
  if (record.pushName !== null) lines.push(`NICKNAME:${escapeText(record.pushName)}`);
  record.phones.forEach((phone, index) => {
    lines.push(`TEL;VALUE=uri${index === 0 ? ';PREF=1' : ''}:tel:${phone}`);
  });
  record.emails.forEach((email, index) => {
    lines.push(`EMAIL${index === 0 ? ';PREF=1' : ''}:${escapeText(email)}`);
  });
  if (record.organization !== null) lines.push(`ORG:${escapeText(record.organization)}`);
  if (record.note !== null) lines.push(`NOTE:${escapeText(record.note)}`);
  lines.push('END:VCARD');
  return lines.map(fold).join('\r\n') + '\r\n';
}

function escapeText(value: string): string {
  return value.replace(/[\\,;]/g, '\\$&').replace(/\r\n|\r|\n/g, '\\n');
}

const utf8 = new TextEncoder();

/** Splits a line into chunks of at most 75 octets (the space of a continuation counts), never inside a character. */
function fold(line: string): string {
  const chunks: string[] = [];
  let chunk = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8.encode(char).length;
    const limit = chunks.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      chunks.push(chunk);
      chunk = '';
      octets = 0;
    }
    chunk += char;
    octets += size;
  }
  chunks.push(chunk);
  return chunks.join('\r\n ');
}
