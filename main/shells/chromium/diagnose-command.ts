import { join } from 'node:path';
import { boot } from '../../core/boot.ts';
import type { PartialSettings } from '../../core/config/schema.ts';
import { readSettingsFile } from '../../core/config/settings-file.ts';
import { KeyValueStore } from '../../core/db/kv.ts';
import { diagnose, diagnosticsText, writeReport } from '../../core/maintenance/diagnose.ts';
import { reportText, type DiagnosticsReport } from '../../core/maintenance/diagnostics.ts';
import { VersionMemory } from '../../core/maintenance/memory-of-versions.ts';

export interface DiagnoseCommandOptions {
  dataDir: string;
  policyPath: string;
  markersFile: string;
  overrides?: PartialSettings;
  systemLocale?: string;
}

/**
 * `npm run diagnose` / `--diagnose`: the diagnostics without starting the kiosk (it may be
 * running, or be the thing that does not start). What only the running kiosk measures (the
 * WhatsApp renderer's memory) is reported as not sampled; versions and the last marker check are
 * those the kiosk recorded.
 */
export async function runDiagnoseCommand(
  options: DiagnoseCommandOptions,
): Promise<{ report: DiagnosticsReport; text: string; files: { json: string; text: string } }> {
  const booted = boot({
    dataDir: options.dataDir,
    policyPath: options.policyPath,
    markersFile: options.markersFile,
    readUserSettings: (layout) => readSettingsFile(layout.settingsFile),
    ...(options.overrides ? { overrides: options.overrides } : {}),
    systemLocale: options.systemLocale ?? Intl.DateTimeFormat().resolvedOptions().locale,
  });
  try {
    const report = await diagnose({
      settings: booted.config.settings,
      db: booted.db,
      dataDir: options.dataDir,
      logsDir: booted.layout.logs,
      backupsDir: booted.backupsDir,
      versions: new VersionMemory(new KeyValueStore(booted.db, booted.writeGate)),
      markersVersion: booted.markers.version,
      memory: null,
      now: () => Date.now(),
      env: process.env,
    });
    const files = await writeReport(report, join(options.dataDir, 'diagnostics'), booted.language);
    return { report, text: reportText(report, diagnosticsText(booted.language)), files };
  } finally {
    booted.close();
  }
}
