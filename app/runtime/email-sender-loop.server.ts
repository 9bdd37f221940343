// The Node server's loop for the email outbox (app/domain/email-sender.server.ts), beside the payment jobs' loop. The
// edge worker's scheduled handler runs the same round instead. A failed round is logged and retried after a pause,
// never crashes the process.
import { createEmailSender, type EmailSenderDeps, type EmailSenderOptions } from "~/domain/email-sender.server";

export type EmailLoopOptions = {
  /** Pause between rounds when the outbox is drained. */
  pollIntervalMs: number;
  /** Pause after a round that failed as a whole (database down). */
  errorDelayMs: number;
};

const LOOP_DEFAULTS: EmailLoopOptions = { pollIntervalMs: 2_000, errorDelayMs: 10_000 };

/**
 * Runs rounds until `stop()`: immediately again after a full batch, else after `pollIntervalMs`. `stop()` finishes
 * the email in hand, hands the rest of the batch back and resolves once the loop is idle.
 */
export function startEmailSender(
  deps: EmailSenderDeps,
  options: Partial<EmailSenderOptions & EmailLoopOptions> = {},
): { stop(): Promise<void> } {
  const opts = { ...LOOP_DEFAULTS, ...options };
  const sender = createEmailSender(deps, options);
  const log = deps.log.child({ component: "email-sender" });

  let stopping = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  // eslint-disable-next-line no-restricted-syntax -- the Node loop's own round, awaited by its stop(); not on workerd
  let current: Promise<void> | null = null;

  function schedule(ms: number) {
    if (stopping) return;
    timer = setTimeout(() => {
      timer = null;
      current = sender
        .runOnce(() => stopping)
        .then(
          (summary) => (summary.claimed >= sender.batchSize ? 0 : opts.pollIntervalMs),
          (error: unknown) => {
            log.error({ err: error }, "email sender round failed; trying again shortly");
            return opts.errorDelayMs;
          },
        )
        .then((next) => {
          current = null;
          schedule(next);
        });
    }, ms);
  }
  schedule(0);
  log.info({ mailer: deps.mailer.kind }, "email sender started");

  return {
    async stop() {
      if (stopping) return;
      stopping = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await current;
      log.info("email sender stopped");
    },
  };
}
