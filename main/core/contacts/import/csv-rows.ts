/**
 * The rows of a CSV table (RFC 4180 quoting, "\n" line breaks), each with the line it starts on.
 * A row whose quoting is broken is reported as such and reading resumes on the next physical
 * line, so one stray quote costs one row.
 *
 * Written for hostile files: every character is looked at a bounded number of times, however the
 * quotes fall. Resuming after a broken row re-reads lines that a long quoted field had already
 * scanned; two memos keep that linear. papaparse, used before, re-parsed the whole rest of the
 * file after each broken row (a 128 KB file of stray quotes took seconds).
 */

export interface CsvRow {
  /** 1-based line of the file where the row starts. */
  line: number;
  cells: string[];
  /** The row's quoting cannot be read (an unclosed quote, text after a closing quote). */
  unclosedQuote: boolean;
}

const QUOTE = 0x22;
const NEWLINE = 0x0a;
const SPACE = 0x20;

/** Where one field ends: a quoted field's content lies between `from` and `to`, unescaped later. */
interface Field {
  from: number;
  to: number;
  quoted: boolean;
}

export function* csvRows(text: string, delimiter: string, firstLine: number): Generator<CsvRow> {
  const reader = new RowReader(text, delimiter.charCodeAt(0));
  let start = 0;
  let line = firstLine;
  while (start < text.length) {
    const row = reader.read(start);
    const next = row.fields === null ? lineAfter(text, start) : row.end;
    yield {
      line,
      cells: row.fields === null ? [] : row.fields.map((field) => cellText(text, field)),
      unclosedQuote: row.fields === null,
    };
    for (let i = start; i < next; i++) if (text.charCodeAt(i) === NEWLINE) line++;
    start = next;
  }
}

function lineAfter(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end === -1 ? text.length : end + 1;
}

function cellText(text: string, field: Field): string {
  const raw = text.slice(field.from, field.to);
  return field.quoted ? raw.replaceAll('""', '"') : raw;
}

class RowReader {
  readonly #text: string;
  readonly #delimiter: number;
  /**
   * The furthest quoted-field scan so far: from any non-quote position in [from, close] the
   * closing quote is `close` (-1: none before the end), since every quote run in between is an
   * escaped pair. Rows re-read inside a long quoted field reach its end in one step.
   */
  #scan: { from: number; close: number; end: number } | null = null;
  /** Closing quotes after which the row was already found broken: reaching one again, it still is. */
  #brokenAfter = new Set<number>();
  #brokenUpTo = -1;

  constructor(text: string, delimiter: number) {
    this.#text = text;
    this.#delimiter = delimiter;
  }

  /** The row starting at `start`: its fields and where the next row starts, or null fields when broken. */
  read(start: number): { fields: Field[] | null; end: number } {
    const text = this.#text;
    // Rows only move forward: memos behind the current row can never be reached again.
    if (start > this.#brokenUpTo) this.#brokenAfter.clear();
    const fields: Field[] = [];
    const closes: number[] = [];
    let pos = start;
    for (;;) {
      let after: number;
      if (text.charCodeAt(pos) === QUOTE) {
        const close = this.#closingQuote(pos + 1);
        if (close === -1 || this.#brokenAfter.has(close)) return this.#broken(closes);
        closes.push(close);
        fields.push({ from: pos + 1, to: close, quoted: true });
        after = close + 1;
        // Spaces between a closing quote and the delimiter or line break are allowed, as papaparse did.
        if (after < text.length) {
          while (text.charCodeAt(after) === SPACE) after++;
          const next = text.charCodeAt(after);
          if (next !== this.#delimiter && next !== NEWLINE) return this.#broken(closes);
        }
      } else {
        after = pos;
        while (after < text.length) {
          const code = text.charCodeAt(after);
          if (code === this.#delimiter || code === NEWLINE) break;
          after++;
        }
        fields.push({ from: pos, to: after, quoted: false });
      }
      if (after >= text.length) return { fields, end: text.length };
      if (text.charCodeAt(after) === NEWLINE) return { fields, end: after + 1 };
      pos = after + 1;
    }
  }

  #broken(closes: number[]): { fields: null; end: number } {
    for (const close of closes) {
      this.#brokenAfter.add(close);
      this.#brokenUpTo = Math.max(this.#brokenUpTo, close);
    }
    return { fields: null, end: -1 };
  }

  /** The quote that closes a field whose content starts at `from`, or -1 when none does. */
  #closingQuote(from: number): number {
    const text = this.#text;
    let pos = from;
    let close: number;
    for (;;) {
      const scan = this.#scan;
      if (scan && pos >= scan.from && pos <= scan.end && text.charCodeAt(pos) !== QUOTE) {
        close = scan.close;
        break;
      }
      const run = text.indexOf('"', pos);
      if (run === -1) {
        close = -1;
        break;
      }
      let runEnd = run;
      while (text.charCodeAt(runEnd) === QUOTE) runEnd++;
      // "" is an escaped quote; an odd run ends with the closing one.
      if ((runEnd - run) % 2 === 1) {
        close = runEnd - 1;
        break;
      }
      pos = runEnd;
    }
    const end = close === -1 ? text.length : close;
    if (!this.#scan || end > this.#scan.end) this.#scan = { from, close, end };
    return close;
  }
}
