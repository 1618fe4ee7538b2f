import type Database from 'better-sqlite3';

export interface Migration {
  version: number;
  name: string;
  up(db: Database.Database): void;
}

/** Schema history. Append only: a shipped migration is never edited. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'workstation state',
    up(db) {
      // Small facts the product must remember across restarts (e.g. that this profile was once
      // logged in, so a pairing screen now means "logged out", not "first start").
      db.exec(`CREATE TABLE kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL)`);
    },
  },
  {
    version: 2,
    name: 'incidents',
    up(db) {
      db.exec(`
        CREATE TABLE incidents (
          id INTEGER PRIMARY KEY,
          fault TEXT NOT NULL,
          started_at INTEGER NOT NULL,
          detected_at INTEGER,
          failover_at INTEGER,
          recovered_at INTEGER
        );
        CREATE INDEX incidents_started ON incidents (started_at DESC);
        CREATE TABLE incident_events (
          id INTEGER PRIMARY KEY,
          incident_id INTEGER NOT NULL REFERENCES incidents (id),
          at INTEGER NOT NULL,
          kind TEXT NOT NULL,
          detail TEXT
        );
        CREATE INDEX incident_events_incident ON incident_events (incident_id, at);
      `);
    },
  },
  {
    version: 3,
    name: 'contacts',
    up(db) {
      // Phones and emails are kept in order on the contact (the first is the main one) and once
      // more as lookup keys, so a number or an email belongs to one contact and merging is a
      // primary-key lookup. The trigram index finds any part of a name, number or email.
      db.exec(`
        CREATE TABLE contacts (
          id INTEGER PRIMARY KEY,
          name TEXT,
          push_name TEXT,
          phones TEXT NOT NULL DEFAULT '[]',
          emails TEXT NOT NULL DEFAULT '[]',
          organization TEXT,
          note TEXT,
          whatsapp_id TEXT UNIQUE,
          is_business INTEGER NOT NULL DEFAULT 0,
          last_interaction_at INTEGER,
          unread INTEGER NOT NULL DEFAULT 0,
          sources TEXT NOT NULL DEFAULT '{}',
          search_text TEXT NOT NULL DEFAULT '',
          updated_at INTEGER NOT NULL
        );
        CREATE INDEX contacts_name ON contacts (name COLLATE NOCASE);
        CREATE INDEX contacts_push_name ON contacts (push_name COLLATE NOCASE);
        CREATE INDEX contacts_recent ON contacts (last_interaction_at DESC) WHERE last_interaction_at IS NOT NULL;
        CREATE TABLE contact_keys (
          kind TEXT NOT NULL CHECK (kind IN ('phone', 'email')),
          value TEXT NOT NULL,
          contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
          PRIMARY KEY (kind, value)
        ) WITHOUT ROWID;
        CREATE INDEX contact_keys_contact ON contact_keys (contact_id);
        CREATE VIRTUAL TABLE contacts_fts USING fts5 (
          search_text, content = 'contacts', content_rowid = 'id', tokenize = 'trigram remove_diacritics 1'
        );
        CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
          INSERT INTO contacts_fts (rowid, search_text) VALUES (new.id, new.search_text);
        END;
        CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
          INSERT INTO contacts_fts (contacts_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
        END;
        CREATE TRIGGER contacts_fts_update AFTER UPDATE OF search_text ON contacts WHEN old.search_text IS NOT new.search_text BEGIN
          INSERT INTO contacts_fts (contacts_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
          INSERT INTO contacts_fts (rowid, search_text) VALUES (new.id, new.search_text);
        END;
      `);
    },
  },
  {
    version: 4,
    name: 'contacts search index kept by the store',
    up(db) {
      // FTS5 flushes its pending terms at every statement savepoint, and a statement that fires a
      // trigger opens one: indexing by trigger wrote a tiny segment per contact (a 100,000-contact
      // import spent most of its 9 s there). ContactStore, the only writer of contacts, now keeps
      // contacts_fts in step itself, in the same transaction as the row.
      db.exec(`
        DROP TRIGGER contacts_fts_insert;
        DROP TRIGGER contacts_fts_delete;
        DROP TRIGGER contacts_fts_update;
      `);
    },
  },
  {
    version: 10,
    name: 'hub link',
    up(db) {
      // The seat's enrolment with the supervisors' hub: its device token (encrypted where the shell
      // can), how far the incident events have been delivered (events wait in incident_events while
      // the hub is unreachable) and the last request number used (the hub refuses older ones).
      db.exec(`
        CREATE TABLE hub_link (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          hub_url TEXT NOT NULL,
          seat_id TEXT NOT NULL,
          device_token TEXT NOT NULL,
          encrypted INTEGER NOT NULL,
          delivered_seq INTEGER NOT NULL DEFAULT 0,
          last_n INTEGER NOT NULL DEFAULT 0
        )
      `);
    },
  },
];
