// `npm run email:test -- <address>`: sends the delivery-test email to <address> through the configured mailer (Resend
// when RESEND_API_KEY is set, else the outbox folder) and reports what happened, then waits a little for Resend's
// webhook to report delivery (which needs the running server to receive it). For the launch checklist: "test email
// delivery".
import "./load-dotenv";
import { z } from "zod";
import { outboxProgress, sendTestEmail } from "../app/domain/email-admin.server";
import { createEmailSender } from "../app/domain/email-sender.server";
import { loadConfig } from "../app/infra/config.server";
import { lockDataDirOrExit } from "../app/infra/data-dir-lock.server";
import { createAppContext } from "../app/runtime/node-context.server";
import { createLogger } from "../app/infra/log.server";

const address = z
  .string()
  .trim()
  .email()
  .safeParse(process.argv[2] ?? "");
if (!address.success) {
  console.error("usage: npm run email:test -- <email address>");
  process.exit(2);
}

const config = loadConfig();
if (config.mode.db === "pglite") lockDataDirOrExit(config.DATA_DIR); // never beside a running embedded server
const runtime = await createAppContext(config, { log: createLogger({ level: "warn" }) });
const { ctx } = runtime;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
try {
  const id = await sendTestEmail(ctx, { to: address.data, requestedBy: "npm run email:test" });
  console.log(`queued test email #${id} to ${address.data} (mailer: ${ctx.mailer.kind})`);
  // Send it now (a running server's loop may get there first: claims never overlap).
  const sender = createEmailSender({ ...ctx, appUrl: config.appUrl });
  let progress = await outboxProgress(ctx.db, id);
  for (let round = 0; round < 5 && (progress?.status === "pending" || progress?.status === "sending"); round++) {
    await sender.runOnce();
    progress = await outboxProgress(ctx.db, id);
    if (progress?.status === "pending") await sleep(2_000);
  }
  if (progress?.status !== "sent") {
    console.error(`not sent: ${progress?.status ?? "missing"}${progress?.lastError ? ` — ${progress.lastError}` : ""}`);
    process.exitCode = 1;
  } else {
    console.log(`sent: provider id ${progress.providerMessageId}`);
    if (ctx.mailer.kind === "resend") {
      // Resend's webhook reports delivery within seconds when it is set up (and the server is up to receive it).
      for (let i = 0; i < 30 && !progress?.deliveryState; i++) {
        await sleep(1_000);
        progress = await outboxProgress(ctx.db, id);
      }
      console.log(
        progress?.deliveryState
          ? `delivery state: ${progress.deliveryState}${progress.bounceReason ? ` — ${progress.bounceReason}` : ""}`
          : "no delivery report from Resend's webhook within 30 s: check the webhook and RESEND_WEBHOOK_SECRET (see docs/runbooks/emails-bouncing.md)",
      );
    }
  }
} finally {
  await runtime.close();
}
