/**
 * What the outbox does after an attempt: pure, so every case is a unit test on numbers.
 */

/** How one attempt ended, as a channel reports it. */
export type SendOutcome = { ok: true } | { ok: false; temporary: boolean; reason: string };

export interface RetryPolicy {
  /** The first retry waits this long; each further one twice as long, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A message that failed temporarily this many times is given up, with the last reason. */
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseDelayMs: 5_000, maxDelayMs: 10 * 60_000, maxAttempts: 12 };

export type AfterAttempt =
  { state: 'sent' } | { state: 'queued'; nextAttemptAt: number; reason: string } | { state: 'failed'; reason: string };

/**
 * `attempts` counts this attempt. `random` in [0, 1) spreads retries (equal jitter: half the
 * delay fixed, half random), so seats that failed together do not all come back at once.
 */
export function afterAttempt(outcome: SendOutcome, attempts: number, now: number, policy: RetryPolicy, random: number): AfterAttempt {
  if (outcome.ok) return { state: 'sent' };
  if (!outcome.temporary) return { state: 'failed', reason: outcome.reason };
  if (attempts >= policy.maxAttempts) return { state: 'failed', reason: `gave up after ${attempts} attempts: ${outcome.reason}` };
  return { state: 'queued', nextAttemptAt: now + retryDelay(attempts, policy, random), reason: outcome.reason };
}

export function retryDelay(attempts: number, policy: RetryPolicy, random: number): number {
  const full = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(full / 2 + (full / 2) * Math.min(Math.max(random, 0), 1));
}

/** SMTP reply codes: 4xx is "try again later", 5xx is final. Errors without a code are the network's. */
export function smtpOutcome(error: {
  code?: string | undefined;
  responseCode?: number | undefined;
  response?: string | undefined;
  message: string;
}): SendOutcome {
  const reason = error.response ?? error.message;
  if (error.responseCode !== undefined) return { ok: false, temporary: error.responseCode < 500, reason };
  // Nodemailer's own codes: bad configuration or a refused login will not mend by waiting.
  const permanent = error.code === 'EAUTH' || error.code === 'EENVELOPE' || error.code === 'EMESSAGE' || error.code === 'ECONFIG';
  return { ok: false, temporary: !permanent, reason: error.code ? `${error.code}: ${error.message}` : error.message };
}

/** An HTTP gateway's answer: a timeout, 408, 429 and 5xx are worth another try, other refusals are not. */
export function httpFailureIsTemporary(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}
