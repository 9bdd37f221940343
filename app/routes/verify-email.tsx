import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { verifyEmail } from "~/domain/accounts.server";
import { safeRedirect } from "~/web/guards.server";

export const meta: MetaFunction = () => [
  { title: "Confirm your email · Little Harvest" },
  { name: "referrer", content: "same-origin" },
];

const PROBLEMS = {
  invalid: "This confirmation link isn't valid. It may have been copied incompletely.",
  expired: "This confirmation link has expired.",
  used: "This confirmation link has already been used.",
  taken: "Another account now uses that email address, so it can't be added to yours.",
};

/** The URL carries a token: no browser or proxy keeps a copy of the page. */
export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;
const NO_STORE = { headers: { "Cache-Control": "no-store" } };

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Mail scanners and link checkers send HEAD before the parent clicks: it answers without using the token up.
  if (request.method === "HEAD") return data({ ok: null }, NO_STORE);
  const params = new URL(request.url).searchParams;
  const result = await verifyEmail(context, params.get("token"));
  // Where the shopper was going when they signed up (their checkout): through the login, which sends them on.
  const next = safeRedirect(params.get("next"), "");
  const onward = next ? { to: `/login?redirectTo=${encodeURIComponent(next)}`, label: onwardLabel(next) } : ACCOUNT;
  return data(
    result.ok
      ? { ok: true as const, emailChanged: result.emailChanged, onward }
      : { ok: false as const, message: PROBLEMS[result.problem], onward: ACCOUNT },
    NO_STORE,
  );
}

const ACCOUNT = { to: "/account", label: "Go to my account" };
const onwardLabel = (next: string) => (next.startsWith("/checkout") ? "Continue to checkout" : "Continue where you left off");

export default function VerifyEmail() {
  const result = useLoaderData<typeof loader>();
  if (result.ok === null) return null; // a HEAD request: no body is sent
  return (
    <section className="page narrow auth-page">
      {result.ok ? (
        <>
          <h1>Email confirmed</h1>
          <p className="notice" role="status">
            {result.emailChanged
              ? "Your new email address is confirmed and is now the one you log in with."
              : "Thanks — your email address is confirmed."}
          </p>
          <OnwardLink {...result.onward} />
        </>
      ) : (
        <>
          <h1>We couldn't confirm your email</h1>
          <p className="form-error">{result.message}</p>
          <p>You can ask for a new link from your account page.</p>
          <OnwardLink {...result.onward} />
        </>
      )}
    </section>
  );
}

function OnwardLink({ to, label }: { to: string; label: string }) {
  return (
    <p>
      <Link className="button" to={to}>
        {label}
      </Link>
    </p>
  );
}
