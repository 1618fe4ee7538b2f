import type { UiLanguage } from '../ipc/contract.ts';
import en from '../../../renderer/src/i18n/en.json' with { type: 'json' };
import zh from '../../../renderer/src/i18n/zh.json' with { type: 'json' };

/**
 * Exit code of a kiosk that could not start: non-zero, so that the OS, a service manager
 * (systemd `Restart=on-failure`) or IT's tooling starts it again and its log tells why.
 */
export const EXIT_STARTUP_FAILED = 1;

/**
 * The start-up steps a shell goes through, in order; a failure is told by the step it broke.
 * `start` is an error no step tagged.
 */
export type StartupStep = 'data' | 'browser' | 'page' | 'kiosk' | 'start';

/** An error tagged with the start-up step that threw it. */
export class StartupError extends Error {
  readonly step: StartupStep;

  constructor(step: StartupStep, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'StartupError';
    this.step = step;
  }
}

/** Runs one start-up step; what it throws is tagged with the step (the first tag wins). */
export async function startupStep<T>(step: StartupStep, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw error instanceof StartupError ? error : new StartupError(step, error);
  }
}

export interface StartupFailure {
  step: StartupStep;
  /** The error's own words, cleaned for a dialog and the log (English: IT reads it). */
  reason: string;
  /** For the agent, in their language: a dialog's title and text. */
  title: string;
  message: string;
  exitCode: number;
}

const MAX_REASON = 400;

/**
 * What a shell shows, logs and exits with when it could not start: what failed in the agent's
 * language, the error's own words for IT, where the log is.
 */
export function startupFailure(error: unknown, language: UiLanguage, logDir: string): StartupFailure {
  const step = error instanceof StartupError ? error.step : 'start';
  const text = (language === 'zh' ? zh : en).startup;
  const reason = reasonOf(error);
  const message = [text.step[step], fill(text.tellIt, { reason, logDir })].join('\n\n');
  return { step, reason, title: text.title, message, exitCode: EXIT_STARTUP_FAILED };
}

function reasonOf(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  // Control characters would garble a dialog or a log line; a very long message helps nobody.
  const cleaned = raw.replace(/\p{Cc}+/gu, ' ').trim();
  if (cleaned === '') return 'unknown error';
  return cleaned.length > MAX_REASON ? `${cleaned.slice(0, MAX_REASON)}…` : cleaned;
}

function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
}
