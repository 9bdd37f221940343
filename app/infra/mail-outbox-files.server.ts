import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { createStatusTracker, MailSendError, type Mailer, type MailerDeps } from "./mail.server";

type OutboxFileMailerOptions = { dir: string; from: string };

/** Embedded mode's mailer: writes `<dir>/<outboxId>.html|.txt|.json` and one log line (no recipient in the log). */
export function createOutboxFileMailer(opts: OutboxFileMailerOptions, deps: MailerDeps): Mailer {
  const tracker = createStatusTracker("outbox-files", true, deps.clock);
  return {
    kind: "outbox-files",
    status: tracker.status,
    async send(message) {
      return tracker.track(async () => {
        try {
          await mkdir(opts.dir, { recursive: true });
          const base = path.join(opts.dir, String(message.outboxId));
          const meta = {
            outboxId: message.outboxId,
            template: message.template,
            from: opts.from,
            to: message.to,
            subject: message.subject,
            idempotencyKey: message.idempotencyKey,
            writtenAt: deps.clock.now().toISOString(),
          };
          // The .json goes last: its presence means the other two are complete.
          await writeAtomically(`${base}.html`, message.html);
          await writeAtomically(`${base}.txt`, `Subject: ${message.subject}\n\n${message.text}`);
          await writeAtomically(`${base}.json`, `${JSON.stringify(meta, null, 2)}\n`);
          deps.log.info(
            { outboxId: message.outboxId, template: message.template, file: `${base}.html` },
            "email written to the outbox folder (embedded mode: not sent)",
          );
          return { providerMessageId: `file:${message.outboxId}` };
        } catch (error) {
          // A full or read-only disk may clear up; keep the row queued.
          throw new MailSendError(
            `Could not write the outbox file: ${error instanceof Error ? error.message : String(error)}`,
            true,
          );
        }
      });
    },
  };
}

async function writeAtomically(file: string, contents: string) {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, contents, "utf8");
  await rename(tmp, file);
}
