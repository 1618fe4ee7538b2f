import type { ColumnMapping, ContactFileRefused, ImportFormat, ImportPreview, RowReport } from '../../ipc/contacts-wire.ts';
import type { ContactDraft } from '../contact.ts';
import type { CountryCode } from '../phone.ts';
import { ImportFileError, parseContactsFile, previewContactsFile } from './import-file.ts';

/**
 * One reading of a CRM file, as the import worker runs it: only plain data goes in and out, so it
 * crosses the thread boundary as is. The answer carries what the main thread needs and no more:
 * the drafts to merge and the rows worth showing, not a report line for every clean row.
 */
export type ImportTask =
  | { kind: 'preview'; bytes: Uint8Array; fileName: string; format?: ImportFormat }
  | { kind: 'parse'; bytes: Uint8Array; fileName: string; format?: ImportFormat; mapping?: ColumnMapping; defaultRegion: CountryCode };

export interface ParsedFile {
  format: ImportFormat;
  encoding: string;
  preset: string | null;
  drafts: ContactDraft[];
  skipped: number;
  /** Skipped rows and rows with warnings, the first REPORT_ROWS_MAX of them. */
  notable: RowReport[];
  notableTotal: number;
}

export type ImportTaskAnswer = { kind: 'preview'; preview: ImportPreview } | { kind: 'parse'; parsed: ParsedFile } | ContactFileRefused;

/** The agent sees at most this many rows of an import report; the counts cover every row. */
export const REPORT_ROWS_MAX = 2_000;

/** Runs the task; a whole-file refusal is an answer (`refused`), anything else that goes wrong throws. */
export function runImportTask(task: ImportTask, onProgress: (done: number, total: number) => void): ImportTaskAnswer {
  try {
    if (task.kind === 'preview') {
      const options = { fileName: task.fileName, ...(task.format ? { format: task.format } : {}) };
      return { kind: 'preview', preview: previewContactsFile(task.bytes, options) };
    }
    const plan = parseContactsFile(task.bytes, {
      fileName: task.fileName,
      defaultRegion: task.defaultRegion,
      ...(task.format ? { format: task.format } : {}),
      ...(task.mapping ? { mapping: task.mapping } : {}),
      onProgress,
    });
    // Skipped rows and rows with warnings are what the agent needs to see; clean rows only count.
    const notable = plan.rows.filter((row) => row.outcome === 'skipped' || row.warnings.length > 0);
    return {
      kind: 'parse',
      parsed: {
        format: plan.format,
        encoding: plan.encoding,
        preset: plan.preset,
        drafts: plan.accepted.map((row) => row.draft),
        skipped: plan.rows.length - plan.accepted.length,
        notable: notable.slice(0, REPORT_ROWS_MAX),
        notableTotal: notable.length,
      },
    };
  } catch (error) {
    if (error instanceof ImportFileError) return { refused: error.detail };
    throw error;
  }
}
