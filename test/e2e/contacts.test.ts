import { afterEach, describe, expect, it } from 'vitest';
import type { ContactsSummary } from '../../main/core/ipc/contacts-wire.ts';
import { startSimulator, type Simulator } from '../simulator/index.ts';
import { fastThresholds, startKiosk, type KioskUnderTest } from './harness.ts';

/**
 * The contact backup through the real kiosk: WhatsApp's address book read from the simulator's
 * IndexedDB by the in-page reader, a CRM file imported through the contacts panel, the customer
 * found by typing in the failover pane, and a backup taken and restored.
 */
let sim: Simulator | undefined;
let kiosk: KioskUnderTest | undefined;
afterEach(async () => {
  await kiosk?.close();
  await sim?.close();
  kiosk = undefined;
  sim = undefined;
});

async function waitForCount(k: KioskUnderTest, count: number): Promise<ContactsSummary> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const now = await k.invoke('contacts:summary', {});
    if (now.count >= count) return now;
    if (Date.now() > deadline) throw new Error(`only ${now.count} of ${count} contacts arrived`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const CRM_CSV = [
  'Name,WA,Email,Company,Notes',
  '"Alice Johnson (CRM)","+1 555 010 0001",alice@example.com,Acme Ltd,"VIP, prefers email"',
  'Zed Unknown,not a number,,,',
  'Erin Walsh,+44 20 7946 0018,erin@example.org,,',
].join('\r\n');

/** What the agent reads, in their language: a refused file, and why line 3 of CRM_CSV was skipped. */
const SAYS = {
  en: {
    refused: 'The file is a PDF document, not a CSV or vCard file. Export the contacts as CSV or vCard and try again.',
    skipped: "no valid phone number or email · phone 'not a number' is not a phone number: dropped",
  },
  zh: {
    refused: '这是 PDF 文档，不是 CSV 或 vCard 文件。请把联系人导出为 CSV 或 vCard 后再试。',
    skipped: '没有有效的电话号码或邮箱 · “not a number”不是电话号码，未导入',
  },
};

for (const lang of ['en', 'zh'] as const) {
  describe(`contacts with WhatsApp in ${lang === 'en' ? 'English' : 'Chinese'}`, () => {
    it('backs up WhatsApp contacts, merges a CRM file, finds the customer in the failover pane, backs up and restores', async () => {
      sim = await startSimulator({ lang, addressBookSize: 300 });
      kiosk = await startKiosk({
        whatsappUrl: sim.url,
        settings: { ...fastThresholds(sim.independentUrl), contacts: { syncIntervalMs: 5_000, defaultRegion: 'US' } },
        systemLocale: lang === 'zh' ? 'zh-CN' : 'en-US',
      });
      const k = kiosk;
      expect((await k.invoke('contacts:summary', {})).count).toBe(0);
      await k.waitForStatus((s) => s.whatsapp.screen === 'pairing');
      await sim.control.scanQr();
      await k.waitForStatus((s) => s.whatsapp.screen === 'chats');

      // The four chats and 300 generated address-book entries; groups never count.
      const synced = await waitForCount(k, 304);
      expect(synced).toMatchObject({ count: 304, lastSyncSource: 'indexeddb' });

      // A new customer writes in, and the agent renames another on the phone: both arrive without
      // waiting for the schedule (the chat list changed).
      sim.control.updateContacts([
        { op: 'upsert', contact: { id: '447700900123@c.us', pushname: 'Nora Quinn' } },
        { op: 'message', id: '447700900123@c.us', text: 'hello' },
        { op: 'rename', id: '15550100003@c.us', name: 'Carol Lee-Smith' },
      ]);
      await waitForCount(k, 305);
      const search = (query: string) => k.invoke('contacts:search', { query });
      expect((await search('447700900123'))[0]).toMatchObject({ pushName: 'Nora Quinn' });
      await expect.poll(async () => (await search('15550100003'))[0]?.name, { timeout: 15_000 }).toBe('Carol Lee-Smith');

      // The agent imports the company's CRM file through the contacts panel.
      await k.uiPage.getByTestId('open-contacts').click();
      // A file that holds no contacts at all is refused, and the agent reads why in their language.
      await k.uiPage
        .getByTestId('contacts-import')
        .setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n') });
      // The first file the kiosk reads starts its import worker thread: allow for that on a busy machine.
      await expect.poll(() => k.uiPage.getByTestId('contacts-message').textContent(), { timeout: 10_000 }).toBe(SAYS[lang].refused);
      await k.uiPage.getByTestId('contacts-import').setInputFiles({ name: 'crm.csv', mimeType: 'text/csv', buffer: Buffer.from(CRM_CSV) });
      // The numbers are in a column no layout knows ("WA"): the agent says it holds phones.
      await k.uiPage.getByTestId('import-check').waitFor();
      const role = (column: string) => k.uiPage.locator(`[data-testid="column-role"][data-column="${column}"]`);
      expect(await role('Name').inputValue()).toBe('name');
      expect(await role('Email').inputValue()).toBe('email');
      expect(await role('WA').inputValue()).toBe('ignore');
      await role('WA').selectOption('phone');
      await k.screenshot(k.uiPage, `contacts-import-check-${lang}`);
      await k.uiPage.getByTestId('import-confirm').click();
      const report = k.uiPage.getByTestId('import-report');
      await report.waitFor();
      expect(await report.getAttribute('data-created')).toBe('1');
      expect(await report.getAttribute('data-skipped')).toBe('1');
      const skipped = k.uiPage.locator('[data-outcome="skipped"]');
      expect(await skipped.getAttribute('data-line')).toBe('3');
      expect(await skipped.getByTestId('import-row-why').textContent()).toBe(SAYS[lang].skipped);
      expect((await k.invoke('contacts:summary', {})).count).toBe(306);

      await k.uiPage.getByTestId('backup-now').click();
      await k.uiPage.locator('[data-backup]').first().waitFor();
      await k.screenshot(k.uiPage, `contacts-panel-${lang}`);
      await k.uiPage.keyboard.press('Escape');

      // WhatsApp goes down; in the failover pane the agent types part of the customer's number.
      await k.invoke('mode:set', { mode: 'failover' });
      const input = k.uiPage.getByTestId('lookup-input');
      await input.fill('555 010 0001');
      const alice = k.uiPage.getByTestId('lookup-result').first();
      await alice.waitFor();
      expect(await alice.getByTestId('contact-name').textContent()).toBe('Alice Johnson (CRM)');
      expect(await alice.getByTestId('contact-phones').textContent()).toBe('+15550100001');
      expect(await alice.getByTestId('contact-emails').textContent()).toBe('alice@example.com');
      const sources = (await alice.getByTestId('contact-sources').textContent()) ?? '';
      expect(sources).toContain('crm.csv');
      expect(sources).toContain('WhatsApp');
      await k.screenshot(k.uiPage, `failover-lookup-${lang}`);

      // Restoring the backup taken after the import keeps the merged contact.
      const [latest] = await k.invoke('backups:list', {});
      const result = await k.kiosk.handleRequest('backups:restore', { name: latest!.name });
      expect(result).toMatchObject({ ok: true });
      await input.fill('');
      await input.fill('alice@');
      await k.uiPage.getByTestId('lookup-result').first().waitFor();
      expect(await k.uiPage.getByTestId('contact-name').first().textContent()).toBe('Alice Johnson (CRM)');
    });
  });
}

describe('restore locked by IT', () => {
  it('offers no restore in the panel, and a restore request is refused with the data left as it was', async () => {
    sim = await startSimulator({ lang: 'en' });
    kiosk = await startKiosk({ whatsappUrl: sim.url, policy: JSON.stringify({ enforced: { backups: { restoreAllowed: false } } }) });
    const k = kiosk;
    const imported = await k.invoke('contacts:import', { fileName: 'crm.csv', dataBase64: Buffer.from(CRM_CSV).toString('base64') });
    expect(imported).toMatchObject({ created: 2 });
    const backup = await k.invoke('backups:create', {});
    await k.invoke('contacts:import', {
      fileName: 'more.csv',
      dataBase64: Buffer.from('Name,Phone\r\nFrank Ocean,+1 555 010 0099\r\n').toString('base64'),
    });
    expect(await k.invoke('contacts:summary', {})).toMatchObject({ count: 3, restoreAllowed: false });

    await k.uiPage.getByTestId('open-contacts').click();
    await k.uiPage.locator(`[data-backup="${backup.name}"]`).waitFor();
    await k.uiPage.getByTestId('restore-locked').waitFor();
    expect(await k.uiPage.getByTestId('restore').count()).toBe(0);

    const refused = await k.kiosk.handleRequest('backups:restore', { name: backup.name });
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/turned off.*backups\.restoreAllowed/) });
    expect((await k.invoke('contacts:summary', {})).count).toBe(3);
    expect(await k.invoke('backups:list', {})).toEqual([backup]);
  });
});
