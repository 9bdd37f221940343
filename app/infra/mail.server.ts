import type { Logger } from "pino";
import { Resend } from "resend";
import type { Clock } from "./clock.server";
import { scrubText } from "./redaction";

/**
 * Email delivery adapters (docs/architecture.md §5): Resend in self-hosted, hosted and edge mode; outbox files (mail-outbox-files.server.ts) in embedded mode. The
 * sender loop (app/domain/email-sender.server.ts) decides what to send and when; a Mailer only hands one rendered
 * message over and says whether a failure is worth retrying.
 */

type OutgoingMessage = {
  /** The email_outbox row id: names the outbox files and appears in logs instead of the recipient. */
  outboxId: number;
  template: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Stable per outbox row, so a retry after a lost response is not delivered twice. */
  idempotencyKey: string;
};

type SendResult = { providerMessageId: string | null };

/** A delivery failure. `retryable` failures are tried again later; permanent ones mark the row failed. */
export class MailSendError extends Error {
  override name = "MailSendError";
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly statusCode: number | null = null,
    /** From a `Retry-After` header: wait at least this long before the next attempt. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
}

export type MailerKind = "resend" | "outbox-files";

export type MailerStatus = {
  kind: MailerKind;
  /** Whether the adapter has what it needs (Resend: an API key). Outbox files are always configured. */
  configured: boolean;
  /** Outcome of the most recent send attempt in this process, null before the first. */
  lastOutcome: "sent" | "retryable-error" | "permanent-error" | null;
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  /** Scrubbed message of the most recent failure (no addresses). */
  lastError: string | null;
  /** Failed attempts since the last success; readiness warns while this is above zero. */
  consecutiveFailures: number;
};

export type Mailer = {
  kind: MailerKind;
  send(message: OutgoingMessage): Promise<SendResult>;
  status(): MailerStatus;
};

export type MailerDeps = { log: Logger; clock: Clock };

// ---------------------------------------------------------------------------------------------------------------
// Resend

export type ResendMailerOptions = {
  apiKey: string;
  from: string;
  /** Defaults to the SDK's own choice ($RESEND_BASE_URL, else https://api.resend.com). */
  baseUrl?: string;
  /** Give up on one HTTP call after this long (counts as a retryable network error). */
  timeoutMs?: number;
};

export function createResendMailer(opts: ResendMailerOptions, deps: MailerDeps): Mailer {
  const resend = new Resend(opts.apiKey, opts.baseUrl ? { baseUrl: opts.baseUrl } : undefined);
  const tracker = createStatusTracker("resend", true, deps.clock);
  const timeoutMs = opts.timeoutMs ?? 15_000;
  return {
    kind: "resend",
    status: tracker.status,
    async send(message) {
      return tracker.track(async () => {
        const { data, error, headers } = await resend.emails.send(
          { from: opts.from, to: message.to, subject: message.subject, html: message.html, text: message.text },
          { idempotencyKey: message.idempotencyKey, signal: AbortSignal.timeout(timeoutMs) },
        );
        if (error) throw classifyResendError(error, headers, deps.clock);
        return { providerMessageId: data?.id ?? null };
      });
    },
  };
}

type ResendErrorLike = { statusCode?: number | null; name?: string; message?: string };

/**
 * Network errors, timeouts, 5xx, 429 (with Retry-After), 409 "request still in progress" and 401/403 (a key or
 * sender-domain problem the operator fixes — the email itself is fine) are retried. Other 4xx (validation: bad
 * address, missing field) will fail the same way every time and are permanent.
 */
function classifyResendError(error: ResendErrorLike, headers: Record<string, string> | null, clock: Clock): MailSendError {
  const status = typeof error.statusCode === "number" ? error.statusCode : null;
  const name = error.name ?? "application_error";
  const message = `Resend ${status ?? "network error"} ${name}: ${error.message ?? "no message"}`;
  if (status === null || status >= 500) return new MailSendError(message, true, status);
  if (status === 429) return new MailSendError(message, true, status, parseRetryAfter(headers?.["retry-after"], clock));
  if (status === 401 || status === 403) return new MailSendError(message, true, status);
  if (status === 409 && name === "concurrent_idempotent_requests") return new MailSendError(message, true, status);
  return new MailSendError(message, false, status);
}

/** `Retry-After: 120` or an HTTP date → milliseconds to wait; null when absent or unreadable. */
function parseRetryAfter(value: string | undefined | null, clock: Clock): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - clock.now().getTime());
}

// ---------------------------------------------------------------------------------------------------------------

/** Keeps the last outcome of a mailer's sends for readiness; shared by every adapter. */
export function createStatusTracker(kind: MailerKind, configured: boolean, clock: Clock) {
  const state: MailerStatus = {
    kind,
    configured,
    lastOutcome: null,
    lastAttemptAt: null,
    lastSuccessAt: null,
    lastError: null,
    consecutiveFailures: 0,
  };
  return {
    status: (): MailerStatus => ({ ...state }),
    async track<T>(attempt: () => Promise<T>): Promise<T> {
      state.lastAttemptAt = clock.now().toISOString();
      try {
        const result = await attempt();
        state.lastOutcome = "sent";
        state.lastSuccessAt = state.lastAttemptAt;
        state.lastError = null;
        state.consecutiveFailures = 0;
        return result;
      } catch (error) {
        const wrapped = error instanceof MailSendError ? error : new MailSendError(String(error), true);
        state.lastOutcome = wrapped.retryable ? "retryable-error" : "permanent-error";
        state.lastError = scrubText(wrapped.message).slice(0, 300);
        // A permanent error (e.g. 422 for one bad address) means the provider answered: it is not down.
        state.consecutiveFailures = wrapped.retryable ? state.consecutiveFailures + 1 : 0;
        throw wrapped;
      }
    },
  };
}
