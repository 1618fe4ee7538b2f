import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultSettings, type Settings } from '../../main/core/config/schema.ts';
import { ContactsService } from '../../main/core/contacts/contacts-service.ts';
import { unsharedGate } from '../../main/core/db/write-gate.ts';
import { openDatabase, type Db } from '../../main/core/db/database.ts';
import { createLogger } from '../../main/core/log/logger.ts';
import { systemClock } from '../../main/core/ports.ts';

/** A workstation's contacts room on a fresh folder: a real SQLite file, backups and logs beside it. */
export function contactsWorkstation(
  backups: Partial<Settings['backups']> = {},
  maintenance: Partial<Settings['maintenance']> = {},
): { file: string; db: Db; contacts: ContactsService } {
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-contacts-'));
  const file = join(dir, 'kiosk.sqlite');
  const db = openDatabase(file);
  const settings = defaultSettings();
  settings.backups = { ...settings.backups, ...backups };
  settings.maintenance = { ...settings.maintenance, ...maintenance };
  const contacts = new ContactsService({
    db,
    writeGate: unsharedGate(),
    settings,
    backupsDir: join(dir, 'backups'),
    clock: systemClock,
    log: createLogger(join(dir, 'logs')),
  });
  return { file, db, contacts };
}
