import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PartialSettings } from '../../main/core/config/schema.ts';
import { startSimulator } from '../simulator/index.ts';
import { startHttpGateway, startSmtpSink, type HttpGateway, type SmtpSink } from '../support/mail-sink.ts';
import { eachTestCloses, fastThresholds, pair, startKiosk, type KioskUnderTest } from './harness.ts';

/**
 * The pane's Email, SMS and notices tools through the real kiosk (Chromium shell, simulator),
 * with a real SMTP server and an HTTP SMS gateway on loopback.
 */
const started = eachTestCloses();
let smtp: SmtpSink;
let gateway: HttpGateway;
beforeAll(async () => {
  smtp = await startSmtpSink();
  gateway = await startHttpGateway();
  process.env.KIOSK_E2E_SMTP_PASSWORD = 'secret-from-env';
});
afterAll(async () => {
  await smtp.close();
  await gateway.close();
});

const CRM = [
  'Name,Phone,Email',
  'Alice Johnson,+1 555 010 0001,alice@example.com',
  'Bob Smith,+1 555 010 0002,bob@example.com',
  'Carol Lee,+1 555 010 0003,carol@example.com',
].join('\r\n');

function outboxSettings(): PartialSettings {
  return {
    email: {
      host: '127.0.0.1',
      port: smtp.port,
      security: 'none',
      user: 'desk',
      password: { env: 'KIOSK_E2E_SMTP_PASSWORD' },
      from: 'desk@example.com',
      timeoutMs: 5_000,
    },
    channels: {
      http: [
        {
          name: 'sms',
          kind: 'sms',
          url: gateway.url,
          method: 'POST',
          headers: {},
          body: { format: 'json', fields: { to: '{to}', text: '{text}', ref: '{messageId}' } },
          success: { statusMin: 200, statusMax: 299 },
          timeoutMs: 5_000,
        },
      ],
    },
  };
}

async function kioskInFailover(lang: 'en' | 'zh'): Promise<KioskUnderTest> {
  const sim = (started.sim = await startSimulator({ lang }));
  const k = (started.kiosk = await startKiosk({
    whatsappUrl: sim.url,
    settings: {
      ...fastThresholds(sim.independentUrl),
      failover: { graceMs: 1_000, typingHoldMs: 1_500 },
      contacts: { syncIntervalMs: 5_000 },
      ...outboxSettings(),
    },
    systemLocale: lang === 'zh' ? 'zh-CN' : 'en-US',
  }));
  await pair(sim, k);
  await k.invoke('contacts:import', { fileName: 'crm.csv', dataBase64: Buffer.from(CRM).toString('base64') });
  await expect.poll(async () => (await k.invoke('contacts:summary', {})).count, { timeout: 20_000 }).toBeGreaterThanOrEqual(4);
  sim.control.inject('outage');
  await k.waitForStatus((s) => s.mode === 'failover', 30_000);
  return k;
}

it('fault -> pane -> customer looked up -> email received -> SMS received -> customers notified once', async () => {
  const k = await kioskInFailover('en');
  const page = k.uiPage;
  await page.getByTestId('outbox-agent').fill('Dana <b>Desk</b>');

  // The customer, looked up and picked: the tools take the address from the contact backup.
  await page.getByTestId('lookup-input').fill('Alice');
  await page.getByTestId('contact-select').first().click();
  const email = page.getByTestId('outbox-email');
  expect(await email.getByTestId('outbox-email-to').inputValue()).toBe('alice@example.com');
  await email.getByTestId('outbox-email-template').selectOption('reply');
  await email.getByTestId('outbox-email-text').fill('Your order 48213 ships today. <img src=x onerror=alert(1)>');
  await email.getByTestId('outbox-email-preview').click();
  await expect.poll(() => email.getByTestId('outbox-preview').textContent()).toContain('<img src=x onerror=alert(1)>');
  await email.getByTestId('outbox-email-queue').click();
  await email.locator('[data-testid="outbox-email-outcome"][data-state="queued"]').waitFor();
  const [mail] = await smtp.waitFor(1);
  const stored = k.db.prepare(`SELECT message_id FROM outbox_messages WHERE recipient = 'alice@example.com'`).get() as {
    message_id: string;
  };
  expect(mail!.messageId).toBe(stored.message_id);
  expect(mail!.subject).toMatch(/^Your message to us: #\d+$/);
  expect(mail!.text).toContain('Dear Alice Johnson,');
  expect(mail!.text).toContain('Dana <b>Desk</b>');
  expect(mail!.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  await page.locator('[data-testid="outbox-item"][data-state="sent"]').first().waitFor();

  // The same customer by SMS, through the HTTP gateway.
  const sms = page.getByTestId('outbox-sms');
  expect(await sms.getByTestId('outbox-sms-to').inputValue()).toBe('+15550100001');
  await sms.getByTestId('outbox-sms-text').fill('Your order ships today.');
  await sms.getByTestId('outbox-sms-queue').click();
  await expect.poll(() => gateway.received.length, { timeout: 15_000 }).toBe(1);
  expect(gateway.received[0]!.body).toMatchObject({ to: '+15550100001', text: 'Your order ships today.' });
  await k.screenshot(page, 'outbox-tools-en');

  // Notes about the customer picked go with their number; the general notes stay apart.
  const subject = page.getByTestId('notes-subject');
  expect(await subject.textContent()).toBe('Notes about Alice Johnson');
  await page.getByTestId('failover-notes').fill('Alice prefers email.');
  await expect
    .poll(() => k.kiosk.handleRequest('notes:get', { customer: '15550100001' }))
    .toMatchObject({ ok: true, value: { customer: '15550100001', text: 'Alice prefers email.' } });
  const general = await k.kiosk.handleRequest('notes:get', { customer: '' });
  expect(general).toMatchObject({ ok: true, value: { customer: '', text: '' } });

  // Notices: the customers with unread chats and an email address (Alice and Bob), once.
  const notices = page.getByTestId('outbox-notices');
  await notices.getByTestId('notices-preview').click();
  const count = notices.getByTestId('notices-count');
  await count.waitFor();
  expect(await count.getAttribute('data-count')).toBe('2');
  await k.screenshot(page, 'outbox-notices-en');
  await notices.getByTestId('notices-send').click();
  await notices.getByTestId('notices-sent').waitFor();
  const mails = await smtp.waitFor(3);
  expect(
    mails
      .slice(1)
      .flatMap((m) => (m.to && !Array.isArray(m.to) ? m.to.value.map((a) => a.address) : []))
      .sort(),
  ).toEqual(['alice@example.com', 'bob@example.com']);
  await notices.getByTestId('notices-preview').click();
  await expect.poll(() => notices.getByTestId('notices-count').getAttribute('data-count')).toBe('0');
  expect(smtp.received).toHaveLength(3);
});

it('the tools in Chinese', async () => {
  // No outage needed for the look of the tools: the agent forces failover, the CRM file is the backup.
  const sim = (started.sim = await startSimulator({ lang: 'zh' }));
  const k = (started.kiosk = await startKiosk({ whatsappUrl: sim.url, settings: outboxSettings(), systemLocale: 'zh-CN' }));
  await k.invoke('contacts:import', { fileName: 'crm.csv', dataBase64: Buffer.from(CRM).toString('base64') });
  await k.invoke('mode:set', { mode: 'failover' });
  const page = k.uiPage;
  await page.getByTestId('lookup-input').fill('555 010 0002');
  await page.getByTestId('contact-select').first().click();
  const email = page.getByTestId('outbox-email');
  await email.getByTestId('outbox-email-template').selectOption('reply');
  await email.getByTestId('outbox-email-preview').click();
  await email.getByTestId('outbox-preview').waitFor();
  expect(await email.textContent()).toContain('客户邮箱地址');
  expect(await email.getByTestId('outbox-preview').textContent()).toContain('Bob Smith 您好');
  await k.screenshot(page, 'outbox-tools-zh');
});
