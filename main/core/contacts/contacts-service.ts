import { Cron } from 'croner';
import type { Settings } from '../config/schema.ts';
import { setImmediate } from 'node:timers/promises';
import { createBackup, listBackups, restoreBackup } from '../db/backups.ts';
import type { Db } from '../db/database.ts';
import type { WriteGate } from '../db/write-gate.ts';
import type {
  BackupInfo,
  ContactFileRefused,
  ContactImportProgress,
  ContactImportReport,
  ContactsSummary,
  ImportPreview,
} from '../ipc/contacts-wire.ts';
import type { RequestOf } from '../ipc/contract.ts';
import type { Logger } from '../log/logger.ts';
import { backupAllowed } from '../maintenance/housekeeping.ts';
import type { Clock } from '../ports.ts';
import { ContactStore } from './contact-store.ts';
import { whatsappContactsBatchSchema } from './contact.ts';
import { contactsToCsv, contactsToVcard } from './export.ts';
import type { ImportTask, ImportTaskAnswer } from './import/import-task.ts';
import { importMessageText } from './import/messages.ts';
import { ImportReader } from './import/read-in-worker.ts';
import { isCountryCode } from './phone.ts';

export interface ContactsServiceDeps {
  db: Db;
  settings: Pick<Settings, 'contacts' | 'backups' | 'maintenance'>;
  backupsDir: string;
  clock: Clock;
  log: Logger;
  /** The door all writers of the database share (incidents too): a restore holds it. */
  writeGate: WriteGate;
  /** Told how far a CRM import is while it runs (the kiosk sends it to our pages). */
  progress?: (progress: ContactImportProgress) => void;
}

/** Contacts merged between two turns of the event loop: about 15 ms of work on a thin client. */
const MERGE_STEP = 500;

/**
 * The contacts room's one door for the rest of the kiosk: WhatsApp sync batches in, CRM imports,
 * search, export, and the scheduled database backups. Contacts never leave the workstation.
 */
export class ContactsService {
  readonly store: ContactStore;
  readonly #deps: ContactsServiceDeps;
  #lastSync: { at: number; source: 'indexeddb' | 'dom' } | null = null;
  #schedule: Cron | null = null;
  readonly #gate: WriteGate;
  readonly #reader = new ImportReader();

  constructor(deps: ContactsServiceDeps) {
    this.#deps = deps;
    this.store = new ContactStore(deps.db);
    this.#gate = deps.writeGate;
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
    // The reader's thread does not keep the process alive; ending it only frees its memory sooner.
    this.#reader
      .close()
      .catch((error: unknown) => this.#deps.log.warn({ error: (error as Error).message }, 'the import worker did not stop'));
  }

  /** A batch from the in-page reader: validated like any outside input; a bad one changes nothing. */
  onWhatsAppBatch(raw: unknown): void {
    const parsed = whatsappContactsBatchSchema.safeParse(raw);
    if (!parsed.success) {
      this.#deps.log.warn({ issues: parsed.error.issues.length }, 'contacts batch from the page refused');
      return;
    }
    this.#gate.run(() => {
      const now = this.#deps.clock.now();
      const counts = this.store.syncWhatsApp(parsed.data, now);
      this.#lastSync = { at: now, source: parsed.data.source };
      if (counts.created + counts.updated > 0)
        this.#deps.log.info({ ...counts, source: parsed.data.source }, 'contacts synced from WhatsApp');
    });
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

  /** What importing the file would read; read on a worker thread like the import itself. */
  async preview(request: RequestOf<'contacts:preview'>): Promise<ImportPreview | ContactFileRefused> {
    const answer = await this.#read(request.fileName, { kind: 'preview', ...this.#file(request) }, () => undefined);
    if ('refused' in answer) return answer;
    if (answer.kind !== 'preview') throw new Error('the import worker answered another task');
    return answer.preview;
  }

  /**
   * Reads the whole file on a worker thread, then merges it in one transaction: all of it or
   * none. The merge runs in steps with the event loop free between them, every other writer held
   * back meanwhile (they write on top once it is done).
   */
  async importFile(request: RequestOf<'contacts:import'>): Promise<ContactImportReport | ContactFileRefused> {
    const region = this.#deps.settings.contacts.defaultRegion;
    if (!isCountryCode(region)) throw new Error(`the default region "${region}" is not a country code this app knows`);
    const { fileName } = request;
    const progress = (phase: ContactImportProgress['phase'], done: number, total: number) =>
      this.#deps.progress?.({ fileName, phase, done, total });
    const task: ImportTask = {
      kind: 'parse',
      ...this.#file(request),
      defaultRegion: region,
      ...(request.mapping ? { mapping: request.mapping } : {}),
    };
    const answer = await this.#read(fileName, task, (done, total) => progress('reading', done, total));
    if ('refused' in answer) return answer;
    if (answer.kind !== 'parse') throw new Error('the import worker answered another task');
    const { parsed } = answer;
    const total = parsed.drafts.length;
    progress('merging', 0, total);
    const counts = await this.#gate.hold(() =>
      this.store.importCrmInSteps(parsed.drafts, fileName, this.#deps.clock.now(), {
        step: MERGE_STEP,
        between: async (merged) => {
          progress('merging', merged, total);
          await setImmediate();
        },
      }),
    );
    this.#deps.log.info({ file: fileName, format: parsed.format, ...counts, skipped: parsed.skipped }, 'contacts imported');
    return {
      fileName,
      format: parsed.format,
      encoding: parsed.encoding,
      preset: parsed.preset,
      ...counts,
      skipped: parsed.skipped,
      rows: parsed.notable,
      rowsTruncated: parsed.notableTotal > parsed.notable.length,
    };
  }

  #file(request: RequestOf<'contacts:preview'>): Pick<ImportTask, 'bytes' | 'fileName' | 'format'> {
    return {
      bytes: Buffer.from(request.dataBase64, 'base64'),
      fileName: request.fileName,
      ...(request.format ? { format: request.format } : {}),
    };
  }

  /** Reads the file on a worker thread; a whole-file refusal is logged and answered to the agent. */
  async #read(fileName: string, task: ImportTask, onProgress: (done: number, total: number) => void): Promise<ImportTaskAnswer> {
    const answer = await this.#reader.read(task, onProgress);
    if ('refused' in answer) this.#deps.log.info({ file: fileName, reason: importMessageText(answer.refused) }, 'contacts file refused');
    return answer;
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

  /** Waits for a merge or restore under way: a backup must not copy a transaction half done. */
  async backup(): Promise<BackupInfo> {
    const { db, backupsDir, clock, settings } = this.#deps;
    // A full disk would take the live database down with the backup: below IT's floor, none.
    if (!(await backupAllowed(backupsDir, settings.maintenance.diskFloorMb))) {
      throw new Error(`too little free disk for a backup (below maintenance.diskFloorMb, ${settings.maintenance.diskFloorMb} MB)`);
    }
    const backup = await this.#gate.hold(() => createBackup(db, backupsDir, clock.now(), settings.backups.keep));
    this.#deps.log.info({ file: backup.name, bytes: backup.bytes }, 'database backed up');
    return backup;
  }

  async restore(name: string): Promise<{ restored: string; safetyCopy: string | null }> {
    if (!this.#deps.settings.backups.restoreAllowed)
      throw new Error('restoring a backup is turned off on this workstation (backups.restoreAllowed)');
    const backup = this.listBackups().find((candidate) => candidate.name === name);
    if (!backup) throw new Error(`no backup named ${name}`);
    // The restore copies in steps, letting the event loop run between them; a write in between
    // would meet a locked database, so every writer waits and writes on top afterwards.
    const { safetyCopy } = await this.#gate.hold(() =>
      restoreBackup(this.#deps.db, backup.file, this.#deps.backupsDir, this.#deps.clock.now()),
    );
    this.#deps.log.warn({ file: name, safetyCopy: safetyCopy?.name ?? null }, 'database restored from a backup');
    return { restored: name, safetyCopy: safetyCopy?.name ?? null };
  }
}
