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
    version: 5,
    name: 'outbox',
    up(db) {
      // Email, SMS and other messengers sent from the failover pane. The Message-ID is fixed when
      // the message is queued, so a resend after a crash in the send window is the same message.
      db.exec(`
        CREATE TABLE outbox_messages (
          id INTEGER PRIMARY KEY,
          channel TEXT NOT NULL,
          recipient TEXT NOT NULL,
          subject TEXT,
          text TEXT NOT NULL,
          html TEXT,
          message_id TEXT NOT NULL UNIQUE,
          state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER NOT NULL,
          last_error TEXT,
          contact_id INTEGER,
          incident_id INTEGER,
          template TEXT,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          sent_at INTEGER
        );
        CREATE INDEX outbox_due ON outbox_messages (next_attempt_at) WHERE state IN ('queued', 'sending');
        CREATE INDEX outbox_recent ON outbox_messages (created_at DESC);
      `);
    },
  },
  {
    version: 6,
    name: 'customer notices',
    up(db) {
      // One notice per customer per incident: the primary key is what makes "never twice" hold.
      db.exec(`
        CREATE TABLE customer_notices (
          incident_id INTEGER NOT NULL,
          contact_id INTEGER NOT NULL,
          message_id INTEGER NOT NULL REFERENCES outbox_messages (id),
          at INTEGER NOT NULL,
          PRIMARY KEY (incident_id, contact_id)
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 7,
    name: 'offline WhatsApp queue',
    up(db) {
      // seen_before: the chat's outgoing rows with the same text when the send window opened, so
      // that after a crash a row with this text and another id proves the message went out.
      db.exec(`
        CREATE TABLE whatsapp_queue (
          id INTEGER PRIMARY KEY,
          incident_id INTEGER,
          contact_id INTEGER,
          customer_name TEXT,
          phone TEXT NOT NULL,
          text TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'invalid', 'cancelled')),
          seen_before TEXT NOT NULL DEFAULT '[]',
          whatsapp_id TEXT,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE INDEX whatsapp_queue_open ON whatsapp_queue (id) WHERE state IN ('queued', 'sending');
      `);
    },
  },
  {
    version: 8,
    name: 'notes, checklist ticks and call outcomes per incident',
    up(db) {
      // incident_id 0: written with no incident open; customer '': the incident's general notes.
      db.exec(`
        CREATE TABLE checklist_ticks (
          incident_id INTEGER NOT NULL,
          step_id TEXT NOT NULL,
          ticked_at INTEGER NOT NULL,
          PRIMARY KEY (incident_id, step_id)
        ) WITHOUT ROWID;
        CREATE TABLE calls (
          id INTEGER PRIMARY KEY,
          incident_id INTEGER NOT NULL,
          customer TEXT NOT NULL,
          phone TEXT,
          situation TEXT NOT NULL,
          outcome TEXT NOT NULL CHECK (outcome IN ('reached', 'voicemail', 'no-answer', 'callback')),
          callback_at INTEGER,
          at INTEGER NOT NULL
        );
        CREATE INDEX calls_incident ON calls (incident_id, at);
        CREATE TABLE notes (
          incident_id INTEGER NOT NULL,
          customer TEXT NOT NULL DEFAULT '',
          text TEXT NOT NULL,
          updated_at INTEGER NOT NULL,
          PRIMARY KEY (incident_id, customer)
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 9,
    name: 'maintenance runs',
    up(db) {
      // What maintenance did, so that a restart in the middle of a window neither repeats a task
      // nor forgets a missed one, and IT sees what ran, when, for how long, and how it ended.
      db.exec(`
        CREATE TABLE maintenance_runs (
          id INTEGER PRIMARY KEY,
          task TEXT NOT NULL,
          trigger TEXT NOT NULL,
          started_at INTEGER NOT NULL,
          finished_at INTEGER NOT NULL,
          result TEXT NOT NULL CHECK (result IN ('ok', 'warn', 'failed')),
          detail TEXT
        );
        CREATE INDEX maintenance_runs_task ON maintenance_runs (task, started_at DESC);
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
