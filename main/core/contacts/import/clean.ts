import { z } from 'zod';
import type { ContactDraft } from '../contact.ts';
import { normalisePhone, PHONE_MAX_LENGTH, type CountryCode, type PhoneRefusal } from '../phone.ts';
import type { ImportMessage, ImportMessageCode } from '../../ipc/contacts-wire.ts';
import { importMessage } from './messages.ts';
import type { RawContact } from './raw.ts';

/** Bounds on what one contact may carry, in UTF-16 code units like the store's schemas. */
const LIMITS = {
  name: 256,
  organization: 256,
  note: 4_000,
  /** RFC 5321's longest usable address. */
  email: 254,
  /** Numbers and addresses per contact: more is a broken file, not a person. */
  values: 20,
} as const;

/** Control characters, and the bidirectional overrides that make a name read other than it is. */
const INVISIBLE = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu;
const email = z.email();

export interface CleanContact {
  draft: ContactDraft;
  warnings: ImportMessage[];
}

/** Turns a row or card into a draft: numbers in E.164, addresses checked, text made safe. */
export function cleanContact(raw: RawContact, region: CountryCode): CleanContact {
  const warnings: ImportMessage[] = [];
  const phones = new Set<string>();
  for (const value of raw.phones) {
    const result = normalisePhone(value, region);
    if (result.ok) phones.add(result.e164);
    else warnings.push(phoneDropped(shown(value), result.reason, region));
  }
  const emails = new Set<string>();
  for (const value of raw.emails) {
    const address = cleanEmail(value);
    if (address !== null) emails.add(address);
    else warnings.push(importMessage('emailInvalid', { value: shown(value) }));
  }
  const draft: ContactDraft = {
    name: bounded('nameTruncated', oneLine(raw.name), LIMITS.name, warnings),
    phones: atMost('tooManyPhones', [...phones], warnings),
    emails: atMost('tooManyEmails', [...emails], warnings),
    organization: bounded('organizationTruncated', oneLine(raw.organization), LIMITS.organization, warnings),
    note: bounded('noteTruncated', multiLine(raw.note), LIMITS.note, warnings),
  };
  return { draft, warnings };
}

/** A sentence per reason: "phone 'x' is <reason>" cannot be put together word by word in Chinese. */
const PHONE_DROPPED = {
  empty: 'phoneEmpty',
  tooLong: 'phoneTooLong',
  notPossible: 'phoneNotPossible',
  whatsappLid: 'phoneWhatsAppLid',
  notPhoneNumber: 'phoneNotANumber',
  invalidInternational: 'phoneInvalidInternational',
  invalidForRegion: 'phoneInvalidForRegion',
} as const satisfies Record<PhoneRefusal, ImportMessageCode>;

/** The warning for a number that was not kept, quoting the limit or the region where it matters. */
function phoneDropped(value: string, reason: PhoneRefusal, region: CountryCode): ImportMessage {
  if (reason === 'tooLong') return importMessage(PHONE_DROPPED[reason], { value, max: PHONE_MAX_LENGTH });
  if (reason === 'invalidForRegion') return importMessage(PHONE_DROPPED[reason], { value, region });
  return importMessage(PHONE_DROPPED[reason], { value });
}

function cleanEmail(value: string): string | null {
  let address = value.trim().replace(/^mailto:/i, '');
  // "Jane Doe <jane@example.com>"
  address = /<([^<>]*)>\s*$/.exec(address)?.[1]?.trim() ?? address;
  address = address.toLowerCase();
  return address.length <= LIMITS.email && email.safeParse(address).success ? address : null;
}

function oneLine(value: string | null): string | null {
  if (value === null) return null;
  return value.normalize('NFC').replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim() || null;
}

/** Notes keep their line breaks and tabs; every other control character goes. */
function multiLine(value: string | null): string | null {
  if (value === null) return null;
  return (
    value
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      .replace(INVISIBLE, (char) => (char === '\n' || char === '\t' ? char : ''))
      .trim() || null
  );
}

function bounded(
  truncated: 'nameTruncated' | 'organizationTruncated' | 'noteTruncated',
  value: string | null,
  max: number,
  warnings: ImportMessage[],
): string | null {
  if (value === null || value.length <= max) return value;
  warnings.push(importMessage(truncated, { max }));
  return cut(value, max).trimEnd();
}

function atMost(tooMany: 'tooManyPhones' | 'tooManyEmails', values: string[], warnings: ImportMessage[]): string[] {
  if (values.length <= LIMITS.values) return values;
  warnings.push(importMessage(tooMany, { max: LIMITS.values }));
  return values.slice(0, LIMITS.values);
}

/** Cuts without splitting a surrogate pair. */
function cut(value: string, max: number): string {
  const code = value.charCodeAt(max - 1);
  return value.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** A value quoted in a warning: on one line, and short. */
export function shown(value: string): string {
  const line = value.replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${cut(line, 57)}...` : line;
}
