import type { Db } from '../db/database.ts';
import type { UiLanguage } from '../ipc/contract.ts';

/** A customer a notice may go to: a recent or unread WhatsApp conversation. */
export interface NoticeContact {
  id: number;
  name: string;
  phones: string[];
  emails: string[];
}

export interface NoticeCandidates {
  recipients: (NoticeContact & { address: string; language: UiLanguage })[];
  withoutAddress: number;
  alreadyNotified: number;
}

/** Conversations this recent (or with unread messages) count as customers waiting for an answer. */
export const NOTICE_RECENT_MS = 24 * 60 * 60_000;
const MAX_NOTICES = 500;

/**
 * Who would get a notice for this incident on a channel (`email` or a phone channel): customers
 * with a recent or unread WhatsApp conversation, an address on that channel, and no notice for
 * this incident yet.
 */
export function noticeCandidates(
  db: Db,
  incidentId: number,
  channel: 'email' | 'phone',
  now: number,
  kioskLanguage: UiLanguage,
): NoticeCandidates {
  const rows = db
    .prepare(
      `SELECT c.id, COALESCE(c.name, c.push_name, '') AS name, c.phones, c.emails,
              EXISTS (SELECT 1 FROM customer_notices n WHERE n.incident_id = ? AND n.contact_id = c.id) AS notified
       FROM contacts c WHERE c.unread > 0 OR c.last_interaction_at >= ?
       ORDER BY c.unread > 0 DESC, c.last_interaction_at DESC NULLS LAST, c.id LIMIT ?`,
    )
    .all(incidentId, now - NOTICE_RECENT_MS, MAX_NOTICES) as {
    id: number;
    name: string;
    phones: string;
    emails: string;
    notified: number;
  }[];
  const result: NoticeCandidates = { recipients: [], withoutAddress: 0, alreadyNotified: 0 };
  for (const row of rows) {
    if (row.notified) {
      result.alreadyNotified++;
      continue;
    }
    const contact: NoticeContact = {
      id: row.id,
      name: row.name,
      phones: JSON.parse(row.phones) as string[],
      emails: JSON.parse(row.emails) as string[],
    };
    const address = channel === 'email' ? contact.emails[0] : contact.phones[0];
    if (address === undefined) result.withoutAddress++;
    else result.recipients.push({ ...contact, address, language: customerLanguage(contact, kioskLanguage) });
  }
  return result;
}

/**
 * The customer's language where the backup tells it: the contact book keeps no language, so a
 * name written in Chinese characters is the one sign we have; otherwise the kiosk's language.
 */
export function customerLanguage(contact: Pick<NoticeContact, 'name'>, kioskLanguage: UiLanguage): UiLanguage {
  if (/\p{Script=Han}/u.test(contact.name)) return 'zh';
  if (/\p{Script=Latin}/u.test(contact.name)) return 'en';
  return kioskLanguage;
}

/** Records the notices in the caller's transaction; a second notice for one customer and incident throws. */
export function recordNotices(db: Db, incidentId: number, pairs: { contactId: number; messageId: number }[], at: number): void {
  const insert = db.prepare('INSERT INTO customer_notices (incident_id, contact_id, message_id, at) VALUES (?, ?, ?, ?)');
  for (const pair of pairs) insert.run(incidentId, pair.contactId, pair.messageId, at);
}
