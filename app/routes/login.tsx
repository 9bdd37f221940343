import { type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  isRouteErrorResponse,
  useActionData,
  useLoaderData,
  useNavigation,
  useRouteError,
  useSearchParams,
} from "@remix-run/react";
import { redirect } from "@remix-run/node";
import { GoogleButton } from "~/components/account-forms";
import { getInputProps } from "@conform-to/react";
import { FormError, Notice, formProps, useSubmissionForm } from "~/components/form";
import { checkAuthLimits, limitKey, refundAuthLimit } from "~/infra/auth-limits.server";
import { LoginError, createPasswordAuthenticator, startUserSession } from "~/web/auth.server";
import { googleEnabled } from "~/web/google-sign-in.server";
import { getUser, safeRedirect } from "~/web/guards.server";
import { readForm } from "~/infra/form.server";
import { loginSchema } from "~/web/forms/login.server";
import { parseSubmission, refuse } from "~/web/forms/submission.server";
import type { BodyLimit } from "~/infra/http/body-limits";
import { signupEmailOf } from "~/web/signup-email-cookie.server";
import { ownValue } from "~/domain/own-value";
import { ErrorPage, RateLimitedPage, useRateLimitRefusal } from "~/components/error-page";

export const meta: MetaFunction = () => [{ title: "Log in · Little Harvest" }];

export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders;

const GOOGLE_ERRORS: Record<string, string> = {
  failed: "Google sign-in didn't complete. Please try again, or log in with your email and password.",
  unverified: "Google didn't confirm your email address, so we couldn't sign you in with Google.",
  disabled: "This account can't sign in. Please contact us.",
  conflict: "This account is linked to a different Google account. Log in with your email and password.",
};

const NOTICES: Record<string, string> = {
  reset: "Your password was changed. Log in with the new one.",
  signup:
    "Thanks! We've sent you an email — check your inbox. If you've just created your account, log in below with your email and new password.",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirect(url.searchParams.get("redirectTo"), "/account");
  if (await getUser(request, context)) throw redirect(redirectTo);
  const googleError = url.searchParams.get("google");
  return {
    google: googleEnabled(context.config),
    redirectTo,
    signupEmail: signupEmailOf(request),
    notice:
      NOTICES[url.searchParams.get("reset") === "1" ? "reset" : url.searchParams.get("signup") === "1" ? "signup" : ""] ?? null,
    googleError: googleError ? (ownValue(GOOGLE_ERRORS, googleError) ?? GOOGLE_ERRORS.failed) : null,
  };
}

/** A few short fields: anything bigger is refused before it is read (request-guard.server.ts). */
export const handle = { bodyLimit: "auth" } satisfies { bodyLimit: BodyLimit };

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = parseSubmission(await readForm(request.clone()), loginSchema);
  const hideFields = ["password"];
  if (submission.status !== "success") return refuse(submission, { hideFields });
  const { email, remember, redirectTo } = submission.value;
  const account = limitKey(email);
  const limit = await checkAuthLimits(context, [
    ["loginIp", context.clientIp],
    ["loginAccount", account],
  ]);
  if (limit.limited) {
    return refuse(submission, {
      hideFields,
      errors: { form: `Too many login attempts. Please wait ${limit.retryAfterSeconds} seconds and try again.` },
      status: 429,
      headers: { "Retry-After": String(limit.retryAfterSeconds) },
    });
  }
  let userId: number;
  try {
    userId = await createPasswordAuthenticator(context).authenticate("password", request);
  } catch (error) {
    if (error instanceof LoginError) return refuse(submission, { hideFields, errors: { form: error.message } });
    throw error;
  }
  // Only failed passwords count toward the account's limit: a parent signing in on several devices is never locked out.
  await refundAuthLimit(context, "loginAccount", account);
  return startUserSession(request, context, userId, {
    persistent: remember === "on",
    redirectTo: safeRedirect(redirectTo, "/account"),
  });
}

export default function Login() {
  const { google, redirectTo, notice, googleError, signupEmail } = useLoaderData<typeof loader>();
  const { form, fields, errors } = useSubmissionForm(useActionData<typeof action>(), {
    id: "login",
    defaultValue: { email: signupEmail ?? undefined },
  });
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const busy = navigation.state === "submitting" && navigation.formAction?.startsWith("/login");
  return (
    <section className="page narrow auth-page">
      <h1>Log in</h1>
      <Notice>{notice}</Notice>
      <FormError id={form.errorId} message={errors.form ?? googleError} />
      <Form method="post" replace {...formProps(form, { nativeValidation: true })}>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <div className="field">
          <label htmlFor={fields.email.id}>Email</label>
          <input {...getInputProps(fields.email, { type: "email" })} autoComplete="username" required />
        </div>
        <div className="field">
          <label htmlFor={fields.password.id}>Password</label>
          <input {...getInputProps(fields.password, { type: "password" })} autoComplete="current-password" required />
        </div>
        <label className="checkbox">
          <input {...getInputProps(fields.remember, { type: "checkbox" })} /> Keep me logged in on this device
        </label>
        <p>
          <button type="submit" className="button" disabled={busy}>
            {busy ? "Logging in…" : "Log in"}
          </button>
        </p>
      </Form>
      <p>
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
      <GoogleButton enabled={google} />
      <p>
        New here?{" "}
        <Link to={params.get("redirectTo") ? `/signup?redirectTo=${encodeURIComponent(redirectTo)}` : "/signup"}>
          Create an account
        </Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const refusal = useRateLimitRefusal();
  if (refusal) return <RateLimitedPage refusal={refusal} />;
  return (
    <ErrorPage title="We couldn't log you in just now">
      <p>{isRouteErrorResponse(error) && typeof error.data === "string" ? error.data : "Please try again in a moment."}</p>
    </ErrorPage>
  );
}
