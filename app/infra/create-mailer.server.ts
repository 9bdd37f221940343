import path from "node:path";
import type { Config } from "./config.server";
import { createOutboxFileMailer } from "./mail-outbox-files.server";
import { createResendMailer, type Mailer, type MailerDeps } from "./mail.server";

/** Node: Resend when RESEND_API_KEY is set, outbox files under DATA_DIR otherwise (embedded mode). */
export function createMailer(config: Config, deps: MailerDeps): Mailer {
  if (config.mode.mail === "resend" && config.RESEND_API_KEY) {
    return createResendMailer({ apiKey: config.RESEND_API_KEY, from: config.RESEND_FROM, baseUrl: config.RESEND_BASE_URL }, deps);
  }
  return createOutboxFileMailer({ dir: path.join(config.DATA_DIR, "outbox"), from: config.RESEND_FROM }, deps);
}
