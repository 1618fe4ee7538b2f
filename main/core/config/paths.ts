import { join } from 'node:path';

export const APP_FOLDER = 'wa-continuity-kiosk';

/**
 * The per-user data folder both shells share (Electron's userData is set to the same place):
 * settings.json, kiosk.sqlite, backups/, logs/, and the Chromium shell's profile.
 */
export function userDataDir(platform: NodeJS.Platform, env: Readonly<Record<string, string | undefined>>, home: string): string {
  switch (platform) {
    case 'win32':
      return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), APP_FOLDER);
    case 'darwin':
      return join(home, 'Library', 'Application Support', APP_FOLDER);
    default:
      return join(env['XDG_CONFIG_HOME'] ?? join(home, '.config'), APP_FOLDER);
  }
}

export interface DataLayout {
  settingsFile: string;
  database: string;
  logs: string;
  chromiumProfile: string;
  backups: string;
}

export function dataLayout(dir: string): DataLayout {
  return {
    settingsFile: join(dir, 'settings.json'),
    database: join(dir, 'kiosk.sqlite'),
    logs: join(dir, 'logs'),
    chromiumProfile: join(dir, 'chromium-profile'),
    backups: join(dir, 'backups'),
  };
}
