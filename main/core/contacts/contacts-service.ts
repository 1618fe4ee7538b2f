import { Cron } from 'croner';
import type { Settings } from '../config/schema.ts';
import { createBackup, listBackups, restoreBackup, type BackupInfo } from '../db/backups.ts';
import type { Db } from '../db/database.ts';
import type { ContactFileRefused, ContactImportReport, ContactsSummary, RequestOf } from '../ipc/contract.ts';
import type { Logger } from '../log/logger.ts';
import type { Clock } from '../ports.ts';
import { ContactStore } from './contact-store.ts';
import { whatsappContactsBatchSchema } from './contact.ts';
import { contactsToCsv, contactsToVcard } from './export.ts';
import { ImportFileError, parseContactsFile, previewContactsFile, type ImportPreview } from './import/import-file.ts';
import { isCountryCode } from './phone.ts';

export interface ContactsServiceDeps {
  db: Db;
  settings: Pick<Settings, 'contacts' | 'backups'>;
  backupsDir: string;
  clock: Clock;
  log: Logger;
}

/** The agent sees at most this many rows of an import report; the counts cover every row. */
const REPORT_ROWS_MAX = 2_000;

/**
 * The contacts room's one door for the rest of the kiosk: WhatsApp sync batches in, CRM imports,
 * search, export, and the scheduled database backups. Contacts never leave the workstation.
 */
export class ContactsService {
  readonly store: ContactStore;
  readonly #deps: ContactsServiceDeps;
  #lastSync: { at: number; source: 'indexeddb' | 'dom' } | null = null;
  #schedule: Cron | null = null;
  /** Batches that arrived while a restore held the database; applied once it is done. */
  #heldBatches: unknown[] | null = null;

  constructor(deps: ContactsServiceDeps) {
    this.#deps = deps;
    this.store = new ContactStore(deps.db);
  }

  start(): void {
    this.#schedule = new Cron(this.#deps.settings.backups.schedule, { protect: true }, async () => {
      try {
        await this.backup();
      } catch (error) {
        this.#deps.log.error({ error: (error as Error).message }, 'scheduled backup failed');
      }
    });
  }

  stop(): void {
    this.#schedule?.stop();
    this.#schedule = null;
  }

  /** A batch from the in-page reader: validated like any outside input; a bad one changes nothing. */
  onWhatsAppBatch(raw: unknown): void {
    if (this.#heldBatches) {
      this.#heldBatches.push(raw);
      return;
    }
    const parsed = whatsappContactsBatchSchema.safeParse(raw);
    if (!parsed.success) {
      this.#deps.log.warn({ issues: parsed.error.issues.length }, 'contacts batch from the page refused');
      return;
    }
    const now = this.#deps.clock.now();
    const counts = this.store.syncWhatsApp(parsed.data, now);
    this.#lastSync = { at: now, source: parsed.data.source };
    if (counts.created + counts.updated > 0) this.#deps.log.info({ ...counts, source: parsed.data.source }, 'contacts synced from WhatsApp');
  }

  summary(): ContactsSummary {
    return {
      count: this.store.count(),
      lastSyncAt: this.#lastSync?.at ?? null,
      lastSyncSource: this.#lastSync?.source ?? null,
      lastBackup: listBackups(this.#deps.backupsDir)[0] ?? null,
      restoreAllowed: this.#deps.settings.backups.restoreAllowed,
    };
  }

  preview(request: RequestOf<'contacts:preview'>): ImportPreview | ContactFileRefused {
    return this.#unlessRefused(request.fileName, () =>
      previewContactsFile(Buffer.from(request.dataBase64, 'base64'), {
        fileName: request.fileName,
        ...(request.format ? { format: request.format } : {}),
      }),
    );
  }

  /** Parses the whole file first, then merges it in one transaction: all of it or none. */
  importFile(request: RequestOf<'contacts:import'>): ContactImportReport | ContactFileRefused {
    const region = this.#deps.settings.contacts.defaultRegion;
    if (!isCountryCode(region)) throw new Error(`the default region "${region}" is not a country code this app knows`);
    const plan = this.#unlessRefused(request.fileName, () =>
      parseContactsFile(Buffer.from(request.dataBase64, 'base64'), {
        fileName: request.fileName,
        defaultRegion: region,
        ...(request.format ? { format: request.format } : {}),
        ...(request.mapping ? { mapping: request.mapping } : {}),
      }),
    );
    if ('refused' in plan) return plan;
    const counts = this.store.importCrm(
      plan.accepted.map((row) => row.draft),
      request.fileName,
      this.#deps.clock.now(),
    );
    const skipped = plan.rows.filter((row) => row.outcome === 'skipped').length;
    // Skipped rows and rows with warnings are what the agent needs to see; clean rows only count.
    const notable = plan.rows.filter((row) => row.outcome === 'skipped' || row.warnings.length > 0);
    this.#deps.log.info({ file: request.fileName, format: plan.format, ...counts, skipped }, 'contacts imported');
    return {
      fileName: request.fileName,
      format: plan.format,
      encoding: plan.encoding,
      preset: plan.preset,
      ...counts,
      skipped,
      rows: notable.slice(0, REPORT_ROWS_MAX),
      rowsTruncated: notable.length > REPORT_ROWS_MAX,
    };
  }

  /**
   * Reads the file, turning a whole-file refusal into an answer the agent reads in their language;
   * anything else that goes wrong is a failure and still throws.
   */
  #unlessRefused<T>(fileName: string, read: () => T): T | ContactFileRefused {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof ImportFileError)) throw error;
      this.#deps.log.info({ file: fileName, reason: error.message }, 'contacts file refused');
      return { refused: error.detail };
    }
  }

  export(format: 'csv' | 'vcard'): { fileName: string; mimeType: string; text: string } {
    const records = [...this.store.all()];
    const day = new Date(this.#deps.clock.now()).toISOString().slice(0, 10);
    return format === 'csv'
      ? { fileName: `contacts-${day}.csv`, mimeType: 'text/csv', text: contactsToCsv(records) }
      : { fileName: `contacts-${day}.vcf`, mimeType: 'text/vcard', text: contactsToVcard(records) };
  }

  listBackups(): BackupInfo[] {
    return listBackups(this.#deps.backupsDir);
  }

  async backup(): Promise<BackupInfo> {
    const backup = await createBackup(this.#deps.db, this.#deps.backupsDir, this.#deps.clock.now(), this.#deps.settings.backups.keep);
    this.#deps.log.info({ file: backup.name, bytes: backup.bytes }, 'database backed up');
    return backup;
  }

  async restore(name: string): Promise<{ restored: string; safetyCopy: string | null }> {
    if (!this.#deps.settings.backups.restoreAllowed) throw new Error('restoring a backup is turned off on this workstation (backups.restoreAllowed)');
    const backup = this.listBackups().find((candidate) => candidate.name === name);
    if (!backup) throw new Error(`no backup named ${name}`);
    // The restore copies in steps, letting the event loop run between them; a sync batch written
    // in between would meet a locked database, so batches wait and are applied on top afterwards.
    this.#heldBatches = [];
    let safetyCopy: BackupInfo | null;
    try {
      ({ safetyCopy } = await restoreBackup(this.#deps.db, backup.file, this.#deps.backupsDir, this.#deps.clock.now()));
    } finally {
      const held = this.#heldBatches;
      this.#heldBatches = null;
      for (const batch of held) this.onWhatsAppBatch(batch);
    }
    this.#deps.log.warn({ file: name, safetyCopy: safetyCopy?.name ?? null }, 'database restored from a backup');
    return { restored: name, safetyCopy: safetyCopy?.name ?? null };
  }
}
