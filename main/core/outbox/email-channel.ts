import nodemailer from 'nodemailer';
import type { Settings } from '../config/schema.ts';
import { smtpOutcome, type SendOutcome } from './retry.ts';
import type { SecretResolver } from './secrets.ts';
import type { OutboxMessage } from './outbox-store.ts';

export type EmailSettings = Settings['email'];

/** Whether email can be sent at all with these settings; null when it can, else why not. */
export function emailUnavailable(email: EmailSettings): string | null {
  if (email.host === '') return 'no SMTP server is configured (email.host)';
  if (email.from === undefined) return 'no sender address is configured (email.from)';
  return null;
}

/**
 * Sends one message through the company's SMTP server with nodemailer. The Message-ID and the
 * Date come from the outbox row, so a resend is byte for byte the same message for mail clients.
 * A new connection per message: a seat sends a few, and a dropped connection never poisons the next.
 */
export async function sendEmail(email: EmailSettings, secrets: SecretResolver, message: OutboxMessage): Promise<SendOutcome> {
  const unavailable = emailUnavailable(email);
  if (unavailable !== null) return { ok: false, temporary: false, reason: unavailable };
  let pass: string | undefined;
  try {
    pass = email.password ? secrets.resolve(email.password) : undefined;
  } catch (error) {
    return { ok: false, temporary: false, reason: (error as Error).message };
  }
  const transport = nodemailer.createTransport({
    host: email.host,
    port: email.port,
    secure: email.security === 'tls',
    requireTLS: email.security === 'starttls',
    ignoreTLS: email.security === 'none',
    ...(email.user !== undefined ? { auth: { user: email.user, ...(pass !== undefined ? { pass } : {}) } } : {}),
    connectionTimeout: email.timeoutMs,
    greetingTimeout: email.timeoutMs,
    socketTimeout: email.timeoutMs,
  });
  try {
    await transport.sendMail({
      from: email.fromName ? { name: email.fromName, address: email.from! } : email.from!,
      to: message.recipient,
      subject: message.subject ?? '',
      text: message.text,
      ...(message.html !== null ? { html: message.html } : {}),
      messageId: message.messageId,
      date: new Date(message.createdAt),
    });
    return { ok: true };
  } catch (error) {
    return smtpOutcome(error as Error & { code?: string; responseCode?: number; response?: string });
  } finally {
    transport.close();
  }
}
