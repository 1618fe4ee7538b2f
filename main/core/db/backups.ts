import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { BackupInfo } from '../ipc/contacts-wire.ts';
import { migrate, type Db } from './database.ts';
import { MIGRATIONS, type Migration } from './migrations.ts';

const NAME = /^kiosk-(\d{8}T\d{6}\d{3}Z)\.sqlite$/;

function nameFor(at: number): string {
  return `kiosk-${new Date(at).toISOString().replace(/[-:.]/g, '')}.sqlite`;
}

function timeOf(name: string): number | null {
  const stamp = NAME.exec(name)?.[1];
  if (!stamp) return null;
  const iso = `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}.${stamp.slice(15, 18)}Z`;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? null : at;
}

/** Runs SQLite's own integrity check on a database file without changing it; null when sound. */
export function checkIntegrity(file: string): string | null {
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const result = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    const problems = result.map((row) => row.integrity_check).filter((line) => line !== 'ok');
    return problems.length === 0 ? null : problems.slice(0, 5).join('; ');
  } catch (error) {
    return (error as Error).message;
  } finally {
    db?.close();
  }
}

/** The backups in a folder, newest first; files that are not ours are left alone. */
export function listBackups(dir: string): BackupInfo[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .flatMap((name) => {
      const at = timeOf(name);
      if (at === null) return [];
      const file = join(dir, name);
      return [{ file, name, at, bytes: statSync(file).size }];
    })
    .sort((a, b) => b.at - a.at);
}

/**
 * An online backup with SQLite's backup API (the kiosk keeps working while it runs), checked for
 * integrity before it counts: it is written under a temporary name and only renamed into place
 * once sound. Then only the newest `keep` backups stay.
 */
export async function createBackup(db: Db, dir: string, at: number, keep: number): Promise<BackupInfo> {
  mkdirSync(dir, { recursive: true });
  const name = nameFor(at);
  const partial = join(dir, `${name}.partial`);
  try {
    await db.backup(partial);
    const problem = checkIntegrity(partial);
    if (problem) throw new Error(`the backup failed its integrity check: ${problem}`);
    renameSync(partial, join(dir, name));
  } finally {
    rmSync(partial, { force: true });
  }
  for (const old of listBackups(dir).slice(Math.max(1, keep))) rmSync(old.file, { force: true });
  const created = listBackups(dir).find((backup) => backup.name === name);
  if (!created) throw new Error(`backup ${name} vanished after it was written`);
  return created;
}

/**
 * Puts a backup's contents into the live database through the backup API, page by page, with
 * the kiosk's own connection still open (it sees the restored data at its next read). Checked
 * first: a damaged backup is refused and the live database stays as it was. Unless the live
 * database is itself damaged, it is backed up first, so a restore can be undone. A backup taken by
 * a newer version of the app is refused (this one cannot know its schema); one from an older
 * version is brought up to date by the migrations it lacks.
 */
export async function restoreBackup(
  db: Db,
  backupFile: string,
  backupsDir: string,
  at: number,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<{ safetyCopy: BackupInfo | null }> {
  const problem = checkIntegrity(backupFile);
  if (problem) throw new Error(`backup ${basename(backupFile)} cannot be restored: ${problem}`);
  const version = schemaVersion(backupFile);
  const known = Math.max(0, ...migrations.map((migration) => migration.version));
  if (version > known) {
    throw new Error(
      `backup ${basename(backupFile)} cannot be restored: it was taken by a newer version of the app (database schema ${version}, this app knows up to ${known})`,
    );
  }
  let safetyCopy: BackupInfo | null = null;
  const liveIsSound = quickCheck(db) === null;
  // The safety copy must not push the backup being restored out of the rotation.
  if (liveIsSound) safetyCopy = await createBackup(db, backupsDir, at, Number.MAX_SAFE_INTEGER);
  const source = new Database(backupFile, { readonly: true, fileMustExist: true });
  try {
    await source.backup(db.name);
  } finally {
    source.close();
  }
  const after = quickCheck(db);
  if (after !== null) throw new Error(`the database is still damaged after restoring ${basename(backupFile)}: ${after}`);
  migrate(db, migrations);
  return { safetyCopy };
}

/** PRAGMA user_version of a database file: the last migration it went through. */
function schemaVersion(file: string): number {
  const source = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return source.pragma('user_version', { simple: true }) as number;
  } finally {
    source.close();
  }
}

/** SQLite's quick check on an open connection; a database too damaged to be checked says why. */
function quickCheck(db: Db): string | null {
  try {
    const result = db.pragma('quick_check', { simple: true }) as string;
    return result === 'ok' ? null : result;
  } catch (error) {
    return (error as Error).message;
  }
}
