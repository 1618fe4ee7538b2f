import type { ImportMessage } from '../../ipc/contacts-wire.ts';

/**
 * One row of a CSV file or one vCard as the file says it, before any cleaning: what the format
 * parsers hand to the cleaner. Values are the file's text, unvalidated.
 */
export interface RawContact {
  /** 1-based line of the file where the row or card starts. */
  line: number;
  name: string | null;
  phones: string[];
  emails: string[];
  organization: string | null;
  note: string | null;
  warnings: ImportMessage[];
  /** Why the row or card cannot be read at all; it is then skipped with this reason. */
  malformed: ImportMessage | null;
}

export function rawContact(line: number): RawContact {
  return { line, name: null, phones: [], emails: [], organization: null, note: null, warnings: [], malformed: null };
}

const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f]+$/u;

/** Whether a name part is written in Chinese, Japanese or Korean characters only. */
export const isCjk = (part: string) => CJK.test(part.trim());

/**
 * Joins the parts of a name. Chinese, Japanese and Korean names are written without a space
 * between family and given name ("张" + "伟" is "张伟"); other names take one.
 */
export function joinNameParts(parts: readonly string[]): string | null {
  const present = parts.map((part) => part.trim()).filter((part) => part !== '');
  if (present.length === 0) return null;
  return present.join(present.every(isCjk) ? '' : ' ');
}
