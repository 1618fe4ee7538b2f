import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { previewContactsFile } from '../../main/core/contacts/import/import-file.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/contacts/${name}`, import.meta.url)));
const text = (value: string) => new TextEncoder().encode(value);

describe('previewing a contacts file', () => {
  it('shows the header of a known layout and the columns it reads', () => {
    const preview = previewContactsFile(fixture('google-contacts.csv'), { fileName: 'google-contacts.csv' });
    expect(preview).toMatchObject({ format: 'csv', encoding: 'utf-8', csv: { preset: 'google' } });
    expect(preview.csv?.headers).toContain('Phone 1 - Value');
    expect(preview.csv?.mapping).toMatchObject({
      name: ['First Name', 'Middle Name', 'Last Name'],
      phones: ['Phone 1 - Value', 'Phone 2 - Value'],
      emails: ['E-mail 1 - Value', 'E-mail 2 - Value'],
      note: 'Notes',
    });
  });

  it('reads a legacy-encoded header correctly', () => {
    const preview = previewContactsFile(fixture('chinese-gb18030.csv'), { fileName: 'customers.csv' });
    expect(preview.encoding).toBe('gb18030');
    expect(preview.csv?.preset).toBe('generic');
    expect(preview.csv?.headers.some((header) => /[\u4e00-\u9fff]/.test(header))).toBe(true);
  });

  it('gives an empty mapping when no column is recognised, for the agent to fill in', () => {
    const preview = previewContactsFile(text('Kunde;WA;Bemerkung\nAlice;+15550100001;x\n'), { fileName: 'export.csv' });
    expect(preview.csv).toEqual({ headers: ['Kunde', 'WA', 'Bemerkung'], preset: null, mapping: {} });
  });

  it('has no columns to show for a vCard file', () => {
    expect(previewContactsFile(fixture('iphone-3.0.vcf'), { fileName: 'iphone.vcf' })).toMatchObject({ format: 'vcard', csv: null });
  });
});
