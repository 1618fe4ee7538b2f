import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import { HttpError } from './errors.ts';
import type { ActiveFaults } from './faults.ts';
import type { PageSession, Sessions } from './sessions.ts';

interface Device {
  id: string;
  key: string;
  pairedAt: number;
}

export interface PairingOptions {
  qrRefreshMs: number;
  qrRefreshesBeforeGivingUp: number;
}

/** The characters of WhatsApp's phone-number pairing codes: no look-alikes such as 0/O, 1/I. */
const CODE_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTVWXYZ';

/**
 * The phone's side of linking: which devices are linked, the QR codes a pairing page cycles
 * through, and pairing codes for "Link with phone number".
 */
export class Pairing {
  readonly #devices = new Map<string, Device>();
  readonly #options: PairingOptions;
  readonly #faults: ActiveFaults;
  readonly #sessions: Sessions;

  constructor(options: PairingOptions, faults: ActiveFaults, sessions: Sessions) {
    this.#options = options;
    this.#faults = faults;
    this.#sessions = sessions;
  }

  get deviceCount(): number {
    return this.#devices.size;
  }

  deviceFor(key: string): Device | undefined {
    return this.#devices.get(key);
  }

  /** Shows a connected pairing page its QR code again, unless it expired or QR is unavailable. */
  resumeQr(session: PageSession): void {
    const qr = session.qr;
    clearInterval(qr.timer);
    if (this.#faults.has('qr-unavailable')) return;
    if (qr.expired) {
      this.#sessions.push(session, { type: 'qr-expired' });
      return;
    }
    this.#issueQr(session);
    qr.timer = setInterval(() => this.#refreshQr(session), this.#options.qrRefreshMs);
  }

  /** The reload button: a fresh round of QR codes. */
  restartQr(session: PageSession): void {
    session.qr.refreshes = 0;
    session.qr.expired = false;
    this.resumeQr(session);
  }

  pauseQr(session: PageSession): void {
    clearInterval(session.qr.timer);
    session.qr.timer = undefined;
  }

  /** qr-unavailable: the code disappears and the container keeps spinning. */
  hideQr(session: PageSession): void {
    this.pauseQr(session);
    session.qr.ref = null;
    this.#sessions.push(session, { type: 'qr-unavailable' });
  }

  requestCode(session: PageSession): string {
    if (session.deviceId !== undefined) throw new HttpError(409, 'this page is already logged in');
    session.pairingCode = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
    return session.pairingCode;
  }

  /** "The phone scans the QR": the most recently connected page showing a code gets linked. */
  scan(): PageSession {
    const candidates = this.#sessions
      .connected()
      .filter((session) => session.deviceId === undefined && session.qr.ref !== null && !session.qr.expired);
    const target = candidates.sort((a, b) => b.connectedAt - a.connectedAt)[0];
    if (target === undefined) {
      const why = this.#faults.has('qr-unavailable') ? ' (qr-unavailable is active)' : '';
      throw new HttpError(409, `no page is showing a QR code to scan${why}`);
    }
    this.#link(target);
    return target;
  }

  /** "The phone enters the pairing code" shown by a page (the given one, if any). */
  enterCode(code?: string): PageSession {
    const target = this.#sessions
      .connected()
      .find(
        (session) =>
          session.deviceId === undefined &&
          session.pairingCode !== undefined &&
          (code === undefined || session.pairingCode === code.toUpperCase()),
      );
    if (target === undefined) throw new HttpError(409, 'no page is showing that pairing code');
    this.#link(target);
    return target;
  }

  /** The phone unlinks every device; pages learn it from the server (see Simulation). */
  forgetDevices(): void {
    this.#devices.clear();
  }

  close(): void {
    for (const session of this.#sessions.all()) this.pauseQr(session);
  }

  #link(session: PageSession): void {
    const device: Device = { id: randomUUID(), key: randomBytes(32).toString('base64url'), pairedAt: Date.now() };
    this.#devices.set(device.key, device);
    this.pauseQr(session);
    session.deviceId = device.id;
    session.qr = { ref: null, refreshes: 0, expired: false, timer: undefined };
    session.pairingCode = undefined;
    this.#sessions.push(session, { type: 'paired', key: device.key });
  }

  #refreshQr(session: PageSession): void {
    if (session.qr.refreshes >= this.#options.qrRefreshesBeforeGivingUp) {
      this.pauseQr(session);
      session.qr.expired = true;
      this.#sessions.push(session, { type: 'qr-expired' });
      return;
    }
    session.qr.refreshes += 1;
    this.#issueQr(session);
  }

  #issueQr(session: PageSession): void {
    const ref = `2@${randomBytes(18).toString('base64')},${randomBytes(32).toString('base64')}`;
    session.qr.ref = ref;
    QRCode.toDataURL(ref, { margin: 1, width: 264, errorCorrectionLevel: 'L' }).then(
      (image) => {
        // The image is made asynchronously: meanwhile a newer code may have replaced this one,
        // or the page may have given up (expiry keeps the last ref on screen, without its image).
        if (session.qr.ref === ref && !session.qr.expired) this.#sessions.push(session, { type: 'qr', ref, image });
      },
      (error: unknown) => console.error('simulator: QR image failed', error),
    );
  }
}
