/**
 * CRM files shaped to make a parser slow: each is written to about the size asked for, so that a
 * parser that is not linear shows it (the fuzz tests, the import-under-load test, bench:contacts).
 */

export interface HostileFile {
  name: string;
  fileName: string;
  text: (bytes: number) => string;
}

/** Lines from `line(i)` until the text reaches `bytes`. */
function repeatLines(head: string, bytes: number, line: (i: number) => string): string {
  const parts = [head];
  let size = head.length;
  for (let i = 0; size < bytes; i++) {
    const next = line(i);
    parts.push(next);
    size += next.length;
  }
  return parts.join('');
}

const phone = (i: number) => `+1 201 555 ${String(i % 10_000).padStart(4, '0')}`;

export const HOSTILE_CSV: HostileFile[] = [
  {
    // Every other row opens a quote the next row's quote closes, with text after it: each row is broken.
    name: 'stray quotes in every row',
    fileName: 'stray-quotes.csv',
    text: (bytes) =>
      repeatLines('Name,Phone,Email\n', bytes, (i) =>
        i % 2 === 0 ? `"Alice ${i},${phone(i)},a${i}@example.com\n` : `Bob "${i}" Jr,${phone(i)},b${i}@example.com\n`,
      ),
  },
  {
    name: 'one quoted field that never closes',
    fileName: 'unclosed.csv',
    text: (bytes) => repeatLines(`Name,Phone\nJane,${phone(1)}\n"`, bytes, (i) => `never closed ""${i}"" ,\n`),
  },
  {
    name: 'one huge quoted field',
    fileName: 'huge-field.csv',
    text: (bytes) => `${repeatLines('Name,Phone\n"', bytes, (i) => `a ""quoted"" word ${i}, and a line break\n`)}",${phone(1)}\n`,
  },
  {
    name: 'many columns',
    fileName: 'many-columns.csv',
    text: (bytes) => {
      const columns = Math.max(2, Math.floor(bytes / 20));
      const header = ['Phone', ...Array.from({ length: columns - 1 }, (_, i) => `c${i}`)].join(',');
      return `${header}\n${phone(1)}${','.repeat(columns - 1)}\n`;
    },
  },
  {
    name: 'a phone cell of spaces',
    fileName: 'spaces.csv',
    text: (bytes) => `Name,Phone\nJane,"1${' '.repeat(bytes)}2"\n`,
  },
];

export const HOSTILE_VCARD: HostileFile[] = [
  {
    name: 'a long quoted-printable value with soft line breaks',
    fileName: 'long-qp.vcf',
    text: (bytes) =>
      `${repeatLines('BEGIN:VCARD\r\nVERSION:2.1\r\nTEL:+12015550123\r\nNOTE;ENCODING=QUOTED-PRINTABLE:', bytes, () => '=E5=BC=A0=E4=BC=9F abc=\r\n')}` +
      'x\r\nEND:VCARD\r\n',
  },
  {
    name: 'BEGIN repeated without END',
    fileName: 'begins.vcf',
    text: (bytes) => repeatLines('', bytes, (i) => `BEGIN:VCARD\r\nFN:Card ${i}\r\n`),
  },
  {
    name: 'one long folded line',
    fileName: 'folded.vcf',
    text: (bytes) =>
      `${repeatLines('BEGIN:VCARD\r\nVERSION:3.0\r\nTEL:+12015550123\r\nNOTE:', bytes, (i) => ` folded ${i}\r\n`)}END:VCARD\r\n`,
  },
  {
    name: 'a long company name full of escapes',
    fileName: 'escapes.vcf',
    text: (bytes) => `${repeatLines('BEGIN:VCARD\r\nTEL:+12015550123\r\nORG:', bytes, () => 'Acme\\, Inc.\\;')}\r\nEND:VCARD\r\n`,
  },
  {
    name: 'a property name without a colon',
    fileName: 'no-colon.vcf',
    text: (bytes) => `BEGIN:VCARD\r\nTEL:+12015550123\r\n${'X'.repeat(bytes)}\r\nEND:VCARD\r\n`,
  },
];
