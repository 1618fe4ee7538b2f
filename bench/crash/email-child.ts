// The process the email crash benchmark kills: the real outbox (store, loop, nodemailer) over a
// real SQLite file, sending to the parent's SMTP server. It resumes what a kill left (printing the
// Message-IDs found in their send window), queues `count` messages (printing each Message-ID once
// "queued" may be said) and exits once nothing waits. Usage: node bench/crash/email-child.ts <db> <smtpPort> <count>
import { pino } from 'pino';
import { settingsSchema } from '../../main/core/config/schema.ts';
import { openDatabase } from '../../main/core/db/database.ts';
import { unsharedGate } from '../../main/core/db/write-gate.ts';
import { sendEmail } from '../../main/core/outbox/email-channel.ts';
import { Outbox } from '../../main/core/outbox/outbox.ts';
import { OutboxStore } from '../../main/core/outbox/outbox-store.ts';
import { plainSecretResolver } from '../../main/core/outbox/secrets.ts';
import { systemClock } from '../../main/core/ports.ts';

const [file, port, count] = process.argv.slice(2);
const db = openDatabase(file!);
const settings = settingsSchema.parse({
  email: { host: '127.0.0.1', port: Number(port), security: 'none', from: 'bench@example.com', timeoutMs: 2_000 },
});
const store = new OutboxStore(db, unsharedGate());
const say = (line: string) => process.stdout.write(`${line}\n`);
const outbox = new Outbox({
  store,
  settings,
  secrets: plainSecretResolver({}),
  clock: systemClock,
  log: pino({ level: 'silent' }),
  retry: { baseDelayMs: 20, maxDelayMs: 200, maxAttempts: 1_000 },
  pollMs: 10,
  // The real email channel; the line before it lets the parent aim its kill at a send window.
  send: (message) => {
    say(`sending ${message.messageId}`);
    return sendEmail(settings.email, plainSecretResolver({}), message);
  },
});

for (const message of store.crashedInSendWindow()) say(`in-send-window ${message.messageId}`);
outbox.start();
say('ready');
for (let i = 0; i < Number(count); i++) {
  const [id] = await outbox.queue([
    {
      channel: 'email',
      recipient: 'customer@example.com',
      subject: `bench ${i}`,
      text: `message ${i}`,
      html: null,
      contactId: null,
      incidentId: null,
      template: null,
    },
  ]);
  say(`queued ${store.get(id!)!.messageId}`);
}
for (;;) {
  const counts = store.countByState();
  if (counts.queued + counts.sending === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 10));
}
await outbox.stop();
db.close();
say('done');
