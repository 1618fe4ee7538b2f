import { mkdirSync } from 'node:fs';
import { resolveLanguage } from './config/language.ts';
import { loadConfig } from './config/load-config.ts';
import { dataLayout, type DataLayout } from './config/paths.ts';
import { mergeLayer, type EffectiveConfig } from './config/policy.ts';
import { policyMemoryIn } from './config/policy-memory.ts';
import type { PolicySource } from './config/policy-sources/document.ts';
import type { PartialSettings } from './config/schema.ts';
import { openDatabase, type Db } from './db/database.ts';
import { KeyValueStore } from './db/kv.ts';
import { WriteGate } from './db/write-gate.ts';
import { loadMarkers, type Markers } from './health/markers.ts';
import type { UiLanguage } from './ipc/contract.ts';
import { createLogger, type Logger } from './log/logger.ts';
import { allowedOrigins } from './security/navigation.ts';

export interface BootOptions {
  dataDir: string;
  policyPath: string;
  /** The OS's own policy stores (Group Policy, managed preferences), stronger than the file: policy-sources/sources.ts. */
  osPolicySources?: readonly PolicySource[];
  markersFile: string;
  /** The agent's settings as the shell keeps them (electron-store, or settings.json). */
  readUserSettings(layout: DataLayout): { settings?: unknown; problem?: string };
  /** Command-line settings: applied over the agent's, still under enforced policy. */
  overrides?: PartialSettings;
  systemLocale: string;
  logToStderr?: boolean;
}

/** What every shell needs before it builds its views and the kiosk. */
export interface Booted {
  layout: DataLayout;
  log: Logger;
  db: Db;
  /** The one door every writer of the database goes through (a restore holds it). */
  writeGate: WriteGate;
  config: EffectiveConfig;
  markers: Markers;
  /** The origins the WhatsApp view may load. */
  origins: Set<string>;
  language: UiLanguage;
  backupsDir: string;
  /** Closes the database and flushes the log. */
  close(): void;
}

/**
 * The one start-up sequence of both shells: the log first (so that anything after it can be
 * told), the database, the configuration, the marker pack, the allowed origins. A step that
 * fails is logged and thrown, with what was already opened closed again.
 */
export function boot(options: BootOptions): Booted {
  const layout = dataLayout(options.dataDir);
  mkdirSync(options.dataDir, { recursive: true });
  const log = createLogger(layout.logs, { echo: options.logToStderr ?? false });
  let db: Db | undefined;
  try {
    db = openDatabase(layout.database);
    const writeGate = new WriteGate((error) => log.error({ err: { message: error.message } }, 'a held database write failed'));
    const stored = options.readUserSettings(layout);
    const userLayer = mergeLayer((stored.settings ?? {}) as PartialSettings, options.overrides ?? {});
    // The last policy that could be read is kept in the database: an unreadable policy file
    // then keeps IT's locks instead of dropping them.
    const config = loadConfig(
      options.policyPath,
      userLayer,
      policyMemoryIn(new KeyValueStore(db, writeGate), () => Date.now()),
      options.osPolicySources,
    );
    if (stored.problem) config.problems.unshift({ source: 'settings', message: stored.problem });
    const { settings } = config;
    const markers = loadMarkers(options.markersFile);
    const opened = db;
    return {
      layout,
      log,
      db: opened,
      writeGate,
      config,
      markers,
      origins: allowedOrigins(settings.general.whatsappUrl, settings.general.extraAllowedOrigins),
      language: resolveLanguage(settings.general.language, options.systemLocale),
      backupsDir: settings.backups.dir ?? layout.backups,
      close() {
        opened.close();
        log.flush();
      },
    };
  } catch (error) {
    log.fatal({ err: { message: (error as Error).message } }, 'the kiosk could not start');
    db?.close();
    log.flush();
    throw error;
  }
}
