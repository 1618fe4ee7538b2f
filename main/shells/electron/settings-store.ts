import Store from 'electron-store';

/**
 * The agent's own settings layer, kept by electron-store in `<userData>/settings.json` (the same
 * file the Chromium shell reads). A file that cannot be parsed is reported, not wiped.
 */
export function readElectronSettings(dir: string): { settings?: unknown; problem?: string } {
  try {
    const store = new Store({ name: 'settings', cwd: dir, clearInvalidConfig: false });
    return { settings: store.store };
  } catch (error) {
    return { problem: `settings file in ${dir} cannot be read: ${(error as Error).message}` };
  }
}
