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
import { FormError } from "~/components/form";
import { resetLinkProblem, resetPassword } from "~/domain/password-reset.server";
import { withDomainErrors } from "~/web/domain-errors.server";
import { PASSWORD_MIN_LENGTH } from "~/domain/password-rules";
import { clearedSessionCookie } from "~/infra/session.server";
import { readForm } from "~/infra/form.server";
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
  const form = await readForm(request);
  const token = String(form.get("token") ?? "");
  const password = String(form.get("password") ?? "");
  return withDomainErrors(async () => {
    await resetPassword(context, { token, password });
    // Every session of the account ended, this browser's included.
    return redirect("/login?reset=1", { status: 303, headers: { "Set-Cookie": clearedSessionCookie(context.config) } });
  });
}

export default function ResetPassword() {
  const { token, problem } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const shownProblem = actionData?.errors.token ?? problem;
  const errors: Record<string, string | undefined> = actionData?.errors ?? {};
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
      <Form method="post">
        <input type="hidden" name="token" value={token} />
        <NewPasswordField label="New password" hint={`At least ${PASSWORD_MIN_LENGTH} characters.`} error={errors.password} />
        <p>
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            Set new password
          </button>
        </p>
      </Form>
    </section>
  );
}
