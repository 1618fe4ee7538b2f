import iconv from 'iconv-lite';
import { decodeBytes } from './decode.ts';
import { ImportFileError } from './errors.ts';
import type { ImportMessage } from '../../ipc/contacts-wire.ts';
import { importMessage } from './messages.ts';
import { isCjk, joinNameParts, rawContact, type RawContact } from './raw.ts';

/**
 * vCard 2.1, 3.0 and 4.0, line by line. The parsers on npm (vcf, ical.js, vcard4) read 3.0/4.0
 * only: none decodes 2.1's QUOTED-PRINTABLE values with their CHARSET or joins its "=" soft line
 * breaks, which is what Android phones still export, Chinese names included.
 */

interface Property {
  /** Upper-case, without its group ("item1.TEL" is "TEL"). */
  name: string;
  /** Upper-case parameter names; 2.1's bare parameters ("TEL;CELL;PREF") are TYPE values. */
  params: Map<string, string[]>;
  value: string;
}

interface Card {
  contact: RawContact;
  properties: Property[];
  unreadable: number;
}

const ENCODINGS = new Set(['QUOTED-PRINTABLE', 'BASE64', 'B', '8BIT', '7BIT']);
const BEGIN = /^\s*BEGIN\s*:\s*VCARD\s*$/i;
const END = /^\s*END\s*:\s*VCARD\s*$/i;

export function parseVcards(text: string, options: { maxRows: number }): RawContact[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (!lines.some((line) => BEGIN.test(line))) {
    throw new ImportFileError(importMessage('notVcard'));
  }
  const contacts: RawContact[] = [];
  const report = (contact: RawContact) => {
    if (contacts.length >= options.maxRows) {
      throw new ImportFileError(importMessage('tooManyCards', { max: options.maxRows }));
    }
    contacts.push(contact);
  };
  let card: Card | null = null;
  /** First line of text seen outside any card since the last one ended. */
  let stray: number | null = null;

  for (const { line, text: content } of logicalLines(lines)) {
    if (BEGIN.test(content)) {
      if (card) report(malformed(card.contact, 'cardMissingEnd'));
      card = { contact: rawContact(line), properties: [], unreadable: 0 };
      stray = null;
    } else if (END.test(content)) {
      if (card) report(toContact(card));
      else report(malformed(rawContact(stray ?? line), 'cardEndWithoutBegin'));
      card = null;
      stray = null;
    } else if (content.trim() === '') {
      continue;
    } else if (card) {
      const property = parseProperty(content);
      if (property) card.properties.push(property);
      else card.unreadable++;
    } else {
      stray ??= line;
    }
  }
  if (card) report(malformed(card.contact, 'cardMissingEnd'));
  return contacts;
}

function malformed(contact: RawContact, why: 'cardMissingEnd' | 'cardEndWithoutBegin'): RawContact {
  contact.malformed = importMessage(why);
  return contact;
}

/**
 * Joins folded lines (a line break followed by a space or tab, RFC 2425/6350) and 2.1's
 * quoted-printable soft line breaks (a value line ending in "="), keeping each logical line's
 * first physical line number.
 */
function* logicalLines(lines: string[]): Generator<{ line: number; text: string }> {
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    // Pieces joined once at the end: cutting the "=" off a growing string copied it at every
    // line, quadratic in a long value (a 400 KB one took 27 s).
    const pieces = [lines[i] ?? ''];
    const quotedPrintable = isQuotedPrintable(pieces[0]!);
    /** The pieces that are not empty, the last one being where the joined text ends. */
    const filled = pieces[0] === '' ? [] : [0];
    const add = (piece: string) => {
      pieces.push(piece);
      if (piece !== '') filled.push(pieces.length - 1);
    };
    while (i + 1 < lines.length) {
      const next = lines[i + 1] ?? '';
      const last = filled.at(-1);
      if (next.startsWith(' ') || next.startsWith('\t')) {
        add(next.slice(1));
      } else if (quotedPrintable && last !== undefined && pieces[last]!.endsWith('=') && !BEGIN.test(next) && !END.test(next)) {
        pieces[last] = pieces[last]!.slice(0, -1);
        if (pieces[last] === '') filled.pop();
        add(next);
      } else {
        break;
      }
      i++;
    }
    yield { line, text: pieces.join('') };
  }
}

function isQuotedPrintable(line: string): boolean {
  const colon = line.indexOf(':');
  const head = colon === -1 ? line : line.slice(0, colon);
  return /;\s*(ENCODING\s*=\s*)?QUOTED-PRINTABLE\s*(;|$)/i.test(head);
}

/** "[group.]NAME[;param...]:value", parameter values possibly in double quotes (4.0). */
function parseProperty(line: string): Property | null {
  // Parts are cut out by position: built a character at a time, a long line cost seconds.
  const parts: string[] = [];
  let start = 0;
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < line.length; i++) {
    const char = line.charCodeAt(i);
    if (char === 0x22) quoted = !quoted;
    else if (!quoted && char === 0x3b) {
      parts.push(line.slice(start, i));
      start = i + 1;
    } else if (!quoted && char === 0x3a) {
      colon = i;
      break;
    }
  }
  if (colon === -1) return null;
  parts.push(line.slice(start, colon));
  const name = /^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)$/.exec((parts[0] ?? '').trim())?.[1];
  if (name === undefined) return null;
  const params = new Map<string, string[]>();
  const add = (key: string, values: string[]) => params.set(key, [...(params.get(key) ?? []), ...values]);
  for (const param of parts.slice(1)) {
    const equals = param.indexOf('=');
    if (equals === -1) {
      const bare = param.trim().toUpperCase();
      add(ENCODINGS.has(bare) ? 'ENCODING' : 'TYPE', [bare]);
    } else {
      const values = param
        .slice(equals + 1)
        .replace(/"/g, '')
        .split(',');
      add(
        param.slice(0, equals).trim().toUpperCase(),
        values.map((value) => value.trim().toUpperCase()),
      );
    }
  }
  return { name: name.toUpperCase(), params, value: line.slice(colon + 1) };
}

function toContact(card: Card): RawContact {
  const { contact, properties } = card;
  const phones: { value: string; pref: number }[] = [];
  const emails: { value: string; pref: number }[] = [];
  const notes: string[] = [];
  let nameFromN: string | null = null;
  for (const property of properties) {
    const value = decodeValue(property, contact.warnings);
    switch (property.name) {
      case 'FN':
        contact.name ??= unescape(value).trim() || null;
        break;
      case 'N':
        // Components may be lists ("given,other given"): their items are words of the name.
        nameFromN ??= nameFromComponents(
          splitUnescaped(value, ';').map((part) => joinNameParts(splitUnescaped(part, ',').map(unescape)) ?? ''),
        );
        break;
      case 'TEL':
        phones.push({ value: unescape(value), pref: preference(property) });
        break;
      case 'EMAIL':
        emails.push({ value: unescape(value), pref: preference(property) });
        break;
      case 'ORG':
        contact.organization ??= joinComponents(splitUnescaped(value, ';').map(unescape));
        break;
      case 'NOTE':
        notes.push(unescape(value));
        break;
    }
  }
  contact.name ??= nameFromN;
  // The sort is stable: numbers of equal preference keep the file's order.
  contact.phones = phones.sort((a, b) => a.pref - b.pref).map(({ value }) => value);
  contact.emails = emails.sort((a, b) => a.pref - b.pref).map(({ value }) => value);
  contact.note = notes.filter((note) => note.trim() !== '').join('\n') || null;
  if (card.unreadable > 0) {
    contact.warnings.push(importMessage('unreadableLines', { count: card.unreadable }));
  }
  return contact;
}

/** "N:family;given;additional;prefix;suffix". CJK names read family name first, with no space. */
function nameFromComponents([family = '', given = '', additional = '', prefix = '', suffix = '']: string[]): string | null {
  if (isCjk(family) && isCjk(given)) return joinNameParts([family, given]);
  return joinNameParts([prefix, given, additional, family, suffix]);
}

function joinComponents(components: string[]): string | null {
  const present = components.map((component) => component.trim()).filter((component) => component !== '');
  return present.length > 0 ? present.join(', ') : null;
}

/** 4.0's PREF=1..100 (lower is preferred), 3.0's TYPE=pref and 2.1's bare PREF; others last. */
function preference(property: Property): number {
  const pref = Number(property.params.get('PREF')?.[0]);
  if (Number.isInteger(pref) && pref >= 1 && pref <= 100) return pref;
  return property.params.get('TYPE')?.includes('PREF') ? 1 : 101;
}

/** The value as text: quoted-printable decoded in its CHARSET; other values are already text. */
function decodeValue(property: Property, warnings: ImportMessage[]): string {
  if (!property.params.get('ENCODING')?.includes('QUOTED-PRINTABLE')) return property.value;
  const bytes = quotedPrintableBytes(property.value);
  const charset = property.params.get('CHARSET')?.[0];
  if (charset !== undefined) {
    if (iconv.encodingExists(charset)) return iconv.decode(bytes, charset);
    warnings.push(importMessage('charsetUnknown', { property: property.name }));
  }
  try {
    return decodeBytes(bytes).text;
  } catch {
    warnings.push(importMessage('valueUndecodable', { property: property.name }));
    return '';
  }
}

const utf8 = new TextEncoder();
const HEX = /^[0-9A-Fa-f]{2}$/;

function quotedPrintableBytes(value: string): Uint8Array {
  // A UTF-16 code unit never takes more than three bytes of UTF-8.
  const bytes = new Uint8Array(value.length * 3);
  let length = 0;
  let plain = 0;
  const flushPlain = (end: number) => {
    if (end > plain) length += utf8.encodeInto(value.slice(plain, end), bytes.subarray(length)).written;
  };
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) !== 0x3d || !HEX.test(value.slice(i + 1, i + 3))) continue;
    // Text that should have been encoded but was not is kept as it reads.
    flushPlain(i);
    bytes[length++] = parseInt(value.slice(i + 1, i + 3), 16);
    i += 2;
    plain = i + 1;
  }
  flushPlain(value.length);
  return bytes.subarray(0, length);
}

/** Splits a structured value (N, ORG) or a list on the separators that are not escaped. */
function splitUnescaped(value: string, separator: ';' | ','): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    // An escaped character stays in the part, backslash and all; unescape() reads it later.
    if (char === '\\') i++;
    else if (char === separator) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}

function unescape(value: string): string {
  return value.replace(/\\([\\;,:nN])/g, (_, char: string) => (char === 'n' || char === 'N' ? '\n' : char));
}
