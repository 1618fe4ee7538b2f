import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../main/core/db/database.ts';
import { unsharedGate } from '../../main/core/db/write-gate.ts';
import type { KioskStatus } from '../../main/core/ipc/contract.ts';
import { CHAT_MARKER_SELECTORS, type ChatMarkers } from '../../main/core/offline-queue/chat-markers.ts';
import { QueueStore } from '../../main/core/offline-queue/queue-store.ts';
import { WhatsAppReplayer } from '../../main/core/offline-queue/replayer.ts';
import { Timers } from '../../main/core/runtime/guarded.ts';
import { initialStatus } from '../../main/core/status/status-board.ts';
import { FakeClock, FakeWhatsApp, memoryLogger } from '../support/fake-kiosk.ts';

const ALICE = '15550100001';
const BOB = '15550100002';
const NOT_ON_WHATSAPP = '15550109999';
const markers: ChatMarkers = {
  ...CHAT_MARKER_SELECTORS,
  outgoing: '',
  idAttribute: '',
  icon: '',
  iconAttribute: '',
  pending: [],
  settled: [],
};
const opened: Db[] = [];

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

/** The real store on a real SQLite file, the real replayer, a fake WhatsApp on a fake clock. */
function seat(file = join(mkdtempSync(join(tmpdir(), 'queue-unit-')), 'kiosk.sqlite'), autoSend = true) {
  const db = openDatabase(file);
  opened.push(db);
  const clock = new FakeClock();
  const { log } = memoryLogger();
  const store = new QueueStore(db, unsharedGate());
  const page = new FakeWhatsApp();
  let status: KioskStatus = { ...initialStatus(clock.now(), { seatId: 's', language: 'en', problems: [] }), mode: 'failover' };
  const timers = new Timers(clock, log);
  const changed: number[] = [];
  const replayer = new WhatsAppReplayer({
    store,
    surface: page,
    timers,
    now: () => clock.now(),
    log,
    status: () => status,
    markers,
    whatsappUrl: 'https://web.whatsapp.com/',
    policy: { autoSend, stableMs: 2_000, openTimeoutMs: 5_000, confirmTimeoutMs: 8_000 },
    changed: (id) => changed.push(id),
  });
  replayer.start();
  const recover = () => {
    status = {
      ...status,
      mode: 'whatsapp',
      health: { level: 'healthy', fault: null, since: clock.now() },
      whatsapp: { ...status.whatsapp, screen: 'chats' },
    };
  };
  /** WhatsApp's server acknowledges what is on the clock. */
  const ack = () => {
    for (const rows of page.chats.values()) for (const row of rows) row.status = 'settled';
  };
  const failover = () => {
    status = { ...status, mode: 'failover', health: { level: 'down', fault: 'SERVICE_OUTAGE', since: clock.now() } };
  };
  return { db, file, clock, store, page, replayer, recover, failover, ack, changed, stop: () => timers.stop() };
}

const reply = (phone: string, text: string) => ({ phone, text, incidentId: 1, contactId: null, customerName: null });

describe('WhatsAppReplayer', () => {
  it('replays in order once WhatsApp is stable, each sent once and marked sent only after the tick', async () => {
    const s = seat();
    s.page.chats.set(ALICE, []);
    s.page.chats.set(BOB, []);
    await s.store.add(reply(ALICE, 'first to Alice'), s.clock.now());
    await s.store.add(reply(BOB, 'to Bob'), s.clock.now());
    await s.store.add(reply(ALICE, 'second to Alice'), s.clock.now());
    await s.clock.advance(10_000);
    expect(s.page.actions).toEqual([]);
    s.recover();
    await s.clock.advance(1_500);
    expect(s.page.actions).toEqual([]);
    expect(s.replayer.isReplaying()).toBe(false);
    await s.clock.advance(2_000);
    expect(s.replayer.isReplaying()).toBe(true);
    // On the clock: not sent yet, and nothing else is opened meanwhile.
    const pressed = s.page.actions.length;
    expect(s.page.actions.at(-1)).toBe('press-enter');
    expect(s.store.get(1)?.state).toBe('sending');
    await s.clock.advance(3_000);
    expect(s.page.actions.length).toBe(pressed);
    for (let i = 0; i < 3; i++) {
      s.ack();
      await s.clock.advance(3_000);
    }
    expect(s.page.chats.get(ALICE)?.map((row) => row.text)).toEqual(['first to Alice', 'second to Alice']);
    expect(s.page.chats.get(BOB)?.map((row) => row.text)).toEqual(['to Bob']);
    expect([1, 2, 3].map((id) => s.store.get(id)?.state)).toEqual(['sent', 'sent', 'sent']);
    expect(s.page.actions.filter((action) => action === 'press-enter')).toHaveLength(3);
    // Done: WhatsApp back on its start page, replay over.
    expect(s.page.actions.at(-1)).toBe('load');
    expect(s.replayer.isReplaying()).toBe(false);
    s.stop();
  });

  it('reports a number not on WhatsApp and goes on with the next message', async () => {
    const s = seat();
    s.page.chats.set(BOB, []);
    await s.store.add(reply(NOT_ON_WHATSAPP, 'hello?'), s.clock.now());
    await s.store.add(reply(BOB, 'to Bob'), s.clock.now());
    s.recover();
    await s.clock.advance(5_000);
    expect(s.store.get(1)?.state).toBe('invalid');
    expect(s.changed).toContain(1);
    s.ack();
    await s.clock.advance(3_000);
    expect(s.store.get(2)?.state).toBe('sent');
    expect(s.page.actions.filter((action) => action.startsWith(`open-chat ${NOT_ON_WHATSAPP}`))).toEqual([`open-chat ${NOT_ON_WHATSAPP}`]);
    s.stop();
  });

  it("waits for the agent's Enter without auto-send, and never presses itself", async () => {
    const s = seat(undefined, false);
    s.page.chats.set(ALICE, []);
    await s.store.add(reply(ALICE, 'needs the agent'), s.clock.now());
    s.recover();
    await s.clock.advance(30_000);
    expect(s.page.actions).not.toContain('press-enter');
    expect(s.page.draft).toBe('needs the agent');
    expect(s.store.get(1)?.state).toBe('sending');
    // The agent presses Enter in WhatsApp.
    await s.page.pressEnter();
    s.ack();
    await s.clock.advance(2_000);
    expect(s.store.get(1)?.state).toBe('sent');
    s.stop();
  });

  it('after a crash in the send window, a message already in the chat is marked sent, not sent again', async () => {
    const first = seat();
    first.page.chats.set(ALICE, [{ id: 'true_old', text: 'same words', status: 'settled' }]);
    await first.store.add(reply(ALICE, 'same words'), first.clock.now());
    first.recover();
    await first.clock.advance(4_000);
    expect(first.page.actions.at(-1)).toBe('press-enter');
    expect(first.store.get(1)?.state).toBe('sending');
    expect(first.store.get(1)?.seenBefore).toEqual(['true_old']);
    first.stop();
    first.db.close();
    opened.splice(opened.indexOf(first.db), 1);

    // The kiosk died after Enter: WhatsApp has the message; a new kiosk starts on the same file.
    const again = seat(first.file);
    again.page.chats.set(ALICE, [...first.page.chats.get(ALICE)!]);
    again.ack();
    again.recover();
    await again.clock.advance(5_000);
    expect(again.store.get(1)?.state).toBe('sent');
    expect(again.page.actions).not.toContain('press-enter');
    expect(again.page.actions.some((action) => action.includes('with text'))).toBe(false);
    expect(again.page.chats.get(ALICE)?.filter((row) => row.text === 'same words')).toHaveLength(2);
    again.stop();
  });

  it('after a crash before Enter, the message is sent once', async () => {
    const first = seat(undefined, false);
    first.page.chats.set(ALICE, []);
    await first.store.add(reply(ALICE, 'not sent yet'), first.clock.now());
    first.recover();
    await first.clock.advance(3_000);
    expect(first.store.get(1)?.state).toBe('sending');
    first.stop();
    first.db.close();
    opened.splice(opened.indexOf(first.db), 1);

    const again = seat(first.file);
    again.page.chats.set(ALICE, []);
    again.recover();
    await again.clock.advance(4_000);
    again.ack();
    await again.clock.advance(3_000);
    expect(again.store.get(1)?.state).toBe('sent');
    expect(again.page.chats.get(ALICE)?.map((row) => row.text)).toEqual(['not sent yet']);
    again.stop();
  });

  it('pauses when WhatsApp goes away mid-replay and goes on from the durable state', async () => {
    const s = seat(undefined, false);
    s.page.chats.set(ALICE, []);
    await s.store.add(reply(ALICE, 'interrupted'), s.clock.now());
    s.recover();
    await s.clock.advance(3_000);
    expect(s.replayer.isReplaying()).toBe(true);
    s.failover();
    await s.clock.advance(1_000);
    expect(s.replayer.isReplaying()).toBe(false);
    const actions = s.page.actions.length;
    await s.clock.advance(10_000);
    expect(s.page.actions.length).toBe(actions);
    s.recover();
    await s.clock.advance(3_000);
    // Checked first (the chat without text), then the draft again.
    expect(s.page.actions.slice(actions)).toEqual([`open-chat ${ALICE}`, `open-chat ${ALICE} with text`]);
    await s.page.pressEnter();
    s.ack();
    await s.clock.advance(2_000);
    expect(s.store.get(1)?.state).toBe('sent');
    expect(s.page.chats.get(ALICE)).toHaveLength(1);
    s.stop();
  });
});
