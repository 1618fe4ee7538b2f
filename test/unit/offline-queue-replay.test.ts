import { describe, expect, it } from 'vitest';
import type { ChatReport } from '../../main/core/offline-queue/chat-report.ts';
import { parseChatReport } from '../../main/core/offline-queue/chat-report.ts';
import {
  decideReplay,
  phaseAfter,
  sendLink,
  type ReplayInput,
  type ReplayMessage,
  type ReplayPhase,
  type ReplayStep,
} from '../../main/core/offline-queue/replay.ts';
import { textHash } from '../../main/core/offline-queue/text-hash.ts';

const policy = { autoSend: false, stableMs: 5_000, openTimeoutMs: 10_000, confirmTimeoutMs: 20_000 };
const queued: ReplayMessage = { id: 1, phone: '15550100001', text: 'Your order ships today', state: 'queued', seenBefore: [] };
const hash = textHash(queued.text);

function report(over: Partial<ChatReport> = {}): ChatReport {
  return { link: { phone: queued.phone, withText: false }, chatOpen: true, composer: null, invalidDialog: false, outgoing: [], ...over };
}

function decide(over: Partial<ReplayInput>): ReplayStep {
  return decideReplay({ now: 1_000, ready: true, head: queued, phase: { kind: 'idle', linkOpen: false }, report: null, policy, ...over });
}

describe('decideReplay', () => {
  it('waits while WhatsApp is not ready, and pauses a replay under way', () => {
    expect(decide({ ready: false })).toEqual({ type: 'wait' });
    expect(decide({ ready: false, phase: { kind: 'opening-chat', id: 1, since: 0 } })).toEqual({ type: 'pause' });
  });

  it('opens the chat without text first, then opens the send window with what the chat already holds', () => {
    expect(decide({})).toEqual({ type: 'open-chat', id: 1 });
    const phase: ReplayPhase = { kind: 'opening-chat', id: 1, since: 1_000 };
    // No read of this chat yet, or a read of the chat before: wait.
    expect(decide({ phase })).toEqual({ type: 'wait' });
    expect(decide({ phase, report: report({ link: { phone: '15550100002', withText: false } }) })).toEqual({ type: 'wait' });
    const earlier = { id: 'true_15550100001@c.us_OLD', hash, status: 'settled' as const };
    expect(decide({ phase, report: report({ outgoing: [earlier] }) })).toEqual({
      type: 'begin-send',
      id: 1,
      seenBefore: ['true_15550100001@c.us_OLD'],
    });
  });

  it('goes in order: the head of the queue, whatever the phase says', () => {
    const phase: ReplayPhase = { kind: 'awaiting-send', id: 7, since: 0, pressed: false };
    expect(decide({ phase })).toEqual({ type: 'open-chat', id: 1 });
  });

  it('reports a number not on WhatsApp, with or without text', () => {
    expect(decide({ phase: { kind: 'opening-chat', id: 1, since: 0 }, report: report({ chatOpen: false, invalidDialog: true }) })).toEqual({
      type: 'mark-invalid',
      id: 1,
    });
    const withText = report({ link: { phone: queued.phone, withText: true }, chatOpen: false, invalidDialog: true });
    expect(decide({ phase: { kind: 'opening-draft', id: 1, since: 0 }, report: withText })).toEqual({ type: 'mark-invalid', id: 1 });
  });

  it('takes the draft as ready only once its text is in the compose box; auto-send presses Enter once', () => {
    const phase: ReplayPhase = { kind: 'opening-draft', id: 1, since: 1_000 };
    const sending = { ...queued, state: 'sending' as const };
    expect(decide({ head: sending, phase, report: report({ link: { phone: queued.phone, withText: true } }) })).toEqual({ type: 'wait' });
    const ready = report({ link: { phone: queued.phone, withText: true }, composer: hash });
    expect(decide({ head: sending, phase, report: ready })).toEqual({ type: 'draft-ready', id: 1 });
    const awaiting: ReplayPhase = { kind: 'awaiting-send', id: 1, since: 1_000, pressed: false };
    expect(decide({ head: sending, phase: awaiting, report: ready })).toEqual({ type: 'wait' });
    const auto = { ...policy, autoSend: true };
    expect(decide({ head: sending, phase: awaiting, report: ready, policy: auto })).toEqual({ type: 'press-enter', id: 1 });
    expect(decide({ head: sending, phase: { ...awaiting, pressed: true }, report: ready, policy: auto })).toEqual({ type: 'wait' });
  });

  it('counts a message sent only once its row shows a tick after the clock (a row of the text from before does not count)', () => {
    const sending = { ...queued, state: 'sending' as const, seenBefore: ['true_15550100001@c.us_OLD'] };
    const phase: ReplayPhase = { kind: 'awaiting-send', id: 1, since: 1_000, pressed: true };
    const old = { id: 'true_15550100001@c.us_OLD', hash, status: 'settled' as const };
    const link = { phone: queued.phone, withText: true };
    expect(decide({ head: sending, phase, report: report({ link, outgoing: [old] }) })).toEqual({ type: 'wait' });
    const clock = { id: 'true_15550100001@c.us_NEW', hash, status: 'pending' as const };
    expect(decide({ head: sending, phase, report: report({ link, outgoing: [old, clock] }) })).toEqual({ type: 'wait' });
    const tick = { ...clock, status: 'settled' as const };
    expect(decide({ head: sending, phase, report: report({ link, outgoing: [old, tick] }) })).toEqual({
      type: 'mark-sent',
      id: 1,
      whatsappId: 'true_15550100001@c.us_NEW',
    });
    // Another text in the same chat is not this message.
    const other = { id: 'true_15550100001@c.us_X', hash: textHash('something else'), status: 'settled' as const };
    expect(decide({ head: sending, phase, report: report({ link, outgoing: [old, other] }) })).toEqual({ type: 'wait' });
  });

  it('never presses again when no row shows: after the confirmation timeout it looks at the chat again', () => {
    const sending = { ...queued, state: 'sending' as const };
    const phase: ReplayPhase = { kind: 'awaiting-send', id: 1, since: 0, pressed: true };
    const link = { phone: queued.phone, withText: true };
    const auto = { ...policy, autoSend: true };
    expect(decide({ head: sending, phase, report: report({ link }), policy: auto, now: 19_000 })).toEqual({ type: 'wait' });
    expect(decide({ head: sending, phase, report: report({ link }), policy: auto, now: 21_000 })).toEqual({ type: 'open-chat', id: 1 });
  });

  it('checks a message in its send window (after a crash) against the chat before any new draft', () => {
    const sending = { ...queued, state: 'sending' as const, seenBefore: ['true_15550100001@c.us_OLD'] };
    const phase: ReplayPhase = { kind: 'opening-chat', id: 1, since: 0 };
    const old = { id: 'true_15550100001@c.us_OLD', hash, status: 'settled' as const };
    // Not in the chat: the draft is opened again (the send window stays open, its rows from before kept).
    expect(decide({ head: sending, phase, report: report({ outgoing: [old] }) })).toEqual({ type: 'open-draft', id: 1 });
    // Sent before the crash: marked sent, nothing opened.
    const sent = { id: 'true_15550100001@c.us_NEW', hash, status: 'settled' as const };
    expect(decide({ head: sending, phase, report: report({ outgoing: [old, sent] }) })).toEqual({
      type: 'mark-sent',
      id: 1,
      whatsappId: sent.id,
    });
    // On the clock in WhatsApp's own outbox: WhatsApp sends it; no new draft.
    expect(decide({ head: sending, phase, report: report({ outgoing: [old, { ...sent, status: 'pending' }] }) })).toEqual({ type: 'wait' });
  });

  it('opens the chat again when it does not show within the time allowed', () => {
    const phase: ReplayPhase = { kind: 'opening-chat', id: 1, since: 0 };
    expect(decide({ phase, now: 9_000 })).toEqual({ type: 'wait' });
    expect(decide({ phase, now: 11_000 })).toEqual({ type: 'open-chat', id: 1 });
    expect(decide({ phase: { kind: 'opening-draft', id: 1, since: 0 }, now: 11_000 })).toEqual({ type: 'open-chat', id: 1 });
  });

  it('leaves WhatsApp on its start page once the queue is empty', () => {
    expect(decide({ head: null, phase: { kind: 'idle', linkOpen: true } })).toEqual({ type: 'finish' });
    expect(decide({ head: null })).toEqual({ type: 'wait' });
    expect(phaseAfter({ type: 'finish' }, { kind: 'idle', linkOpen: true }, 5)).toEqual({ kind: 'idle', linkOpen: false });
  });
});

describe('sendLink and chat reports', () => {
  it('builds the /send link WhatsApp supports, text encoded', () => {
    expect(sendLink('https://web.whatsapp.com/', '15550100001', 'a&b ?')).toBe(
      'https://web.whatsapp.com/send?phone=15550100001&text=a%26b+%3F',
    );
    expect(sendLink('http://127.0.0.1:3100', '15550100001')).toBe('http://127.0.0.1:3100/send?phone=15550100001');
  });

  it('refuses a report that carries text or too much', () => {
    expect(parseChatReport(report())).not.toBeNull();
    expect(parseChatReport({ ...report(), text: 'hello' })).toBeNull();
    expect(parseChatReport(report({ composer: 'hello world' }))).toBeNull();
    const rows = Array.from({ length: 51 }, (_, i) => ({ id: `r${i}`, hash, status: 'none' as const }));
    expect(parseChatReport(report({ outgoing: rows }))).toBeNull();
  });

  it('fingerprints the trimmed text', () => {
    expect(textHash('  hello ')).toBe(textHash('hello'));
    expect(textHash('hello')).not.toBe(textHash('hellO'));
  });
});
