import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CurrentPasswordField, Field } from "~/components/account-forms";
import { FormError, Notice, formProps, replyFor, useOutcome, useSubmissionForm } from "~/components/form";
import { deleteAccount } from "~/domain/account-deletion.server";
import { changePassword, getSecurityPage } from "~/domain/accounts.server";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "~/domain/password-rules";
import { accountDeletionSchema, passwordChangeSchema } from "~/web/forms/account-security.server";
import { parseSubmission, runSubmission, unknownIntent } from "~/web/forms/submission.server";
import { requireUser } from "~/web/guards.server";
import { clearedSessionCookie, destroyUserSessions } from "~/infra/session.server";
import { readForm } from "~/infra/form.server";

export const meta: MetaFunction = () => [
  { title: "Password and security · Little Harvest" },
  { name: "robots", content: "noindex" },
];

const NOTICES: Record<string, string> = {
  password: "Your password was changed, and you were signed out on your other devices.",
  others: "You were signed out on every other device.",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const page = await getSecurityPage(context, user.id, user.sessionId);
  if (!page) throw redirect("/login");
  return page;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await readForm(request);
  const hideFields = ["currentPassword", "newPassword"];
  switch (form.get("intent")) {
    case "password":
      return runSubmission(
        parseSubmission(form, passwordChangeSchema),
        async (input) => {
          await changePassword(context, user.id, { ...input, keepSessionId: user.sessionId });
          return redirect("/account/security?done=password", 303);
        },
        { hideFields },
      );
    case "sign-out-others":
      await destroyUserSessions(context.db, user.id, { exceptSessionId: user.sessionId });
      return redirect("/account/security?done=others", 303);
    case "delete":
      return runSubmission(
        parseSubmission(form, accountDeletionSchema),
        async (input) => {
          await deleteAccount(context, user.id, input);
          context.log.info({ userId: user.id }, "account deleted");
          return redirect("/?account=deleted", { status: 303, headers: { "Set-Cookie": clearedSessionCookie(context.config) } });
        },
        { hideFields },
      );
    default:
      return unknownIntent(form);
  }
}

export default function Security() {
  const { hasPassword, otherSessions, isAdmin } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const passwordForm = useSubmissionForm(replyFor(result, "password"), { id: "change-password" });
  const deleteForm = useSubmissionForm(replyFor(result, "delete"), { id: "delete-account" });
  const navigation = useNavigation();
  const notice = NOTICES[useOutcome("done") ?? ""];
  const pending = (intent: string) => navigation.state === "submitting" && navigation.formData?.get("intent") === intent;
  return (
    <section className="page narrow account-page">
      <p>
        <Link to="/account">← My account</Link>
      </p>
      <h1>Password and security</h1>
      <Notice>{notice}</Notice>

      <h2>{hasPassword ? "Change password" : "Set a password"}</h2>
      <Form method="post" {...formProps(passwordForm.form, { nativeValidation: true })}>
        <input type="hidden" name="intent" value="password" />
        <FormError id={passwordForm.form.errorId} message={passwordForm.errors.form} />
        {hasPassword ? <CurrentPasswordField meta={passwordForm.fields.currentPassword} /> : null}
        <Field
          meta={passwordForm.fields.newPassword}
          label="New password"
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          maxLength={PASSWORD_MAX_LENGTH}
        />
        <p>
          <button type="submit" className="button" disabled={pending("password")}>
            {pending("password") ? "Saving…" : "Change password"}
          </button>
        </p>
      </Form>

      <h2>Where you're signed in</h2>
      <p>
        {otherSessions === 0
          ? "You're only signed in on this device."
          : `You're also signed in on ${otherSessions} other ${otherSessions === 1 ? "device or browser" : "devices or browsers"}.`}
      </p>
      <Form method="post">
        <button
          type="submit"
          name="intent"
          value="sign-out-others"
          className="button secondary"
          disabled={pending("sign-out-others")}
        >
          Sign out everywhere else
        </button>
      </Form>

      {!isAdmin ? (
        <>
          <h2>Delete my account</h2>
          <p>
            This erases your name, email, phone number, addresses and children's details for good. Past orders stay in our books
            for tax purposes, with no personal details left on them. This can't be undone.
          </p>
          <Form method="post" className="danger-zone" {...formProps(deleteForm.form, { nativeValidation: true })}>
            <input type="hidden" name="intent" value="delete" />
            <FormError id={deleteForm.form.errorId} message={deleteForm.errors.form} />
            {hasPassword ? <CurrentPasswordField id="delete-password" meta={deleteForm.fields.currentPassword} /> : null}
            <Field meta={deleteForm.fields.confirm} label="Type DELETE to confirm" autoComplete="off" required />
            <p>
              <button type="submit" className="button danger" disabled={pending("delete")}>
                Delete my account
              </button>
            </p>
          </Form>
        </>
      ) : null}
    </section>
  );
}
