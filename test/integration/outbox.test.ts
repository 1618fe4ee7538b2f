import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { settingsSchema, type PartialSettings } from '../../main/core/config/schema.ts';
import { openDatabase, type Db } from '../../main/core/db/database.ts';
import { unsharedGate } from '../../main/core/db/write-gate.ts';
import { createLogger } from '../../main/core/log/logger.ts';
import { OutboxService } from '../../main/core/outbox/outbox-service.ts';
import { plainSecretResolver } from '../../main/core/outbox/secrets.ts';
import { systemClock } from '../../main/core/ports.ts';
import { startHttpGateway, startSmtpSink, type HttpGateway, type SmtpSink } from '../support/mail-sink.ts';

const TEMPLATES = new URL('../../resources/templates/', import.meta.url).pathname;
const HOSTILE = '<img src=x onerror=alert(1)>';

describe('the outbox over a real SQLite file, a real SMTP server and an HTTP gateway on loopback', () => {
  let smtp: SmtpSink;
  let gateway: HttpGateway;
  let dir: string;
  const open: { service: OutboxService; db: Db }[] = [];

  beforeAll(async () => {
    smtp = await startSmtpSink();
    gateway = await startHttpGateway();
  });
  afterAll(async () => {
    await smtp.close();
    await gateway.close();
  });
  afterEach(async () => {
    for (const { service, db } of open.splice(0)) {
      await service.stop();
      db.close();
    }
    smtp.received.length = 0;
    smtp.plan.length = 0;
    gateway.received.length = 0;
    rmSync(dir, { recursive: true, force: true });
  });

  function outbox(overrides: PartialSettings = {}, file = join(dir, 'kiosk.sqlite'), incident: number | null = null) {
    const db = openDatabase(file);
    const settings = settingsSchema.parse({
      email: {
        host: '127.0.0.1',
        port: smtp.port,
        security: 'none',
        user: 'desk',
        password: { env: 'SMTP_PASSWORD' },
        from: 'desk@example.com',
        fromName: '客服 Desk',
        timeoutMs: 1_000,
      },
      channels: {
        http: [
          {
            name: 'sms',
            kind: 'sms',
            url: gateway.url,
            auth: { type: 'bearer', token: { env: 'SMS_TOKEN' } },
            body: { fields: { to: '{to}', text: '{text}', ref: '{messageId}' } },
            success: { jsonPath: 'status', equals: 'queued' },
          },
        ],
      },
      ...overrides,
    });
    const service = new OutboxService({
      db,
      writeGate: unsharedGate(),
      settings,
      clock: systemClock,
      log: createLogger(join(dir, 'logs'), { echo: false }),
      secrets: plainSecretResolver({ SMTP_PASSWORD: 'secret-from-env', SMS_TOKEN: 'tok' }),
      templatesDir: TEMPLATES,
      language: 'en',
      openIncident: () => incident,
      retry: { baseDelayMs: 200, maxDelayMs: 1_000, maxAttempts: 5 },
      pollMs: 100,
    });
    open.push({ service, db });
    return service;
  }

  async function settled(service: OutboxService, id: number) {
    const end = Date.now() + 20_000;
    for (;;) {
      const message = service.outbox.store.get(id)!;
      if (message.state !== 'queued' && message.state !== 'sending') return message;
      if (Date.now() > end) throw new Error(`message ${id} still ${message.state}: ${message.lastError}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  const fresh = () => (dir = mkdtempSync(join(tmpdir(), 'outbox-it-')));

  it('sends an email with the template, in Chinese, with the Message-ID fixed when it was queued', async () => {
    fresh();
    const service = outbox();
    service.start();
    const { id } = await service.queue({
      channel: 'email',
      to: 'zhang@example.com',
      templateId: 'reply',
      language: 'zh',
      values: { customer: `张伟 ${HOSTILE}`, agent: '李娜', incident: '#42', message: '您的订单已发货。' },
    });
    const queued = service.outbox.store.get(id)!;
    expect(queued.state).toBe('queued');
    expect(await settled(service, id)).toMatchObject({ state: 'sent', attempts: 1 });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.messageId).toBe(queued.messageId);
    expect(mail!.subject).toBe('关于您的咨询：#42');
    expect(mail!.text).toContain(`张伟 ${HOSTILE} 您好`);
    expect(mail!.text).toContain('您的订单已发货。');
    expect(mail!.html).toContain('张伟 &lt;img src=x onerror=alert(1)&gt;');
    expect(mail!.html).not.toContain('<img');
    expect(mail!.from?.value[0]).toEqual({ name: '客服 Desk', address: 'desk@example.com' });
  });

  it('an SMTP 5xx fails the message with the server reason, no retry', async () => {
    fresh();
    const service = outbox();
    smtp.plan.push('reject');
    service.start();
    const { id } = await service.queue({ channel: 'email', to: 'a@example.com', language: 'en', subject: 'Hi', text: 'Hello', values: {} });
    expect(await settled(service, id)).toMatchObject({
      state: 'failed',
      attempts: 1,
      lastError: expect.stringContaining('554 5.7.1 message refused by policy') as unknown,
    });
    expect(smtp.received).toHaveLength(0);
  });

  it('a connection dropped mid-DATA is retried and ends sent once', async () => {
    fresh();
    const service = outbox();
    smtp.plan.push('drop-mid-data', 'drop-mid-data');
    service.start();
    const { id } = await service.queue({ channel: 'email', to: 'a@example.com', language: 'en', subject: 'Hi', text: 'Hello', values: {} });
    expect(await settled(service, id)).toMatchObject({ state: 'sent', attempts: 3 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.received).toHaveLength(1);
  });

  it('a drop after the server kept the message is the documented window: the resend carries the same Message-ID', async () => {
    fresh();
    const service = outbox();
    smtp.plan.push('accept-then-drop');
    service.start();
    const { id } = await service.queue({ channel: 'email', to: 'a@example.com', language: 'en', subject: 'Hi', text: 'Hello', values: {} });
    expect(await settled(service, id)).toMatchObject({ state: 'sent', attempts: 2 });
    const mails = await smtp.waitFor(2);
    expect(mails.map((mail) => mail.messageId)).toEqual([service.outbox.store.get(id)!.messageId, service.outbox.store.get(id)!.messageId]);
  });

  it('a slow server times out, the message is retried and sent, nothing lost', async () => {
    fresh();
    const service = outbox();
    smtp.slowMs = 2_500;
    smtp.plan.push('slow-greeting');
    service.start();
    const { id } = await service.queue({ channel: 'email', to: 'a@example.com', language: 'en', subject: 'Hi', text: 'Hello', values: {} });
    const message = await settled(service, id);
    expect(message).toMatchObject({ state: 'sent', attempts: 2 });
    expect(smtp.received).toHaveLength(1);
  });

  it('a wrong password is a final failure with the reason', async () => {
    fresh();
    const service = outbox({
      email: {
        host: '127.0.0.1',
        port: smtp.port,
        security: 'none',
        user: 'intruder',
        password: { env: 'SMTP_PASSWORD' },
        from: 'desk@example.com',
        timeoutMs: 1_000,
      },
    });
    service.start();
    const { id } = await service.queue({ channel: 'email', to: 'a@example.com', language: 'en', subject: 'Hi', text: 'Hello', values: {} });
    expect(await settled(service, id)).toMatchObject({ state: 'failed', lastError: expect.stringContaining('535') as unknown });
  });

  it('sends an SMS through the HTTP channel: bearer secret, JSON body, retried on a 503, refused on a 400', async () => {
    fresh();
    const service = outbox();
    gateway.plan.push(503);
    service.start();
    const { id } = await service.queue({
      channel: 'sms',
      to: '+8613800000000',
      templateId: 'reply',
      language: 'zh',
      values: { customer: '张伟', message: '已发货', agent: '李娜' },
    });
    expect(await settled(service, id)).toMatchObject({ state: 'sent', attempts: 2 });
    expect(gateway.received).toEqual([
      {
        headers: expect.objectContaining({ authorization: 'Bearer tok' }) as unknown,
        body: {
          to: '+8613800000000',
          text: '张伟，我们的 WhatsApp 暂时故障，特以短信回复：已发货（李娜）',
          ref: service.outbox.store.get(id)!.messageId,
        },
      },
    ]);
    gateway.plan.push(400);
    const refused = await service.queue({ channel: 'sms', to: '+8613800000001', language: 'en', text: 'hi', values: {} });
    expect(await settled(service, refused.id)).toMatchObject({ state: 'failed', lastError: 'HTTP 400: {"error":"gateway says no"}' });
  });

  it('bad input is refused and writes nothing', async () => {
    fresh();
    const service = outbox();
    await expect(
      service.queue({ channel: 'email', to: 'not an address', language: 'en', subject: 's', text: 't', values: {} }),
    ).rejects.toThrow('not an email address');
    await expect(service.queue({ channel: 'sms', to: 'abc', language: 'en', text: 't', values: {} })).rejects.toThrow('not a phone number');
    await expect(
      service.queue({ channel: 'email', to: 'a@example.com', language: 'en', subject: 's', text: ' ', values: {} }),
    ).rejects.toThrow('empty');
    await expect(service.queue({ channel: 'email', to: 'a@example.com', language: 'en', templateId: 'nope', values: {} })).rejects.toThrow(
      'no email template nope',
    );
    expect(service.list(10)).toEqual([]);
  });

  it('a restart resumes messages left queued and in their send window, with the same Message-ID', async () => {
    fresh();
    const file = join(dir, 'kiosk.sqlite');
    const first = outbox({}, file);
    // Not started: the messages stay queued, as if the kiosk died before sending them.
    const a = await first.queue({ channel: 'email', to: 'a@example.com', language: 'en', subject: 'A', text: 'a', values: {} });
    const b = await first.queue({ channel: 'email', to: 'b@example.com', language: 'en', subject: 'B', text: 'b', values: {} });
    await first.outbox.store.markSending(b.id, Date.now()); // killed in b's send window
    const ids = { a: first.outbox.store.get(a.id)!.messageId, b: first.outbox.store.get(b.id)!.messageId };
    const { service, db } = open.shift()!;
    await service.stop();
    db.close();

    const second = outbox({}, file);
    second.start();
    expect(await settled(second, a.id)).toMatchObject({ state: 'sent' });
    expect(await settled(second, b.id)).toMatchObject({ state: 'sent', attempts: 2 });
    const mails = await smtp.waitFor(2);
    expect(mails.map((mail) => mail.messageId).sort()).toEqual([ids.a, ids.b].sort());
  });

  it('customer notices: recent or unread chats with an address, each customer once per incident, in their language', async () => {
    fresh();
    const service = outbox({}, join(dir, 'kiosk.sqlite'), 7);
    const { db } = open[0]!;
    const now = Date.now();
    const add = db.prepare(
      'INSERT INTO contacts (name, phones, emails, last_interaction_at, unread, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    add.run('张伟', '["+8613800000000"]', '["zhang@example.com"]', now - 60_000, 0, now);
    add.run(`Ann ${HOSTILE}`, '["+15550100001"]', '["ann@example.com"]', now - 3 * 86_400_000, 2, now);
    add.run('Old Customer', '["+15550100002"]', '["old@example.com"]', now - 3 * 86_400_000, 0, now);
    add.run('No Email', '["+15550100003"]', '[]', now - 60_000, 0, now);
    const request = { channel: 'email', templateId: 'outage-notice', values: { agent: 'Desk 7', expectedRecovery: '15:00' } };

    const preview = service.noticePreview(request);
    expect(preview).toMatchObject({ incidentId: 7, count: 2, withoutAddress: 1, alreadyNotified: 0 });
    expect(preview.recipients.map((r) => [r.address, r.language])).toEqual([
      ['ann@example.com', 'en'],
      ['zhang@example.com', 'zh'],
    ]);
    service.start();
    expect(await service.sendNotices({ ...request, incidentId: 7 })).toEqual({ queued: 2 });
    const mails = await smtp.waitFor(2);
    const zh = mails.find((mail) => mail.to && 'text' in mail.to && mail.to.text.includes('zhang'))!;
    expect(zh.subject).toBe('我们暂时无法通过 WhatsApp 回复您');
    expect(zh.text).toContain('预计恢复时间：15:00');
    expect(mails.find((mail) => mail !== zh)!.html).not.toContain('<img');

    // A second offer for the same incident finds nobody left; a stale second request changes nothing.
    expect(service.noticePreview(request)).toMatchObject({ count: 0, alreadyNotified: 2 });
    expect(await service.sendNotices({ ...request, incidentId: 7 })).toEqual({ queued: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM customer_notices').get()).toEqual({ n: 2 });
    await expect(service.sendNotices({ ...request, incidentId: 6 })).rejects.toThrow('preview again');
  });
});
