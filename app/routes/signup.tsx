import {
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { EmailField, Field, GoogleButton, Honeypot, NewPasswordField } from "~/components/account-forms";
import { ErrorSummary, formProps, useSubmissionForm } from "~/components/form";
import { signUp } from "~/domain/accounts.server";
import { PASSWORD_MIN_LENGTH } from "~/domain/password-rules";
import { checkAuthLimits, limitKey } from "~/infra/auth-limits.server";
import { googleEnabled } from "~/web/google-sign-in.server";
import { signupSchema } from "~/web/forms/signup.server";
import { parseSubmission, refuse, runSubmission } from "~/web/forms/submission.server";
import { getUser, safeRedirect } from "~/web/guards.server";
import { readForm } from "~/infra/form.server";
import { signupEmailCookie } from "~/web/signup-email-cookie.server";
import type { BodyLimit } from "~/infra/http/body-limits";

export const meta: MetaFunction = () => [{ title: "Create an account · Little Harvest" }];

export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const asked = new URL(request.url).searchParams.get("redirectTo");
  const redirectTo = asked ? safeRedirect(asked, "/account") : null;
  if (await getUser(request, context)) throw redirect(redirectTo ?? "/account");
  return { redirectTo, google: googleEnabled(context.config), minLength: PASSWORD_MIN_LENGTH };
}

/** A few short fields: anything bigger is refused before it is read (request-guard.server.ts). */
export const handle = { bodyLimit: "auth" } satisfies { bodyLimit: BodyLimit };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  if (form.get("website")) return checkYourInbox(null); // honeypot: a bot gets the ordinary answer
  const submission = parseSubmission(form, signupSchema);
  const hideFields = ["password"];
  const limit = await checkAuthLimits(context, [["signupIp", context.clientIp]]);
  if (limit.limited) {
    return refuse(submission, {
      hideFields,
      errors: {
        form: `Too many sign-ups from your connection. Please try again in ${Math.ceil(limit.retryAfterSeconds / 60)} minutes.`,
      },
      status: 429,
      headers: { "Retry-After": String(limit.retryAfterSeconds) },
    });
  }
  if (submission.status !== "success") return refuse(submission, { hideFields });
  const mailLimit = await checkAuthLimits(context, [["mailRecipient", limitKey(submission.value.email)]]);
  return runSubmission(
    submission,
    async (input) => {
      const redirectTo = safeRedirect(input.redirectTo, "") || null; // kept in the confirmation link
      await signUp(context, { ...input, redirectTo }, { notifyExisting: !mailLimit.limited });
      return checkYourInbox(input.redirectTo, signupEmailCookie(context.config, input.email));
    },
    { hideFields },
  );
}

/** The one answer to a sign-up, new address or taken: "check your inbox, then log in" (no user enumeration). */
function checkYourInbox(redirectTo: string | null | undefined, emailCookie?: string) {
  const next = safeRedirect(redirectTo, "");
  const headers = emailCookie ? { "Set-Cookie": emailCookie } : undefined;
  return redirect(`/login?signup=1${next ? `&redirectTo=${encodeURIComponent(next)}` : ""}`, { status: 303, headers });
}

export default function Signup() {
  const { redirectTo, google, minLength } = useLoaderData<typeof loader>();
  const { form, fields, errors: all } = useSubmissionForm(useActionData<typeof action>(), { id: "signup" });
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const { form: formError, ...errors } = all;
  return (
    <section className="page narrow auth-page">
      <h1>Create your account</h1>
      <p className="muted">Save addresses, keep track of orders and tell us about your little one's allergies.</p>
      <ErrorSummary id={form.errorId} message={formError} errors={errors} />
      <Form method="post" {...formProps(form, { nativeValidation: true })}>
        {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
        <Honeypot />
        <Field meta={fields.name} label="Your name" autoComplete="name" required maxLength={100} />
        <EmailField meta={fields.email} />
        <NewPasswordField
          meta={fields.password}
          label="Password"
          hint={`At least ${minLength} characters. A few unrelated words make a strong, memorable password.`}
        />
        <p>
          <button type="submit" className="button" disabled={busy}>
            {busy ? "Creating your account…" : "Create account"}
          </button>
        </p>
      </Form>
      <GoogleButton enabled={google} />
      <p>
        Already have an account? <Link to="/login">Log in</Link>
      </p>
    </section>
  );
}
