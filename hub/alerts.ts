import nodemailer, { type Transporter } from 'nodemailer';
import type { AlertKind, Channel } from './escalation.ts';
import type { HubIncident } from './model.ts';

export interface AlertMessage {
  kind: AlertKind;
  level: number;
  levelName: string;
  incident: HubIncident;
  /** A fleet-wide outage this incident stands for, with its seat count. */
  platformSeats: number | null;
  dashboardUrl: string;
}

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  from: string;
  user?: string;
  pass?: string;
}

/** One line a person reads: which seat or fleet, which fault, what happened. Codes only, no personal data. */
export function alertSubject(message: AlertMessage): string {
  const what = message.platformSeats !== null ? `WhatsApp outage on ${message.platformSeats} seats` : `seat ${message.incident.seatId}`;
  const verb = { escalation: 'escalated to', repeat: 'still open, reminding', recovery: 'recovered, telling' }[message.kind];
  return `[${message.incident.fault ?? 'fault'}] ${what}: ${verb} ${message.levelName}`;
}

/** The webhook body: a generic JSON document, or the shape chat tools' incoming webhooks accept. */
export function webhookBody(format: 'json' | 'slack' | 'teams', message: AlertMessage): unknown {
  const text = `${alertSubject(message)} (${message.dashboardUrl})`;
  if (format === 'slack') return { text };
  if (format === 'teams')
    return { '@type': 'MessageCard', '@context': 'https://schema.org/extensions', summary: alertSubject(message), text };
  const { incident } = message;
  return {
    kind: message.kind,
    level: message.level,
    levelName: message.levelName,
    incident: {
      id: incident.id,
      seat: incident.seatId,
      team: incident.team,
      site: incident.site,
      fault: incident.fault,
      startedAt: incident.startedAt,
      failoverAt: incident.failoverAt,
      recoveredAt: incident.recoveredAt,
    },
    platformSeats: message.platformSeats,
    dashboardUrl: message.dashboardUrl,
  };
}

/** Sends alerts by email and webhook; each call answers whether it went out, never throws. */
export class AlertSender {
  readonly #mail: Transporter | null;
  readonly #from: string;

  constructor(smtp: SmtpSettings | null) {
    this.#mail = smtp
      ? nodemailer.createTransport({
          host: smtp.host,
          port: smtp.port,
          secure: smtp.secure,
          ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.pass ?? '' } } : {}),
        })
      : null;
    this.#from = smtp?.from ?? '';
  }

  async send(channel: Channel, message: AlertMessage): Promise<{ target: string; ok: boolean; error: string | null }[]> {
    if (channel.type === 'email') {
      const target = channel.to.join(', ');
      if (!this.#mail) return [{ target, ok: false, error: 'no SMTP server configured' }];
      try {
        const subject = alertSubject(message);
        await this.#mail.sendMail({ from: this.#from, to: channel.to, subject, text: `${subject}\n\n${message.dashboardUrl}\n` });
        return [{ target, ok: true, error: null }];
      } catch (error) {
        return [{ target, ok: false, error: String(error) }];
      }
    }
    try {
      const response = await fetch(channel.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(webhookBody(channel.format, message)),
        signal: AbortSignal.timeout(10_000),
      });
      return [{ target: channel.url, ok: response.ok, error: response.ok ? null : `HTTP ${response.status}` }];
    } catch (error) {
      return [{ target: channel.url, ok: false, error: String(error) }];
    }
  }

  close(): void {
    this.#mail?.close();
  }
}
