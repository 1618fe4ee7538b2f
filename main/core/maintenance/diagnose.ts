import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Settings } from '../config/schema.ts';
import { listBackups } from '../db/backups.ts';
import type { Db } from '../db/database.ts';
import { probeUrl, type HttpProbeResult } from '../health/http-probe.ts';
import type { UiLanguage } from '../ipc/contract.ts';
import en from '../../../renderer/src/i18n/en.json' with { type: 'json' };
import zh from '../../../renderer/src/i18n/zh.json' with { type: 'json' };
import { databaseProblems, freeDiskMb, readLogFiles } from './housekeeping.ts';
import type { MemoryAssessment } from './memory-trend.ts';
import type { VersionMemory } from './memory-of-versions.ts';
import {
  judgeDiagnostics,
  proxyFromEnv,
  reportText,
  resolveHost,
  writableProblem,
  type DiagnosticsReport,
  type DiagnosticsText,
} from './diagnostics.ts';

export interface DiagnoseDeps {
  settings: Settings;
  db: Db;
  dataDir: string;
  logsDir: string;
  backupsDir: string;
  versions: VersionMemory;
  markersVersion: string;
  /** The WhatsApp renderer's memory trend; null when WhatsApp is not running (the command line). */
  memory: MemoryAssessment | null;
  now(): number;
  env: Readonly<Record<string, string | undefined>>;
  probe?: (url: string, timeoutMs: number) => Promise<HttpProbeResult>;
}

/** Gathers every fact (network, disk, database, versions...) and judges them into one report. */
export async function diagnose(deps: DiagnoseDeps): Promise<DiagnosticsReport> {
  const { settings } = deps;
  const probe = deps.probe ?? ((url: string, timeoutMs: number) => probeUrl(url, timeoutMs));
  const timeout = settings.health.networkProbeTimeoutMs;
  const [whatsapp, independent, dns, freeMb, dataDirWritable, logs] = await Promise.all([
    probe(settings.general.whatsappUrl, timeout),
    probe(settings.health.independentProbeUrl, timeout),
    resolveHost(settings.general.whatsappUrl),
    freeDiskMb(deps.dataDir),
    writableProblem(deps.dataDir),
    readLogFiles(deps.logsDir),
  ]);
  const lastBackup = listBackups(deps.backupsDir)[0] ?? null;
  return judgeDiagnostics(
    {
      whatsappUrl: settings.general.whatsappUrl,
      independentUrl: settings.health.independentProbeUrl,
      whatsapp,
      independent,
      slowResponseMs: settings.health.slowResponseMs,
      dns,
      proxy: proxyFromEnv(deps.env),
      freeMb,
      diskFloorMb: settings.maintenance.diskFloorMb,
      dataDirWritable,
      memory: deps.memory,
      versions: deps.versions.versions(),
      minBrowserMajor: settings.maintenance.minBrowserMajor,
      browserRejectedAt: deps.versions.browserRejectedAt(),
      markersVersion: deps.markersVersion,
      markerCheck: deps.versions.markerCheck(),
      databaseProblems: databaseProblems(deps.db),
      lastBackupAt: lastBackup?.at ?? null,
      // Two scheduled backups missed in a row is worth a look; the default schedule is every 6 hours.
      backupMaxAgeMs: 2 * 86_400_000,
      logs,
      now: deps.now(),
    },
    settings.kiosk.seatId,
  );
}

const TEXTS: Record<UiLanguage, DiagnosticsText> = { en: en.diagnostics, zh: zh.diagnostics };

export function diagnosticsText(language: UiLanguage): DiagnosticsText {
  return TEXTS[language];
}

/** Writes the report as JSON and as text in the agent's language, for the agent to send to IT; returns the files. */
export async function writeReport(report: DiagnosticsReport, dir: string, language: UiLanguage): Promise<{ json: string; text: string }> {
  await mkdir(dir, { recursive: true });
  const stamp = new Date(report.at).toISOString().replace(/[-:.]/g, '');
  const json = join(dir, `diagnostics-${stamp}.json`);
  const text = join(dir, `diagnostics-${stamp}.txt`);
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(text, reportText(report, TEXTS[language]));
  return { json, text };
}
