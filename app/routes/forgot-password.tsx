import { type ActionFunctionArgs, type HeadersFunction, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { EmailField, Honeypot } from "~/components/account-forms";
import { FormError, formProps, useSubmissionForm } from "~/components/form";
import { normalizeEmail } from "~/domain/accounts.server";
import { undeliverableTo, type Undeliverable } from "~/domain/email-suppressions.server";
import { requestPasswordReset } from "~/domain/password-reset.server";
import { checkAuthLimits, limitKey } from "~/infra/auth-limits.server";
import { readForm } from "~/infra/form.server";
import { forgotPasswordSchema } from "~/web/forms/forgot-password.server";
import { parseSubmission, refuse } from "~/web/forms/submission.server";
import type { BodyLimit } from "~/infra/http/body-limits";

export const meta: MetaFunction = () => [{ title: "Forgot your password? · Little Harvest" }];

export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders;

// The same words whether or not an account exists, so this page cannot be used to find out who shops here.
const SENT = "If an account exists for that address, we've emailed a link to reset the password. It works for 30 minutes.";

/** Mail to this address is suppressed: no link can reach it, so say what to do instead (still nothing about accounts). */
function undeliverableMessage(u: Undeliverable) {
  const why = u.reason === "complained" ? "an email we sent there was marked as spam" : "emails we sent there bounced";
  return (
    `We can't email a reset link to that address: ${why}. If it is your account's address, contact us ` +
    `(${u.contactEmail}, ${u.contactPhone}) and we'll help you sign in and change it.`
  );
}

/** A few short fields: anything bigger is refused before it is read (request-guard.server.ts). */
export const handle = { bodyLimit: "auth" } satisfies { bodyLimit: BodyLimit };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const submission = parseSubmission(form, forgotPasswordSchema);
  if (form.get("website")) return { ...submission.reply(), sent: SENT }; // honeypot: the ordinary answer
  const limit = await checkAuthLimits(context, [["forgotIp", context.clientIp]]);
  if (limit.limited) {
    return refuse(submission, {
      errors: { form: `Too many reset requests. Please try again in ${Math.ceil(limit.retryAfterSeconds / 60)} minutes.` },
      status: 429,
      headers: { "Retry-After": String(limit.retryAfterSeconds) },
    });
  }
  if (submission.status !== "success") return refuse(submission);
  const { email } = submission.value;
  // The answer depends on the address only (is mail to it suppressed?), never on whether it has an account. The
  // account-dependent work runs after the response: a known address writes a token and an email row, an unknown one
  // writes nothing, and the answer must not wait for that difference. Over the recipient's mail limit nothing is sent.
  const undeliverable = await undeliverableTo(context, normalizeEmail(email));
  context.afterResponse(async () => {
    const mailLimit = await checkAuthLimits(context, [["mailRecipient", limitKey(email)]]);
    if (!mailLimit.limited) await requestPasswordReset(context, email);
  });
  return { ...submission.reply(), sent: undeliverable ? undeliverableMessage(undeliverable) : SENT };
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  const sent = result && "sent" in result ? result.sent : null;
  const { form, fields, errors } = useSubmissionForm(result, { id: "forgot" });
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <section className="page narrow auth-page">
      <h1>Forgot your password?</h1>
      {sent ? (
        <p className="notice" role="status">
          {sent}
        </p>
      ) : (
        <p className="muted">
          Enter the email address you use for Little Harvest and we'll send you a link to choose a new password.
        </p>
      )}
      <FormError id={form.errorId} message={errors.form} />
      <Form method="post" {...formProps(form, { nativeValidation: true })}>
        <Honeypot />
        <EmailField meta={fields.email} />
        <p>
          <button type="submit" className="button" disabled={busy}>
            {busy ? "Sending…" : "Email me a reset link"}
          </button>
        </p>
      </Form>
      <p>
        <Link to="/login">Back to log in</Link>
      </p>
    </section>
  );
}
