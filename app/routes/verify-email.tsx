import { data, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { verifyEmail } from "~/domain/accounts.server";

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
  const result = await verifyEmail(context, new URL(request.url).searchParams.get("token"));
  return data(
    result.ok
      ? { ok: true as const, emailChanged: result.emailChanged }
      : { ok: false as const, message: PROBLEMS[result.problem] },
    NO_STORE,
  );
}

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
          <AccountLink />
        </>
      ) : (
        <>
          <h1>We couldn't confirm your email</h1>
          <p className="form-error">{result.message}</p>
          <p>You can ask for a new link from your account page.</p>
          <AccountLink />
        </>
      )}
    </section>
  );
}

function AccountLink() {
  return (
    <p>
      <Link className="button" to="/account">
        Go to my account
      </Link>
    </p>
  );
}
