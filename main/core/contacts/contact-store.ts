import type { Db } from '../db/database.ts';
import type { ContactRecord, FieldSource } from '../ipc/contacts-wire.ts';
import type { ContactDraft, WhatsAppContactsBatch } from './contact.ts';
import { EMPTY_CONTACT, mergeCrm, mergeWhatsApp, phoneOfWhatsAppId, sameFields, searchTextOf, type ContactFields } from './merge.ts';

interface ContactRow {
  id: number;
  name: string | null;
  push_name: string | null;
  phones: string;
  emails: string;
  organization: string | null;
  note: string | null;
  whatsapp_id: string | null;
  is_business: number;
  last_interaction_at: number | null;
  unread: number;
  sources: string;
  search_text: string;
  updated_at: number;
}

/** A stored contact as the merge sees it, with the text its search index entry was made from. */
interface Stored {
  id: number;
  fields: ContactFields;
  searchText: string;
}

/** What one import or sync changed. */
export interface MergeCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export const SEARCH_LIMIT_MAX = 100;
/** Control characters, bidirectional marks and overrides, the byte order mark. */
const INVISIBLE = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/gu;
const RECENT_WINDOW = 500;
const BULK_CANDIDATES = 500;
const RECENT = `SELECT id, name, push_name, search_text FROM contacts WHERE last_interaction_at IS NOT NULL
  ORDER BY last_interaction_at DESC LIMIT ${RECENT_WINDOW}`;
const PICK = 'SELECT c.* FROM contacts c JOIN hits USING (id) ORDER BY c.last_interaction_at DESC NULLS LAST, c.id LIMIT ?';
/** A name starting with the query: a range on the NOCASE index, so no pattern needs escaping. */
const NAME_FROM = (column: string) => `(${column} COLLATE NOCASE >= @from AND ${column} COLLATE NOCASE < @to)`;

/**
 * The contact backup in the workstation's database. Every write is one transaction: an import
 * or a sync batch lands whole or not at all. Merging is decided by merge.ts; this class finds
 * the contact a draft belongs to (by any of its numbers, then emails) and stores the result.
 */
export class ContactStore {
  readonly #db: Db;
  readonly #sql;

  constructor(db: Db) {
    this.#db = db;
    // Prepared once: an import of 100,000 contacts runs each of these several times per row.
    this.#sql = {
      get: db.prepare('SELECT * FROM contacts WHERE id = ?'),
      byWhatsAppId: db.prepare('SELECT * FROM contacts WHERE whatsapp_id = ?'),
      owner: db.prepare('SELECT contact_id FROM contact_keys WHERE kind = ? AND value = ?').pluck(),
      addKey: db.prepare('INSERT OR IGNORE INTO contact_keys (kind, value, contact_id) VALUES (?, ?, ?)'),
      count: db.prepare('SELECT count(*) FROM contacts').pluck(),
      // The store keeps the search index itself (migration 4 says why it is not a trigger).
      indexAdd: db.prepare('INSERT INTO contacts_fts (rowid, search_text) VALUES (?, ?)'),
      indexRemove: db.prepare(`INSERT INTO contacts_fts (contacts_fts, rowid, search_text) VALUES ('delete', ?, ?)`),
      all: db.prepare('SELECT * FROM contacts ORDER BY name COLLATE NOCASE, id'),
      insert: db.prepare(
        `INSERT INTO contacts (name, push_name, phones, emails, organization, note, whatsapp_id, is_business,
           last_interaction_at, unread, sources, search_text, updated_at)
         VALUES (@name, @push_name, @phones, @emails, @organization, @note, @whatsapp_id, @is_business,
           @last_interaction_at, @unread, @sources, @search_text, @updated_at)`,
      ),
      update: db.prepare(
        `UPDATE contacts SET name = @name, push_name = @push_name, phones = @phones, emails = @emails,
           organization = @organization, note = @note, whatsapp_id = @whatsapp_id, is_business = @is_business,
           last_interaction_at = @last_interaction_at, unread = @unread, sources = @sources,
           search_text = @search_text, updated_at = @updated_at
         WHERE id = @id`,
      ),
      searchPrefix: db.prepare(
        `WITH recent AS (${RECENT}), hits AS (
           SELECT id FROM recent WHERE ${NAME_FROM('name')} OR ${NAME_FROM('push_name')}
           UNION SELECT id FROM (SELECT id FROM contacts WHERE ${NAME_FROM('name')} LIMIT ${BULK_CANDIDATES})
           UNION SELECT id FROM (SELECT id FROM contacts WHERE ${NAME_FROM('push_name')} LIMIT ${BULK_CANDIDATES}))
         SELECT c.* FROM contacts c JOIN hits USING (id) ORDER BY c.last_interaction_at DESC NULLS LAST, c.id LIMIT @max`,
      ),
    };
  }

  /** Merges a CRM file's contacts in one transaction (a failure leaves the store as it was). */
  importCrm(drafts: readonly ContactDraft[], file: string, now: number): MergeCounts {
    return this.#db.transaction(() => {
      const counts: MergeCounts = { created: 0, updated: 0, unchanged: 0 };
      for (const draft of drafts) this.#mergeCrm(draft, file, now, counts);
      return counts;
    })();
  }

  /**
   * The same merge, still one transaction, in steps of `step` drafts with `between` awaited after
   * each, so that a large file does not hold the event loop for seconds. The transaction stays
   * open across the steps: the caller must keep every other writer of this connection out until
   * the promise settles (WriteGate.hold), or their writes would join it (and its rollback).
   */
  async importCrmInSteps(
    drafts: readonly ContactDraft[],
    file: string,
    now: number,
    options: { step: number; between: (merged: number) => Promise<void> },
  ): Promise<MergeCounts> {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const counts: MergeCounts = { created: 0, updated: 0, unchanged: 0 };
      for (let start = 0; start < drafts.length; start += options.step) {
        const end = Math.min(start + options.step, drafts.length);
        for (let i = start; i < end; i++) this.#mergeCrm(drafts[i]!, file, now, counts);
        await options.between(end);
      }
      this.#db.exec('COMMIT');
      return counts;
    } catch (error) {
      if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  #mergeCrm(draft: ContactDraft, file: string, now: number, counts: MergeCounts): void {
    const existing = this.#findByKeys(draft.phones, draft.emails);
    // Numbers and emails already owned by another contact stay with it; the rest merge here. With
    // no contact found, findByKeys looked every one of them up: all are free.
    const fitted: ContactDraft = existing
      ? {
          ...draft,
          phones: draft.phones.filter((phone) => this.#ownedBy('phone', phone, existing.id)),
          emails: draft.emails.filter((email) => this.#ownedBy('email', email, existing.id)),
        }
      : draft;
    this.#save(existing, mergeCrm(existing?.fields ?? EMPTY_CONTACT, fitted, file), now, counts);
  }

  /** Merges one batch from the in-page WhatsApp reader, in one transaction. */
  syncWhatsApp(batch: WhatsAppContactsBatch, now: number): MergeCounts {
    return this.#db.transaction(() => {
      const counts: MergeCounts = { created: 0, updated: 0, unchanged: 0 };
      for (const contact of batch.contacts) {
        const phone = phoneOfWhatsAppId(contact.id, contact.phone);
        const existing = this.#findByWhatsAppId(contact.id) ?? this.#findByKeys(phone ? [phone] : [], []);
        const usablePhone = phone !== null && this.#ownedBy('phone', phone, existing?.id) ? phone : null;
        this.#save(existing, mergeWhatsApp(existing?.fields ?? EMPTY_CONTACT, contact, usablePhone), now, counts);
      }
      return counts;
    })();
  }

  /**
   * Search as you type. Three characters or more look anywhere in names, numbers, emails and
   * company (every word of the query must match); shorter queries match the start of a name.
   * The customers the agent talked to last come first. To stay within milliseconds on a large
   * book, candidates are the most recent RECENT_WINDOW chats (all checked) plus the first
   * BULK_CANDIDATES index hits; a query precise enough to matter finds everything.
   */
  search(query: string, limit = 20): ContactRecord[] {
    const max = Math.min(Math.max(1, Math.trunc(limit)), SEARCH_LIMIT_MAX);
    const terms = searchTerms(query);
    let rows: ContactRow[];
    if (terms.long.length > 0) {
      const match = terms.long.map((term) => `"${term.replaceAll('"', '""')}"`).join(' AND ');
      const likes = terms.long.map((term) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      rows = this.#db
        .prepare(
          `WITH recent AS (${RECENT}), hits AS (
             SELECT id FROM recent WHERE ${likes.map(() => "search_text LIKE ? ESCAPE '\\'").join(' AND ')}
             UNION SELECT id FROM (SELECT rowid AS id FROM contacts_fts WHERE contacts_fts MATCH ? LIMIT ${BULK_CANDIDATES}))
           ${PICK}`,
        )
        .all(...likes, match, max) as ContactRow[];
    } else {
      if (terms.short === '') return [];
      const [from, to] = [terms.short, `${terms.short}\u{10FFFF}`];
      rows = this.#sql.searchPrefix.all({ from, to, max }) as ContactRow[];
    }
    return rows.map(toRecord);
  }

  get(id: number): ContactRecord | null {
    const row = this.#sql.get.get(id) as ContactRow | undefined;
    return row ? toRecord(row) : null;
  }

  count(): number {
    return this.#sql.count.get() as number;
  }

  /** Every contact, by name, for export; read lazily so a large book is never all in memory. */
  *all(): Generator<ContactRecord> {
    for (const row of this.#sql.all.iterate()) yield toRecord(row as ContactRow);
  }

  #owner(kind: 'phone' | 'email', value: string): number | null {
    return (this.#sql.owner.get(kind, value) as number | undefined) ?? null;
  }

  /** The value is free, or already this contact's. */
  #ownedBy(kind: 'phone' | 'email', value: string, id: number | undefined): boolean {
    const owner = this.#owner(kind, value);
    return owner === null || owner === id;
  }

  #findByKeys(phones: readonly string[], emails: readonly string[]): Stored | null {
    for (const [kind, values] of [
      ['phone', phones],
      ['email', emails],
    ] as const) {
      for (const value of values) {
        const id = this.#owner(kind, value);
        if (id !== null) return this.#load(id);
      }
    }
    return null;
  }

  #findByWhatsAppId(whatsappId: string): Stored | null {
    return storedOf(this.#sql.byWhatsAppId.get(whatsappId) as ContactRow | undefined);
  }

  #load(id: number): Stored | null {
    return storedOf(this.#sql.get.get(id) as ContactRow | undefined);
  }

  #save(existing: Stored | null, fields: ContactFields, now: number, counts: MergeCounts): void {
    if (existing && sameFields(existing.fields, fields)) {
      counts.unchanged += 1;
      return;
    }
    const values = {
      name: fields.name,
      push_name: fields.pushName,
      phones: JSON.stringify(fields.phones),
      emails: JSON.stringify(fields.emails),
      organization: fields.organization,
      note: fields.note,
      whatsapp_id: fields.whatsappId,
      is_business: fields.isBusiness ? 1 : 0,
      last_interaction_at: fields.lastInteractionAt,
      unread: fields.unread,
      sources: JSON.stringify(fields.sources),
      search_text: searchTextOf(fields),
      updated_at: now,
    };
    let id: number;
    if (existing) {
      id = existing.id;
      this.#sql.update.run({ ...values, id });
      if (existing.searchText !== values.search_text) {
        this.#sql.indexRemove.run(id, existing.searchText);
        this.#sql.indexAdd.run(id, values.search_text);
      }
      counts.updated += 1;
    } else {
      id = Number(this.#sql.insert.run(values).lastInsertRowid);
      this.#sql.indexAdd.run(id, values.search_text);
      counts.created += 1;
    }
    for (const phone of fields.phones) this.#sql.addKey.run('phone', phone, id);
    for (const email of fields.emails) this.#sql.addKey.run('email', email, id);
  }
}

/**
 * Splits what the agent typed into words. A word that looks like a phone number is reduced to its
 * digits, as numbers are indexed; words shorter than the trigram index can look up are left to
 * the name-prefix search, which only runs when no word is long enough.
 */
export function searchTerms(query: string): { long: string[]; short: string } {
  // Control characters (a NUL ends an FTS5 string: "unterminated string") and the invisible marks
  // the importer strips from names never match stored text: they go; tabs and line breaks part words.
  const visible = query.normalize('NFC').replace(INVISIBLE, (char) => (/\s/.test(char) ? ' ' : ''));
  const trimmed = visible.trim().slice(0, 200);
  const phoneLike = /^[+\d][\d\s().-]*$/.test(trimmed);
  const words = phoneLike ? [trimmed.replace(/\D/g, '')] : trimmed.split(/\s+/);
  return { long: words.filter((word) => [...word].length >= 3), short: trimmed };
}

function toRecord(row: ContactRow): ContactRecord {
  return {
    id: row.id,
    name: row.name,
    pushName: row.push_name,
    phones: JSON.parse(row.phones) as string[],
    emails: JSON.parse(row.emails) as string[],
    organization: row.organization,
    note: row.note,
    whatsappId: row.whatsapp_id,
    isBusiness: row.is_business === 1,
    lastInteractionAt: row.last_interaction_at,
    unread: row.unread,
    sources: JSON.parse(row.sources) as Partial<Record<string, FieldSource>>,
    updatedAt: row.updated_at,
  };
}

function storedOf(row: ContactRow | undefined): Stored | null {
  if (!row) return null;
  const { id: _id, updatedAt: _updatedAt, ...fields } = toRecord(row);
  return { id: row.id, fields, searchText: row.search_text };
}
