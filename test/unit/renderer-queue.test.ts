import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { QueueItem } from '../../main/core/ipc/contract.ts';
import { QueueRow } from '../../renderer/src/components/queue/QueueTool.tsx';
import { createI18n } from '../../renderer/src/i18n/index.ts';

const HOSTILE = '<img src=x onerror="alert(1)">';

function row(item: Partial<QueueItem>, language: 'en' | 'zh' = 'en'): string {
  const full: QueueItem = {
    id: 1,
    phone: '15550109999',
    text: 'hello',
    state: 'queued',
    customerName: null,
    email: null,
    incidentId: null,
    createdAt: 0,
    updatedAt: 0,
    ...item,
  };
  return renderToStaticMarkup(
    createElement(I18nextProvider, { i18n: createI18n(language) }, createElement(QueueRow, { item: full, onCancel: () => {} })),
  );
}

describe('QueueRow', () => {
  it('shows markup in a contact name, a message or an email as text', () => {
    const html = row({ customerName: HOSTILE, text: HOSTILE, email: `${HOSTILE}@example.com`, state: 'invalid' });
    expect(html).not.toContain('<img');
    expect(html.match(/&lt;img src=x onerror=&quot;alert\(1\)&quot;&gt;/g)?.length).toBe(3);
  });

  it('tells the agent how to reach a customer who is not on WhatsApp, in both languages', () => {
    expect(row({ state: 'invalid', email: 'alice@example.com' })).toContain(
      '+15550109999 is not on WhatsApp. Call the customer instead, or email alice@example.com.',
    );
    expect(row({ state: 'invalid' }, 'zh')).toContain('+15550109999 没有使用 WhatsApp。请改为致电客户，或发送电子邮件。');
  });

  it('offers cancel only before the send window opens', () => {
    expect(row({ state: 'queued' })).toContain('Cancel');
    expect(row({ state: 'sending' })).not.toContain('Cancel');
  });
});
