import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { CurrentPasswordField, errorsFor, Field } from "~/components/account-forms";
import { FormError, Notice } from "~/components/form";
import {
  currentPasswordField,
  emailField,
  getAccount,
  nameField,
  phoneField,
  requestEmailChange,
  resendVerification,
  updateProfile,
} from "~/domain/accounts.server";
import { checkAuthLimits, limitKey } from "~/infra/auth-limits.server";
import { invalidForm, runIntent } from "~/web/domain-errors.server";
import { requireUser } from "~/web/guards.server";
import { readFormFields } from "~/infra/form.server";

export const meta: MetaFunction = () => [{ title: "My account · Little Harvest" }, { name: "robots", content: "noindex" }];

const profileSchema = z.object({ name: nameField, phone: phoneField });
const emailSchema = z.object({ newEmail: emailField, currentPassword: currentPasswordField });

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
  const form = await readFormFields(request);
  switch (form.intent) {
    case "profile":
      return runIntent("profile", profileSchema, form, async (input) => {
        await updateProfile(context, user.id, input);
        return redirect("/account?done=profile", 303);
      });
    case "email":
      return runIntent("email", emailSchema, form, async (input) => {
        await requestEmailChange(context, user.id, input);
        return redirect("/account?done=email", 303);
      });
    case "resend-verification":
      if (!(await checkAuthLimits(context, [["mailRecipient", limitKey(user.email)]])).limited)
        if (!(await resendVerification(context, user.id))) return redirect("/account", 303); // the page says why
      return redirect("/account?done=verification", 303);
    default:
      return invalidForm({ form: "Unknown action." }, { intent: null });
  }
}

export default function Account() {
  const { account } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const profile = useFetcher<typeof action>();
  const done = params.get("done") ?? (params.get("welcome") ? "welcome" : null);
  // Nothing promises an email that cannot arrive: the suppression notice below says what to do instead.
  const promisesMail = done === "welcome" || done === "verification";
  const notice = done && !(promisesMail && account.emailSuppressed) ? NOTICES[done] : null;
  const profileErrors = errorsFor(profile.data ?? actionData, "profile");
  const emailErrors = errorsFor(actionData, "email");
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
      <profile.Form method="post" aria-busy={profile.state !== "idle"}>
        <input type="hidden" name="intent" value="profile" />
        <Field
          name="name"
          label="Name"
          autoComplete="name"
          required
          maxLength={100}
          defaultValue={account.name}
          error={profileErrors.name}
        />
        <Field
          name="phone"
          label="Phone (for delivery questions)"
          type="tel"
          autoComplete="tel"
          defaultValue={account.phone ?? ""}
          error={profileErrors.phone}
        />
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
      <Form method="post">
        <input type="hidden" name="intent" value="email" />
        <FormError message={emailErrors.form} />
        <Field
          name="newEmail"
          label="New email address"
          type="email"
          autoComplete="email"
          required
          error={emailErrors.newEmail}
        />
        {account.hasPassword ? <CurrentPasswordField error={emailErrors.currentPassword} /> : null}
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
