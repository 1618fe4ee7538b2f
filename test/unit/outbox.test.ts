import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { partialSettingsSchema, settingsSchema, type HttpChannelConfig } from '../../main/core/config/schema.ts';
import { openDatabase } from '../../main/core/db/database.ts';
import { unsharedGate, WriteGate } from '../../main/core/db/write-gate.ts';
import { judgeHttpAnswer, planHttpRequest } from '../../main/core/outbox/http-channel.ts';
import { customerLanguage } from '../../main/core/outbox/notices.ts';
import { Outbox } from '../../main/core/outbox/outbox.ts';
import { OutboxStore, type OutboxMessage } from '../../main/core/outbox/outbox-store.ts';
import { escapeHtml, renderText, unknownPlaceholders } from '../../main/core/outbox/render.ts';
import { afterAttempt, retryDelay, smtpOutcome, type SendOutcome } from '../../main/core/outbox/retry.ts';
import { plainSecretResolver } from '../../main/core/outbox/secrets.ts';
import { loadTemplates, parseTemplate, renderTemplate, TemplateFileError } from '../../main/core/outbox/templates.ts';
import { FakeClock, memoryLogger } from '../support/fake-kiosk.ts';

const TEMPLATES = new URL('../../resources/templates/', import.meta.url).pathname;
const policy = { baseDelayMs: 1_000, maxDelayMs: 60_000, maxAttempts: 4 };
const HOSTILE = '<img src=x onerror=alert(1)>';

describe('retry decisions', () => {
  it('sent, permanent failure with the reason, temporary failure retried later', () => {
    expect(afterAttempt({ ok: true }, 1, 0, policy, 0.5)).toEqual({ state: 'sent' });
    expect(afterAttempt({ ok: false, temporary: false, reason: '550 no such user' }, 1, 0, policy, 0.5)).toEqual({
      state: 'failed',
      reason: '550 no such user',
    });
    expect(afterAttempt({ ok: false, temporary: true, reason: '421 busy' }, 1, 10_000, policy, 0)).toEqual({
      state: 'queued',
      nextAttemptAt: 10_500,
      reason: '421 busy',
    });
  });

  it('gives up after the last attempt with the last reason', () => {
    expect(afterAttempt({ ok: false, temporary: true, reason: 'ETIMEDOUT' }, 4, 0, policy, 0)).toEqual({
      state: 'failed',
      reason: 'gave up after 4 attempts: ETIMEDOUT',
    });
  });

  it('backs off exponentially with equal jitter, capped', () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, policy, 0))).toEqual([500, 1_000, 2_000, 4_000]);
    expect(retryDelay(3, policy, 0.999_999)).toBe(4_000);
    expect(retryDelay(30, policy, 1)).toBe(60_000);
    expect(retryDelay(30, policy, 0)).toBe(30_000);
  });

  it('reads SMTP replies: 4xx temporary, 5xx final, a dropped connection temporary, a refused login final', () => {
    expect(smtpOutcome({ responseCode: 451, response: '451 try later', message: 'x' })).toEqual({
      ok: false,
      temporary: true,
      reason: '451 try later',
    });
    expect(smtpOutcome({ responseCode: 554, response: '554 rejected', message: 'x' })).toMatchObject({
      temporary: false,
      reason: '554 rejected',
    });
    expect(smtpOutcome({ code: 'ECONNECTION', message: 'Connection closed' })).toMatchObject({ temporary: true });
    expect(smtpOutcome({ code: 'ETIMEDOUT', message: 'Timeout' })).toMatchObject({ temporary: true });
    expect(smtpOutcome({ code: 'EAUTH', message: 'Invalid login' })).toMatchObject({ temporary: false });
  });
});

describe('template rendering', () => {
  const email = parseTemplate(
    'email',
    'reply.json',
    JSON.stringify({
      title: { en: 'Reply', zh: '回复' },
      subject: { en: 'Hello {customer}', zh: '{customer} 您好' },
      text: { en: 'Dear {customer},\n\n{message}\n{agent}', zh: '{customer}:\n\n{message}' },
    }),
  );

  it('fills placeholders; a missing value is empty, never a brace', () => {
    expect(renderText('{customer} / {agent}', { customer: 'Ann' })).toBe('Ann / ');
    expect(renderText('{notAPlaceholder}', {})).toBe('{notAPlaceholder}');
  });

  it('markup in a name and in a field is escaped in the HTML body and plain in the text', () => {
    const message = renderTemplate(email, 'en', { customer: HOSTILE, message: `${HOSTILE} & more`, agent: 'Bo' });
    expect(message.text).toContain(`Dear ${HOSTILE},`);
    expect(message.text).toContain(`${HOSTILE} & more`);
    expect(message.html).not.toContain('<img');
    expect(message.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(message.html).toContain('&amp; more');
    expect(message.subject).toBe(`Hello ${HOSTILE}`);
  });

  it("keeps IT's HTML markup and escapes the values put into it", () => {
    const withHtml = parseTemplate(
      'email',
      'h.json',
      JSON.stringify({
        title: { en: 'x', zh: 'x' },
        subject: { en: 's', zh: 's' },
        text: { en: '{customer}', zh: '{customer}' },
        html: { en: '<p><b>{customer}</b></p>', zh: '<p>{customer}</p>' },
      }),
    );
    expect(renderTemplate(withHtml, 'en', { customer: HOSTILE }).html).toBe(`<p><b>${escapeHtml(HOSTILE)}</b></p>`);
  });

  it('a subject never carries a line break (header injection)', () => {
    expect(renderTemplate(email, 'en', { customer: 'a\r\nBcc: x@example.com' }).subject).toBe('Hello a Bcc: x@example.com');
  });

  it('renders Chinese', () => {
    expect(renderTemplate(email, 'zh', { customer: '张伟', message: '您好' }).text).toBe('张伟:\n\n您好');
  });

  it('the shipped templates load and are complete in both languages', () => {
    const templates = loadTemplates(TEMPLATES);
    expect(templates.map((t) => `${t.kind}/${t.id}`)).toEqual(['email/outage-notice', 'email/reply', 'sms/outage-notice', 'sms/reply']);
    expect(templates.filter((t) => t.notice).map((t) => t.kind)).toEqual(['email', 'sms']);
  });

  it('a bad template file is refused with the file and the reason', () => {
    const bad =
      (source: string, kind: 'email' | 'sms' = 'email') =>
      () =>
        parseTemplate(kind, 'bad.json', source);
    expect(bad('{')).toThrow(/template email\/bad.json: not JSON/);
    expect(bad(JSON.stringify({ title: { en: 'x' }, subject: { en: 's', zh: 's' }, text: { en: 't', zh: 't' } }))).toThrow(/title.zh/);
    expect(bad(JSON.stringify({ title: { en: 'x', zh: 'x' }, subject: { en: 's', zh: 's' }, text: { en: '{custmer}', zh: 't' } }))).toThrow(
      /text.en: unknown placeholder \{custmer\}/,
    );
    expect(bad(JSON.stringify({ title: { en: 'x', zh: 'x' }, text: { en: 't', zh: 't' } }))).toThrow(/needs a subject/);
    expect(bad(JSON.stringify({ title: { en: 'x', zh: 'x' }, subject: { en: 's', zh: 's' }, text: { en: 't', zh: 't' } }), 'sms')).toThrow(
      TemplateFileError,
    );
    expect(unknownPlaceholders('{customer} {x}')).toEqual(['x']);
  });
});

describe('HTTP channels', () => {
  const channel = (extra: object = {}): HttpChannelConfig =>
    settingsSchema.parse({
      channels: {
        http: [
          {
            name: 'sms',
            kind: 'sms',
            url: 'https://gateway.example/send',
            auth: { type: 'bearer', token: { env: 'SMS_TOKEN' } },
            body: { fields: { to: '{to}', message: '{text}', id: '{messageId}' } },
            ...extra,
          },
        ],
      },
    }).channels.http[0]!;
  const message = { recipient: '+8613800000000', text: `你好 ${HOSTILE} "quoted"`, messageId: '<m1@x>' };

  it('builds a JSON body from the fields, the secret by reference in the header', () => {
    const plan = planHttpRequest(channel(), message, plainSecretResolver({ SMS_TOKEN: 't0k' }));
    expect(plan.headers.authorization).toBe('Bearer t0k');
    expect(JSON.parse(plan.body!)).toEqual({ to: '+8613800000000', message: message.text, id: '<m1@x>' });
  });

  it('builds a form body and basic auth', () => {
    const plan = planHttpRequest(
      channel({
        body: { format: 'form', fields: { To: '{to}', Body: '{text}' } },
        auth: { type: 'basic', user: 'u', password: { env: 'P' } },
      }),
      message,
      plainSecretResolver({ P: 'p' }),
    );
    expect(plan.headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    expect(new URLSearchParams(plan.body!).get('Body')).toBe(message.text);
  });

  it('a missing secret is a clear error that names the variable, not a value', () => {
    expect(() => planHttpRequest(channel(), message, plainSecretResolver({}))).toThrow('the environment variable SMS_TOKEN is not set');
  });

  it('judges answers by the status range and the JSON rule', () => {
    const rule = { statusMin: 200, statusMax: 299, jsonPath: 'result.status', equals: 'queued' };
    expect(judgeHttpAnswer(rule, 200, '{"result":{"status":"queued"}}')).toEqual({ ok: true });
    expect(judgeHttpAnswer(rule, 200, '{"result":{"status":"rejected"}}')).toMatchObject({ ok: false, temporary: false });
    expect(judgeHttpAnswer(rule, 200, 'not json')).toMatchObject({ ok: false, temporary: false });
    expect(judgeHttpAnswer(rule, 503, 'busy')).toEqual({ ok: false, temporary: true, reason: 'HTTP 503: busy' });
    expect(judgeHttpAnswer(rule, 429, '')).toMatchObject({ temporary: true });
    expect(judgeHttpAnswer(rule, 400, '{"error":"bad number"}')).toMatchObject({
      temporary: false,
      reason: 'HTTP 400: {"error":"bad number"}',
    });
    expect(judgeHttpAnswer(rule, 302, '')).toMatchObject({ temporary: false, reason: expect.stringContaining('redirect') as unknown });
    expect(judgeHttpAnswer({ statusMin: 200, statusMax: 299 }, 204, '')).toEqual({ ok: true });
  });

  it('validates channel settings', () => {
    const check = (http: unknown) => partialSettingsSchema.safeParse({ channels: { http } }).success;
    expect(check([{ name: 'sms', kind: 'sms', url: 'https://g.example/', body: { fields: {} } }])).toBe(true);
    expect(check([{ name: 'SMS!', kind: 'sms', url: 'https://g.example/', body: { fields: {} } }])).toBe(false);
    expect(check([{ name: 'sms', kind: 'fax', url: 'https://g.example/', body: { fields: {} } }])).toBe(false);
    expect(check([{ name: 'sms', kind: 'sms', url: 'ftp://g.example/', body: { fields: {} } }])).toBe(false);
    expect(
      check([{ name: 'sms', kind: 'sms', url: 'https://g.example/', body: { fields: {} }, auth: { type: 'bearer', token: 'plain' } }]),
    ).toBe(false);
    const twice = { name: 'sms', kind: 'sms', url: 'https://g.example/', body: { fields: {} } };
    expect(check([twice, twice])).toBe(false);
    expect(partialSettingsSchema.safeParse({ email: { password: 'plain text' } }).success).toBe(false);
    expect(partialSettingsSchema.safeParse({ email: { password: { env: 'SMTP_PASSWORD' } } }).success).toBe(true);
  });
});

describe('customer language', () => {
  it('Chinese name -> zh, Latin name -> en, otherwise the kiosk language', () => {
    expect(customerLanguage({ name: '张伟' }, 'en')).toBe('zh');
    expect(customerLanguage({ name: 'Ann Lee' }, 'zh')).toBe('en');
    expect(customerLanguage({ name: '' }, 'zh')).toBe('zh');
  });
});

describe('Outbox on the fake clock and a real SQLite file', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function setUp(send: (message: OutboxMessage) => Promise<SendOutcome>, gate = unsharedGate()) {
    dir = mkdtempSync(join(tmpdir(), 'outbox-'));
    const db = openDatabase(join(dir, 'kiosk.sqlite'));
    const clock = new FakeClock();
    const { log, lines } = memoryLogger();
    const settings = settingsSchema.parse({ email: { host: '127.0.0.1', from: 'desk@example.com' } });
    const outbox = new Outbox({
      store: new OutboxStore(db, gate),
      settings,
      secrets: plainSecretResolver({}),
      clock,
      log,
      retry: policy,
      random: () => 0,
      send,
    });
    return { outbox, clock, lines, db };
  }
  const request = {
    channel: 'email',
    recipient: 'a@example.com',
    subject: 's',
    text: 't',
    html: null,
    contactId: null,
    incidentId: null,
    template: null,
  };

  it('retries a temporary failure with backoff until sent, keeping the Message-ID', async () => {
    const outcomes: SendOutcome[] = [
      { ok: false, temporary: true, reason: '421 busy' },
      { ok: false, temporary: true, reason: '421 busy' },
      { ok: true },
    ];
    const seen: { at: number; messageId: string }[] = [];
    const { outbox, clock } = setUp(async (message) => {
      seen.push({ at: clock.now(), messageId: message.messageId });
      return outcomes.shift()!;
    });
    outbox.start();
    const [id] = await outbox.queue([request]);
    await clock.advance(0);
    expect(outbox.store.get(id!)).toMatchObject({ state: 'queued', attempts: 1, lastError: '421 busy' });
    await clock.advance(10_000);
    expect(outbox.store.get(id!)).toMatchObject({ state: 'sent', attempts: 3, lastError: null });
    expect(new Set(seen.map((s) => s.messageId)).size).toBe(1);
    // 500 ms, then 1 s of backoff (equal jitter at 0), each picked up on the next 1 s beat.
    expect(seen[1]!.at - seen[0]!.at).toBeGreaterThanOrEqual(500);
    expect(seen[2]!.at - seen[1]!.at).toBeGreaterThanOrEqual(1_000);
    await outbox.stop();
  });

  it('stops on a permanent failure with the reason, and keeps sending the next one', async () => {
    const { outbox, clock } = setUp(async (message) =>
      message.recipient === 'bad@example.com' ? { ok: false, temporary: false, reason: '550 5.1.1 no such user' } : { ok: true },
    );
    outbox.start();
    const [bad, good] = await outbox.queue([{ ...request, recipient: 'bad@example.com' }, request]);
    await clock.advance(5_000);
    expect(outbox.store.get(bad!)).toMatchObject({ state: 'failed', attempts: 1, lastError: '550 5.1.1 no such user' });
    expect(outbox.store.get(good!)).toMatchObject({ state: 'sent' });
    await outbox.stop();
  });

  it('survives a channel that throws: logged as a temporary failure, the loop goes on', async () => {
    let calls = 0;
    const { outbox, clock } = setUp(async () => {
      calls++;
      if (calls === 1) throw new Error('boom');
      return { ok: true };
    });
    outbox.start();
    const [id] = await outbox.queue([request]);
    await clock.advance(5_000);
    expect(outbox.store.get(id!)).toMatchObject({ state: 'sent', attempts: 2 });
    await outbox.stop();
  });

  it('cancels a waiting message, never one that is sent', async () => {
    const { outbox, clock } = setUp(async () => ({ ok: false, temporary: true, reason: 'down' }));
    outbox.start();
    const [id] = await outbox.queue([request]);
    await clock.advance(0);
    expect(await outbox.cancel(id!)).toBe(true);
    await clock.advance(60_000);
    expect(outbox.store.get(id!)).toMatchObject({ state: 'cancelled', attempts: 1 });
    expect(await outbox.cancel(id!)).toBe(false);
    await outbox.stop();
  });

  it('gives up after the last attempt and says why', async () => {
    const { outbox, clock } = setUp(async () => ({ ok: false, temporary: true, reason: 'ETIMEDOUT' }));
    outbox.start();
    const [id] = await outbox.queue([request]);
    await clock.advance(600_000);
    expect(outbox.store.get(id!)).toMatchObject({ state: 'failed', attempts: 4, lastError: 'gave up after 4 attempts: ETIMEDOUT' });
    await outbox.stop();
  });

  it('queue resolves only once the row is written, also while a restore holds the gate', async () => {
    const gate = new WriteGate(() => undefined);
    const { outbox } = setUp(async () => ({ ok: true }), gate);
    let release!: () => void;
    const restore = gate.hold(() => new Promise<void>((resolve) => (release = resolve)));
    let queued = false;
    const pending = outbox.queue([request]).then((ids) => {
      queued = true;
      return ids;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(queued).toBe(false);
    release();
    await restore;
    const [id] = await pending;
    expect(outbox.store.get(id!)).toMatchObject({ state: 'queued' });
  });

  it('sends nothing while another part holds the database (a long import), then sends once', async () => {
    const gate = new WriteGate(() => undefined);
    let sends = 0;
    const { outbox, clock } = setUp(async () => {
      sends++;
      return { ok: true };
    }, gate);
    outbox.start();
    const [id] = await outbox.queue([request]);
    let release!: () => void;
    const importing = gate.hold(() => new Promise<void>((resolve) => (release = resolve)));
    await clock.advance(10_000);
    expect(sends).toBe(0);
    release();
    await importing;
    await clock.advance(2_000);
    expect(sends).toBe(1);
    expect(outbox.store.get(id!)).toMatchObject({ state: 'sent', attempts: 1 });
    await outbox.stop();
  });

  it('refuses a channel that is not configured and writes nothing', async () => {
    const { outbox } = setUp(async () => ({ ok: true }));
    await expect(outbox.queue([{ ...request, channel: 'fax' }])).rejects.toThrow('unknown channel: fax');
    expect(outbox.store.list(10)).toEqual([]);
  });
});
