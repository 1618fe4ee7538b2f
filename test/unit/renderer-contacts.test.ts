import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { BackupList } from '../../renderer/src/components/BackupList.tsx';
import { ImportProgress } from '../../renderer/src/components/ImportProgress.tsx';
import { createI18n } from '../../renderer/src/i18n/index.ts';

// The contacts panel's pieces rendered to static HTML under Node; clicks and pushes in a real
// browser are the e2e suite's.

function render(element: ReactElement, language: 'en' | 'zh' = 'en'): string {
  return renderToStaticMarkup(createElement(I18nextProvider, { i18n: createI18n(language) }, element));
}

describe('ImportProgress', () => {
  it('shows the rows read of the file, then the contacts saved, in both languages', () => {
    const reading = { fileName: 'crm.csv', phase: 'reading' as const, done: 12_000, total: 40_000 };
    expect(render(createElement(ImportProgress, { progress: reading }))).toContain('Reading crm.csv: 12000 of 40000 rows checked');
    expect(render(createElement(ImportProgress, { progress: reading }), 'zh')).toContain('正在读取 crm.csv：已检查 12000 / 40000 行');
    const merging = render(createElement(ImportProgress, { progress: { ...reading, phase: 'merging', done: 2_000, total: 39_000 } }));
    expect(merging).toContain('Saving crm.csv: 2000 of 39000 contacts');
    expect(merging).toContain('data-phase="merging"');
    expect(merging).toMatch(/<progress max="39000" value="2000">/);
  });

  it('says the file is being read before the first figure arrives', () => {
    expect(render(createElement(ImportProgress, { progress: null }))).toContain('Reading the file…');
    expect(render(createElement(ImportProgress, { progress: null }), 'zh')).toContain('正在读取文件…');
  });
});

describe('BackupList', () => {
  const backups = [
    { file: '/b/kiosk-20261129T090000000Z.sqlite', name: 'kiosk-20261129T090000000Z.sqlite', at: Date.UTC(2026, 10, 29, 9), bytes: 8192 },
  ];
  const props = { backups, busy: false, language: 'en' as const, now: Date.UTC(2026, 10, 29, 10), onRestore: () => {} };

  it('offers a restore for each backup unless IT locked restoring', () => {
    const open = render(createElement(BackupList, { ...props, restoreLocked: false }));
    expect(open).toContain('data-testid="restore"');
    expect(open).not.toContain('data-testid="restore-locked"');
    const locked = render(createElement(BackupList, { ...props, restoreLocked: true }));
    expect(locked).not.toContain('data-testid="restore"');
    expect(locked).toContain('data-testid="restore-locked"');
  });
});
