import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { CurrentPasswordField, Field } from "~/components/account-forms";
import { FormError, Notice, formProps, replyFor, useSubmissionForm } from "~/components/form";
import { getAccount, requestEmailChange, resendVerification, updateProfile } from "~/domain/accounts.server";
import { checkAuthLimits, limitKey } from "~/infra/auth-limits.server";
import { emailChangeSchema, profileSchema } from "~/web/forms/account.server";
import { parseSubmission, runSubmission, unknownIntent } from "~/web/forms/submission.server";
import { requireUser } from "~/web/guards.server";
import { readForm } from "~/infra/form.server";

export const meta: MetaFunction = () => [{ title: "My account · Little Harvest" }, { name: "robots", content: "noindex" }];

const NOTICES: Record<string, string> = {
  welcome: "Welcome to Little Harvest! We've sent you an email to confirm your address.",
  profile: "Your details were saved.",
  email: "We've sent a confirmation link to your new address. Your email changes once you open it.",
  verification: "We've sent you a new confirmation link.",
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const account = await getAccount(context, user.id);
  if (!account) throw redirect("/login");
  return { account };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await readForm(request);
  switch (form.get("intent")) {
    case "profile":
      return runSubmission(parseSubmission(form, profileSchema), async (input) => {
        await updateProfile(context, user.id, input);
        return redirect("/account?done=profile", 303);
      });
    case "email":
      return runSubmission(
        parseSubmission(form, emailChangeSchema),
        async (input) => {
          await requestEmailChange(context, user.id, input);
          return redirect("/account?done=email", 303);
        },
        { hideFields: ["currentPassword"] },
      );
    case "resend-verification":
      if (!(await checkAuthLimits(context, [["mailRecipient", limitKey(user.email)]])).limited)
        if (!(await resendVerification(context, user.id))) return redirect("/account", 303); // the page says why
      return redirect("/account?done=verification", 303);
    default:
      return unknownIntent(form);
  }
}

export default function Account() {
  const { account } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const profile = useFetcher<typeof action>();
  const profileForm = useSubmissionForm(replyFor(profile.data ?? result, "profile"), {
    id: "profile",
    defaultValue: { name: account.name, phone: account.phone ?? "" },
  });
  const emailForm = useSubmissionForm(replyFor(result, "email"), { id: "change-email" });
  const done = params.get("done") ?? (params.get("welcome") ? "welcome" : null);
  // Nothing promises an email that cannot arrive: the suppression notice below says what to do instead.
  const promisesMail = done === "welcome" || done === "verification";
  const notice = done && !(promisesMail && account.emailSuppressed) ? NOTICES[done] : null;
  return (
    <section className="page narrow account-page">
      <h1>My account</h1>
      <Notice>{notice}</Notice>
      {account.emailSuppressed ? (
        <div className="warning email-suppressed" role="note" aria-labelledby="email-suppressed-title">
          <p>
            <strong id="email-suppressed-title">Our emails to {account.email} are not arriving.</strong>{" "}
            {account.emailSuppressed === "complained"
              ? "One of them was marked as spam, so we have stopped emailing this address."
              : "They bounced back, so we have stopped emailing this address."}{" "}
            Order confirmations, delivery updates and password resets cannot reach you.
          </p>
          <p>
            <a href="#f-newEmail">Change your email address below</a>: we'll send a confirmation link to the new one, and emails
            start again once you open it.
          </p>
        </div>
      ) : !account.emailVerified ? (
        <div className="warning verify-nag" role="note">
          <p>
            <strong>Please confirm your email address.</strong> We sent a link to {account.email}. Confirming it means order
            updates and password resets reach you.
          </p>
          <Form method="post">
            <button type="submit" name="intent" value="resend-verification" className="button secondary">
              Send the link again
            </button>
          </Form>
        </div>
      ) : null}

      <nav className="account-links" aria-label="Account">
        <Link to="/account/orders">My orders</Link>
        <Link to="/account/children">My children</Link>
        <Link to="/account/addresses">Delivery addresses</Link>
        <Link to="/account/security">Password and security</Link>
      </nav>

      <h2>Your details</h2>
      <profile.Form
        method="post"
        aria-busy={profile.state !== "idle"}
        {...formProps(profileForm.form, { nativeValidation: true })}
      >
        <input type="hidden" name="intent" value="profile" />
        <FormError id={profileForm.form.errorId} message={profileForm.errors.form} />
        <Field meta={profileForm.fields.name} label="Name" autoComplete="name" required maxLength={100} />
        <Field meta={profileForm.fields.phone} label="Phone (for delivery questions)" type="tel" autoComplete="tel" />
        <p>
          <button type="submit" className="button" disabled={profile.state !== "idle"}>
            {profile.state !== "idle" ? "Saving…" : "Save details"}
          </button>
        </p>
      </profile.Form>

      <h2>Email address</h2>
      <p>
        You log in with <strong>{account.email}</strong>
        {account.emailVerified ? " (confirmed)" : " (not confirmed yet)"}.
      </p>
      <Form method="post" {...formProps(emailForm.form, { nativeValidation: true })}>
        <input type="hidden" name="intent" value="email" />
        <FormError id={emailForm.form.errorId} message={emailForm.errors.form} />
        <Field
          meta={emailForm.fields.newEmail}
          id="f-newEmail"
          label="New email address"
          type="email"
          autoComplete="email"
          required
        />
        {account.hasPassword ? <CurrentPasswordField meta={emailForm.fields.currentPassword} /> : null}
        <p>
          <button type="submit" className="button secondary">
            Change email
          </button>
        </p>
      </Form>

      <h2>Log out</h2>
      <Form method="post" action="/logout">
        <button type="submit" className="button secondary">
          Log out
        </button>
      </Form>
    </section>
  );
}
