import type { ContactRecord, FieldSource } from '../ipc/contacts-wire.ts';
import type { ContactDraft, WhatsAppContact } from './contact.ts';

/** A contact's fields without the store's bookkeeping. */
export type ContactFields = Omit<ContactRecord, 'id' | 'updatedAt'>;

export const EMPTY_CONTACT: ContactFields = {
  name: null,
  pushName: null,
  phones: [],
  emails: [],
  organization: null,
  note: null,
  whatsappId: null,
  isBusiness: false,
  lastInteractionAt: null,
  unread: 0,
  sources: {},
};

const union = (current: readonly string[], added: readonly string[]) => [...new Set([...current, ...added])];

/**
 * What the company's CRM says about a person is taken as the truth for who they are: its name
 * wins over the one saved in the agent's phone, and its numbers and emails are added to what is
 * known. Fields the file leaves empty keep their value and their source.
 */
export function mergeCrm(current: ContactFields, draft: ContactDraft, file: string): ContactFields {
  const source: FieldSource = { kind: 'crm', file };
  const next: ContactFields = { ...current, sources: { ...current.sources } };
  if (draft.name !== null) {
    next.name = draft.name;
    next.sources.name = source;
  }
  if (draft.organization !== null) {
    next.organization = draft.organization;
    next.sources.organization = source;
  }
  if (draft.note !== null) {
    next.note = draft.note;
    next.sources.note = source;
  }
  const phones = union(current.phones, draft.phones);
  if (phones.length !== current.phones.length) {
    next.phones = phones;
    next.sources.phones = source;
  }
  const emails = union(current.emails, draft.emails);
  if (emails.length !== current.emails.length) {
    next.emails = emails;
    next.sources.emails = source;
  }
  return next;
}

/**
 * WhatsApp knows the chat (id, push name, business flag, activity); the name saved in the agent's
 * phone only fills in where the CRM has not named the person.
 */
export function mergeWhatsApp(current: ContactFields, contact: WhatsAppContact, phone: string | null): ContactFields {
  const source: FieldSource = { kind: 'whatsapp' };
  const next: ContactFields = {
    ...current,
    sources: { ...current.sources },
    whatsappId: contact.id,
    isBusiness: contact.isBusiness,
    unread: contact.unread,
    lastInteractionAt: Math.max(current.lastInteractionAt ?? 0, contact.lastInteractionAt ?? 0) || null,
  };
  if (contact.name !== null && current.sources.name?.kind !== 'crm') {
    next.name = contact.name;
    next.sources.name = source;
  }
  if (contact.pushName !== null) {
    next.pushName = contact.pushName;
    next.sources.pushName = source;
  }
  if (phone !== null && !current.phones.includes(phone)) {
    next.phones = [...current.phones, phone];
    next.sources.phones ??= source;
  }
  return next;
}

/** The number in a WhatsApp id ("15550100001@c.us"): WhatsApp ids are international numbers. */
export function phoneOfWhatsAppId(id: string, reported: string | null): string | null {
  const digits = (reported ?? id.split('@')[0] ?? '').replace(/\D/g, '');
  return digits.length >= 7 && digits.length <= 15 && !digits.startsWith('0') ? `+${digits}` : null;
}

/**
 * The text full-text search looks in: names, numbers as digits (so any run of digits the agent
 * types matches, with or without country code or separators), emails and the company.
 */
export function searchTextOf(fields: ContactFields): string {
  return [fields.name, fields.pushName, fields.organization, ...fields.phones.map((phone) => phone.replace(/\D/g, '')), ...fields.emails]
    .filter((part): part is string => part !== null && part !== '')
    .join(' ');
}

export function sameFields(a: ContactFields, b: ContactFields): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
