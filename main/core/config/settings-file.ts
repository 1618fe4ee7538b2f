import { readOptionalText } from './read-file.ts';

/**
 * The Chromium shell keeps the user's settings in a JSON file (the Electron shell uses
 * electron-store). Unparseable content is reported and ignored, never "repaired".
 */
export function readSettingsFile(path: string): { settings?: unknown; problem?: string } {
  const { text, error } = readOptionalText(path);
  if (error) return { problem: error };
  if (text === undefined) return {};
  try {
    return { settings: JSON.parse(text) };
  } catch (parseError) {
    return { problem: `settings file ${path} is not valid JSON: ${(parseError as Error).message}` };
  }
}
