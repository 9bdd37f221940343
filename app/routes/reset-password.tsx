import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { NewPasswordField } from "~/components/account-forms";
import { FormError, formProps, useSubmissionForm } from "~/components/form";
import { resetLinkProblem, resetPassword } from "~/domain/password-reset.server";
import { resetPasswordSchema } from "~/web/forms/reset-password.server";
import { readSubmission, runSubmission } from "~/web/forms/submission.server";
import { PASSWORD_MIN_LENGTH } from "~/domain/password-rules";
import { clearedSessionCookie } from "~/infra/session.server";
import type { BodyLimit } from "~/infra/http/body-limits";

export const meta: MetaFunction = () => [
  { title: "Choose a new password · Little Harvest" },
  { name: "referrer", content: "same-origin" },
];

/** The URL and the form carry a token: no browser or proxy keeps a copy of the page. */
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("token");
  const problem = await resetLinkProblem(context, token);
  return data({ token: problem ? null : token, problem }, { headers: { "Cache-Control": "no-store" } });
}

/** A few short fields: anything bigger is refused before it is read (request-guard.server.ts). */
export const handle = { bodyLimit: "auth" } satisfies { bodyLimit: BodyLimit };

export async function action({ request, context }: ActionFunctionArgs) {
  const submission = await readSubmission(request, resetPasswordSchema);
  return runSubmission(
    submission,
    async (input) => {
      await resetPassword(context, input);
      // Every session of the account ended, this browser's included.
      return redirect("/login?reset=1", { status: 303, headers: { "Set-Cookie": clearedSessionCookie(context.config) } });
    },
    { hideFields: ["password", "token"] },
  );
}

export default function ResetPassword() {
  const { token, problem } = useLoaderData<typeof loader>();
  const { form, fields, errors } = useSubmissionForm(useActionData<typeof action>(), { id: "reset" });
  const navigation = useNavigation();
  const shownProblem = errors.token ?? problem;
  if (shownProblem || !token) {
    return (
      <section className="page narrow auth-page">
        <h1>That link can't be used</h1>
        <FormError message={shownProblem ?? "This reset link isn't valid. It may have been copied incompletely."} />
        <p>
          <Link className="button" to="/forgot-password">
            Send me a new link
          </Link>
        </p>
      </section>
    );
  }
  return (
    <section className="page narrow auth-page">
      <h1>Choose a new password</h1>
      <p className="muted">Once it's changed you'll be signed out everywhere, and can log in with the new password.</p>
      <FormError id={form.errorId} message={errors.form} />
      <Form method="post" {...formProps(form, { nativeValidation: true })}>
        <input type="hidden" name="token" value={token} />
        <NewPasswordField meta={fields.password} label="New password" hint={`At least ${PASSWORD_MIN_LENGTH} characters.`} />
        <p>
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            Set new password
          </button>
        </p>
      </Form>
    </section>
  );
}
